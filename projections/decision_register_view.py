"""Reads of the DecisionRegister at a position."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from projections.decision_register import COLUMNS
from projections.sql import Cursor, Row

SELECT = f"SELECT {', '.join(COLUMNS)} FROM decisions"
KNOWN = "recorded_from <= ? AND recorded_to > ?"


@dataclass(frozen=True)
class DecisionRow:
    decision_id: UUID
    organ_id: UUID | None
    decided_on: date
    paragraph: str | None
    case_number: str | None
    title: str
    summary: str | None
    decision_type: str
    outcome: str


@dataclass(frozen=True)
class DecisionFilter:
    """Which decisions a list holds: each given criterion must hold (AND)."""

    organ_id: UUID | None = None
    decided_from: date | None = None
    """Inclusive."""
    decided_to: date | None = None
    """Inclusive."""
    case_number: str | None = None
    """Exact, as stored (verbatim)."""
    decision_type: str | None = None
    outcome: str | None = None


class DecisionRegisterView:
    requires = ("decision_register",)

    def get(self, cursor: Cursor, decision_id: UUID, position: int) -> DecisionRow | None:
        cursor.execute(
            f"{SELECT} WHERE decision_id = ? AND {KNOWN}", (str(decision_id), position, position)
        )
        row = cursor.fetchone()
        return _decision(row) if row else None

    def page(
        self,
        cursor: Cursor,
        position: int,
        where: DecisionFilter,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[DecisionRow]:
        """Newest first, by meeting date then id."""
        clauses, params = [KNOWN], list[object]([position, position])
        for clause, value in (
            ("organ_id = ?", where.organ_id and str(where.organ_id)),
            ("decided_on >= ?", where.decided_from and where.decided_from.isoformat()),
            ("decided_on <= ?", where.decided_to and where.decided_to.isoformat()),
            ("case_number = ?", where.case_number),
            ("decision_type = ?", where.decision_type),
            ("outcome = ?", where.outcome),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if after is not None:
            clauses.append("(decided_on < ? OR (decided_on = ? AND decision_id < ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"{SELECT} WHERE {' AND '.join(clauses)}"
            " ORDER BY decided_on DESC, decision_id DESC LIMIT ?",
            [*params, limit],
        )
        return [_decision(row) for row in cursor.fetchall()]


def _decision(row: Row) -> DecisionRow:
    return DecisionRow(
        decision_id=UUID(row[0]),
        organ_id=UUID(row[1]) if row[1] else None,
        decided_on=date.fromisoformat(row[2]),
        paragraph=row[3],
        case_number=row[4],
        title=row[5],
        summary=row[6],
        decision_type=row[7],
        outcome=row[8],
    )
