"""Styrlogg's domain: aggregates, events and value objects. Imports nothing of ours."""
