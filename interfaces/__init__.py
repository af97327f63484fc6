"""Composition root: HTTP, CLI and demo wiring of the application and the projections."""
