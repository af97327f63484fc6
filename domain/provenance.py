"""Provenance (spårbarhet): who asked for a change, in which request, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provenance:
    """Carried into every event: the actor is an opaque principal id, never a name."""

    actor: str
    correlation_id: str | None = None
    reason: str | None = None
