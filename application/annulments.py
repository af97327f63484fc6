"""What an annulment carries: on whose authority, by whom and why (no date: it undoes a
recorded fact for the valid time that fact had)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.provenance import Provenance


@dataclass(frozen=True)
class Annulment:
    decision_id: UUID
    by: Provenance
    """Its `reason` is required."""
    expected_version: int | None = None
