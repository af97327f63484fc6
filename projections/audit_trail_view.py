"""Reads of the AuditTrail: an organ's history, a decision's effects, changes between times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import simplejson as json

from projections.audit_trail import from_micros
from projections.sql import Cursor, Row

COLUMNS = (
    "e.position, e.aggregate_id, e.aggregate_type, e.version, e.event_type, e.effective_on,"
    " e.decision_id, e.actor, e.reason, e.correlation_id, e.recorded_at, e.data"
)


@dataclass(frozen=True)
class AuditEntry:
    position: int
    aggregate_id: UUID
    aggregate_type: str
    version: int
    event_type: str
    effective_on: date | None
    decision_id: UUID | None
    actor: str | None
    reason: str | None
    correlation_id: str | None
    recorded_at: datetime
    data: dict[str, Any]
    annuls: int | None = None
    """The position of the event this one annuls, if it is an annulment."""
    corrects: int | None = None
    """The position of the event this one corrects, if it is a correction."""


ORGAN_CHANGES = ", ".join(
    f"'Organ.{name}'"
    for name in ("Renamed", "Reclassified", "Moved", "Dissolved", "ChangeCorrected")
)
"""Organ events that are pending only while they make a difference (needs OrganTree)."""

ANNULMENTS = ", ".join(
    f"'{name}'"
    for name in (
        "Organ.ChangeAnnulled",
        "Composition.SeatAnnulled",
        "Composition.SeatEndAnnulled",
        "Composition.PresidiumChangeAnnulled",
        "Mandate.VersionAnnulled",
        "Mandate.WithdrawalAnnulled",
    )
)
"""Events that take a change back: never pending themselves."""


class AuditTrailView:
    requires = ("audit_trail",)

    def kind_of(self, cursor: Cursor, aggregate_id: UUID, position: int) -> str | None:
        """What the id names ('Person', 'Organ' …) as known at `position`, if anything."""
        cursor.execute(
            "SELECT aggregate_type FROM audit_events WHERE aggregate_id = ? AND version = 1"
            " AND position <= ?",
            (str(aggregate_id), position),
        )
        row = cursor.fetchone()
        return str(row[0]) if row else None

    def version(self, cursor: Cursor, aggregate_id: UUID, position: int) -> int | None:
        """The thing's version as known at `position` (what its ETag says), if it was known."""
        # Versions rise with positions: the index read backwards stops at the first row known.
        cursor.execute(
            "SELECT version FROM audit_events WHERE aggregate_id = ? AND position <= ?"
            " ORDER BY version DESC LIMIT 1",
            (str(aggregate_id), position),
        )
        row = cursor.fetchone()
        return int(row[0]) if row else None

    def history(
        self, cursor: Cursor, subject_id: UUID, position: int, after: int, limit: int
    ) -> list[AuditEntry]:
        cursor.execute(
            f"SELECT {COLUMNS} FROM audit_subjects s JOIN audit_events e"
            " ON e.position = s.position WHERE s.subject_id = ? AND s.position > ?"
            " AND s.position <= ? ORDER BY s.position LIMIT ?",
            (str(subject_id), after, position, limit),
        )
        return [_entry(row) for row in cursor.fetchall()]

    def effects(
        self, cursor: Cursor, decision_id: UUID, position: int, after: int, limit: int
    ) -> list[AuditEntry]:
        cursor.execute(
            f"SELECT {COLUMNS} FROM audit_events e WHERE e.decision_id = ?"
            " AND e.position > ? AND e.position <= ? ORDER BY e.position LIMIT ?",
            (str(decision_id), after, position, limit),
        )
        return [_entry(row) for row in cursor.fetchall()]

    def changes(self, cursor: Cursor, after: int, until: int, limit: int) -> list[AuditEntry]:
        cursor.execute(
            f"SELECT {COLUMNS} FROM audit_events e WHERE e.position > ? AND e.position <= ?"
            " ORDER BY e.position LIMIT ?",
            (after, until, limit),
        )
        return [_entry(row) for row in cursor.fetchall()]

    def pending(
        self, cursor: Cursor, subject_id: UUID, on: date, position: int
    ) -> list[AuditEntry]:
        """Changes decided on or before `on` that take effect after it (needs DecisionRegister
        and OrganTree): an organ's change only while it stands, neither superseded nor
        annulled nor undone on its own date; a seat's or mandate's change neither annulled
        nor corrected (the correction is listed) as known at `position`; no annulment."""
        cursor.execute(
            f"SELECT {COLUMNS} FROM audit_subjects s JOIN audit_events e"
            " ON e.position = s.position JOIN decisions d ON d.decision_id = e.decision_id"
            " AND d.recorded_from <= ? AND d.recorded_to > ?"
            " WHERE s.subject_id = ? AND s.position <= ? AND e.effective_on > ?"
            f" AND d.decided_on <= ? AND e.event_type NOT IN ({ANNULMENTS})"
            f" AND (e.event_type NOT IN ({ORGAN_CHANGES}) OR EXISTS (SELECT 1"
            " FROM organ_changes_in_force c WHERE c.organ_id = e.aggregate_id"
            " AND c.version = e.version AND c.recorded_from <= ? AND c.recorded_to > ?))"
            " AND NOT EXISTS (SELECT 1 FROM audit_superseded x"
            " WHERE x.aggregate_id = e.aggregate_id AND x.version = e.version"
            " AND x.position <= ?)"
            " ORDER BY e.effective_on, e.position",
            (
                *(position, position, str(subject_id), position, on.isoformat(), on.isoformat()),
                *(position, position, position),
            ),
        )
        return [_entry(row) for row in cursor.fetchall()]


def _entry(row: Row) -> AuditEntry:
    data = json.loads(row[11], use_decimal=True)
    return AuditEntry(
        position=int(row[0]),
        aggregate_id=UUID(row[1]),
        aggregate_type=row[2],
        version=int(row[3]),
        event_type=row[4],
        effective_on=date.fromisoformat(row[5]) if row[5] else None,
        decision_id=UUID(row[6]) if row[6] else None,
        actor=row[7],
        reason=row[8],
        correlation_id=row[9],
        recorded_at=from_micros(int(row[10])),
        data=data,
        annuls=data.pop("annuls", None),
        corrects=data.pop("corrects", None),
    )
