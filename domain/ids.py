"""Identifiers derived from natural keys, so that loading the same thing twice changes nothing."""

from __future__ import annotations

from uuid import UUID, uuid5

NAMESPACE = UUID("5d0c3a51-6f1e-4a8b-9a43-2f3c5b7e9d10")


def natural_id(kind: str, *parts: str) -> UUID:
    """A stable id for a thing of `kind` known by `parts` (e.g. a demo organ's key)."""
    return uuid5(NAMESPACE, "/".join((kind, *parts)))
