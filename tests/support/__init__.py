"""Test helpers that stand in for the network."""
