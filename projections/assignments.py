"""Assignments: which tasks were open, reported, closed or overdue on any date, as known
at any time; who holds them and which decision gave them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from domain.assignments import (
    Assignment,
    AssignmentRecord,
    AssignmentStatus,
    Report,
    assignee_of_text,
)
from domain.event_data import plain
from domain.periods import Period
from projections.bitemporal import day, day_or_open
from projections.projection import Recorded, StateTable
from projections.sql import Cursor
from projections.versioned import VersionedProjection, VersionedTable

STATE = StateTable("assignment_state", "assignment_id", "record")
VERSIONS = VersionedTable(
    "assignment_versions",
    (
        ("assignment_id", "TEXT NOT NULL"),
        ("decision_id", "TEXT NOT NULL"),
        ("title", "TEXT NOT NULL"),
        ("status", "TEXT NOT NULL"),
        ("starts_on", "BIGINT NOT NULL"),
        ("due_on", "BIGINT NOT NULL"),
        ("due_period", "TEXT"),
        ("reported_late", "BIGINT NOT NULL"),
        ("assignees", "TEXT NOT NULL"),
    ),
    indexes=tuple(
        (column, f"{column}, recorded_to") for column in ("assignment_id", "decision_id")
    ),
)


class Assignments(VersionedProjection):
    name = "assignments"
    versioned = (VERSIONS,)

    def tables(self) -> Sequence[str]:
        return [
            STATE.name,
            "assignment_assignees",
            "assignment_reports",
            *VERSIONS.tables(self.dialect),
        ]

    def create(self, cursor: Cursor) -> None:
        STATE.create(cursor)
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS assignment_assignees (assignee_id TEXT NOT NULL,"
            " assignment_id TEXT NOT NULL, PRIMARY KEY (assignee_id, assignment_id))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS assignment_reports (assignment_id TEXT NOT NULL,"
            " position BIGINT NOT NULL, reported_on BIGINT NOT NULL, text TEXT NOT NULL,"
            " decision_id TEXT, PRIMARY KEY (assignment_id, position))"
        )
        VERSIONS.create(cursor, self.dialect)

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other aggregates' events change nothing here."""

    @apply.register
    def _given(self, event: Assignment.Given, cursor: Cursor, position: int) -> None:
        record = event.new_record()
        cursor.executemany(
            "INSERT INTO assignment_assignees VALUES (?, ?)",
            [(str(a.id), str(record.assignment_id)) for a in record.assignees],
        )
        self._save(cursor, record, position)

    @apply.register
    def _changed(self, event: Assignment.Event, cursor: Cursor, position: int) -> None:
        """Closed, reopened, its deadline moved …: the domain's own evolve."""
        record = self._load(cursor, str(event.originator_id))
        event.evolve(record)
        self._save(cursor, record, position)

    @apply.register
    def _reported_back(self, event: Assignment.ReportedBack, cursor: Cursor, position: int) -> None:
        record = self._load(cursor, str(event.originator_id))
        event.evolve(record)
        cursor.execute(
            "INSERT INTO assignment_reports VALUES (?, ?, ?, ?, ?)",
            (
                str(record.assignment_id),
                position,
                day(event.effective_on),
                event.text,
                str(event.decision_id) if event.decision_id else None,
            ),
        )
        self._save(cursor, record, position)

    def _save(self, cursor: Cursor, record: AssignmentRecord, position: int) -> None:
        wanted = [
            (day(s.valid_from), day_or_open(s.valid_to), *_content(record, s.status))
            for s in record.spans()
        ]
        assignment_id = str(record.assignment_id)
        VERSIONS.sync(cursor, self.dialect, assignment_id, wanted, position)
        STATE.save(cursor, assignment_id, dump_record(record))

    def _load(self, cursor: Cursor, assignment_id: str) -> AssignmentRecord:
        return load_record(STATE.load(cursor, assignment_id))


def _content(record: AssignmentRecord, status: AssignmentStatus) -> tuple[Any, ...]:
    return (
        str(record.assignment_id),
        str(record.decision_id),
        record.title,
        status.value,
        day(record.starts_on),
        day_or_open(record.due_on),
        _period_text(record.due_period),
        int(record.reported_late()),
        json.dumps(plain(record.assignees)),
    )


def _period_text(period: Period | None) -> str | None:
    return str(period) if period is not None else None


def dump_record(record: AssignmentRecord) -> str:
    return json.dumps(
        {
            "assignment_id": str(record.assignment_id),
            "decision_id": str(record.decision_id),
            "title": record.title,
            "assignees": plain(record.assignees),
            "starts_on": record.starts_on.isoformat(),
            "due_on": record.due_on.isoformat() if record.due_on else None,
            "due_period": _period_text(record.due_period),
            "reports": [
                [r.reported_on.isoformat(), r.text, str(r.decision_id) if r.decision_id else None]
                for r in record.reports
            ],
            "ended": [record.ended[0].isoformat(), record.ended[1].value] if record.ended else None,
        },
        ensure_ascii=False,
    )


def load_record(text: str) -> AssignmentRecord:
    data = json.loads(text)
    record = AssignmentRecord(
        assignment_id=UUID(data["assignment_id"]),
        decision_id=UUID(data["decision_id"]),
        title=data["title"],
        assignees=tuple(assignee_of_text(a) for a in data["assignees"]),
        starts_on=date.fromisoformat(data["starts_on"]),
        due_on=date.fromisoformat(data["due_on"]) if data["due_on"] else None,
        due_period=Period.parse(data["due_period"]) if data["due_period"] else None,
    )
    record.reports = [
        Report(date.fromisoformat(d), text, UUID(decision) if decision else None)
        for d, text, decision in data["reports"]
    ]
    if data["ended"]:
        record.ended = (date.fromisoformat(data["ended"][0]), AssignmentStatus(data["ended"][1]))
    return record
