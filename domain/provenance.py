"""Provenance (spårbarhet): who asked for a change, in which request, and why."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidCommand


@dataclass(frozen=True)
class Provenance:
    """Carried into every event: the actor is an opaque principal id, never a name."""

    actor: str
    correlation_id: str | None = None
    reason: str | None = None


def require_reason(by: Provenance, what: str) -> None:
    """A correction or an annulment says why: `what` ("an annulment") needs a reason that
    is not blank, else 422 naming `reason`."""
    if not (by.reason or "").strip():
        raise InvalidCommand(f"{what} needs a reason", field="reason")
