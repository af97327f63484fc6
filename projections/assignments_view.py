"""Reads of the Assignments projection: lists with filters, one assignment with reports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from projections.assignments import VERSIONS
from projections.bitemporal import day, from_day, stabbing, stabbing_params
from projections.projection import OPEN
from projections.sql import Cursor, Dialect, Row

COLUMNS = ", ".join(f"v.{c}" for c in (*VERSIONS.content, "valid_from", "valid_to"))


@dataclass(frozen=True)
class AssignmentReport:
    reported_on: date
    text: str
    decision_id: UUID | None
    position: int


@dataclass(frozen=True)
class AssignmentState:
    """One assignment as it stood on a date, as known at a position."""

    assignment_id: UUID
    decision_id: UUID
    title: str
    status: str
    starts_on: date
    due_on: date | None
    due_period: str | None
    reported_late: bool
    assignees: list[dict[str, str]]
    status_from: date
    status_to: date | None
    overdue: bool
    reports: list[AssignmentReport] = field(default_factory=list)


@dataclass(frozen=True)
class AssignmentFilter:
    status: str | None = None
    overdue: bool | None = None
    decision_id: UUID | None = None
    assignee_id: UUID | None = None
    given_by_organ_id: UUID | None = None
    """The organ of the decision that gave it (the DecisionRegister's, at the same position)."""


class AssignmentsView:
    requires = ("assignments",)

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def page(
        self,
        cursor: Cursor,
        on: date,
        position: int,
        where: AssignmentFilter,
        after: tuple[int, str] | None,
        limit: int,
    ) -> list[AssignmentState]:
        """Assignments holding on `on` (given on or before it), by due day, then id."""
        source, stab = stabbing(self.dialect, VERSIONS.name)
        clauses, params = [stab], list[Any](stabbing_params(self.dialect, on, position))
        if where.status is not None:
            clauses.append("v.status = ?")
            params.append(where.status)
        if where.overdue is True:
            clauses.append("v.status = 'open' AND v.due_on < ?")
            params.append(day(on))
        elif where.overdue is False:
            clauses.append("NOT (v.status = 'open' AND v.due_on < ?)")
            params.append(day(on))
        if where.decision_id is not None:
            clauses.append("v.decision_id = ?")
            params.append(str(where.decision_id))
        if where.assignee_id is not None:
            clauses.append(
                "v.assignment_id IN (SELECT assignment_id FROM assignment_assignees"
                " WHERE assignee_id = ?)"
            )
            params.append(str(where.assignee_id))
        if where.given_by_organ_id is not None:
            clauses.append(
                "v.decision_id IN (SELECT decision_id FROM decisions WHERE organ_id = ?"
                " AND recorded_from <= ? AND recorded_to > ?)"
            )
            params.extend([str(where.given_by_organ_id), position, position])
        if after is not None:
            clauses.append("(v.due_on > ? OR (v.due_on = ? AND v.assignment_id > ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"SELECT {COLUMNS} FROM {source} WHERE {' AND '.join(clauses)}"
            " ORDER BY v.due_on, v.assignment_id LIMIT ?",
            [*params, limit],
        )
        return [_state(row, on) for row in cursor.fetchall()]

    def get(
        self, cursor: Cursor, assignment_id: UUID, on: date, position: int
    ) -> AssignmentState | None:
        """The assignment on `on` (or, before it holds, as given), with its reports."""
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} v WHERE v.assignment_id = ?"
            " AND v.recorded_to > ? AND v.recorded_from <= ? ORDER BY v.valid_from",
            (str(assignment_id), position, position),
        )
        spans = cursor.fetchall()
        if not spans:
            return None
        holding = [r for r in spans if r[-2] <= day(on) < r[-1]]
        state = _state(holding[0] if holding else spans[0], on)
        cursor.execute(
            "SELECT reported_on, text, decision_id, position FROM assignment_reports"
            " WHERE assignment_id = ? AND position <= ? ORDER BY reported_on, position",
            (str(assignment_id), position),
        )
        reports = [
            AssignmentReport(from_day(d), t, UUID(i) if i else None, int(p))
            for d, t, i, p in cursor.fetchall()
        ]
        return AssignmentState(**{**state.__dict__, "reports": reports})

    def exists(self, cursor: Cursor, assignment_id: UUID, position: int) -> bool:
        cursor.execute(
            f"SELECT 1 FROM {VERSIONS.name} WHERE assignment_id = ? AND recorded_from <= ? LIMIT 1",
            (str(assignment_id), position),
        )
        return cursor.fetchone() is not None


def _state(row: Row, on: date) -> AssignmentState:
    v = list(row)
    due_on = None if v[5] == OPEN else from_day(v[5])
    return AssignmentState(
        assignment_id=UUID(v[0]),
        decision_id=UUID(v[1]),
        title=v[2],
        status=v[3],
        starts_on=from_day(v[4]),
        due_on=due_on,
        due_period=v[6],
        reported_late=bool(v[7]),
        assignees=json.loads(v[8]),
        status_from=from_day(v[9]),
        status_to=None if v[10] == OPEN else from_day(v[10]),
        overdue=v[3] == "open" and due_on is not None and due_on < on,
    )
