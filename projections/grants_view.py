"""Reads of the Grants projection at a position."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from projections.grants import COLUMNS
from projections.sql import Cursor, Row

SELECT = f"SELECT {', '.join(COLUMNS)} FROM grants"
KNOWN = "recorded_from <= ? AND recorded_to > ?"
HOLDS = "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"


@dataclass(frozen=True)
class GrantRow:
    grant_id: UUID
    principal: str
    role: str
    organ_ids: list[UUID]
    valid_from: date
    valid_to: date | None
    """As known at the read's position: the revocation's date once it is recorded."""
    decision_id: UUID | None
    granted_by: str
    granted_at: int
    """The position of the save that recorded the grant."""
    reason: str | None
    revocation_decision_id: UUID | None
    revoked_by: str | None
    revoked_at: int | None
    revocation_reason: str | None


@dataclass(frozen=True)
class GrantFilter:
    principal: str | None = None
    role: str | None = None
    holds_on: date | None = None
    """Only the grants that hold on this day; None: every grant, whenever it holds."""


class GrantsView:
    requires = ("grants",)

    def page(
        self,
        cursor: Cursor,
        position: int,
        where: GrantFilter,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[GrantRow]:
        """By principal, then grant id."""
        clauses, params = [KNOWN], list[object]([position, position])
        if where.holds_on is not None:
            clauses.append(HOLDS)
            params.extend([where.holds_on.isoformat()] * 2)
        for clause, value in (("principal = ?", where.principal), ("role = ?", where.role)):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if after is not None:
            clauses.append("(principal > ? OR (principal = ? AND grant_id > ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"{SELECT} WHERE {' AND '.join(clauses)} ORDER BY principal, grant_id LIMIT ?",
            [*params, limit],
        )
        return [_grant(row) for row in cursor.fetchall()]


def _grant(row: Row) -> GrantRow:
    def maybe_uuid(value: object) -> UUID | None:
        return UUID(str(value)) if value else None

    return GrantRow(
        grant_id=UUID(row[0]),
        principal=row[1],
        role=row[2],
        organ_ids=[UUID(o) for o in json.loads(row[3])],
        valid_from=date.fromisoformat(row[4]),
        valid_to=date.fromisoformat(row[5]) if row[5] else None,
        decision_id=maybe_uuid(row[6]),
        granted_by=row[7],
        granted_at=int(row[8]),
        reason=row[9],
        revocation_decision_id=maybe_uuid(row[10]),
        revoked_by=row[11],
        revoked_at=None if row[12] is None else int(row[12]),
        revocation_reason=row[13],
    )
