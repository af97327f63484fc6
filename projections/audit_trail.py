"""AuditTrail: every change with its valid and recorded time, actor, decision and reason.

It also keeps the store's recorded time of every position (`recorded_times`, the time of
the save it belongs to, from the database's clock) and of every save end (`save_ends`),
which is where a `known_at` time or position resolves to: a read never sees part of a save.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import simplejson as json

from domain.assignments import Assignment
from domain.composition import Composition
from domain.decisions import ParagraphClaim
from domain.event_data import event_data, event_type
from domain.mandates import Mandate
from domain.mandates import person_ids as mandate_people
from domain.organs import Organ
from domain.plan_items import PlanItem
from domain.tree_guard import TreeGuard
from projections.projection import Projection, Recorded
from projections.sql import Cursor

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Fields kept in their own columns, so not repeated in `data`.
COLUMN_FIELDS = frozenset({"effective_on", "decision_id", "actor", "reason", "correlation_id"})


def micros(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    return datetime.fromtimestamp(value // 1_000_000, UTC).replace(microsecond=value % 1_000_000)


class AuditTrail(Projection):
    name = "audit_trail"
    version = 7
    """2: an event of a retired topic is listed as the event it is read as (0.3.0).
    3: a plan item's events are in its plan's history too.
    4: a correction or annulment names the position of the event it addresses (`annuls`,
    `corrects` in `data`).
    5: an organ's correction or annulment is in the history of every organ its change
    named (a dissolution's successors, a move's parent).
    6: `audit_superseded`: the events annulled or corrected, and from which position
    (what `pending_changes` leaves out of a seat's and a mandate's changes).
    7: a person named by a plan item's owners or a mandate's content (commissioner,
    holder, chair) has the event in their history (a register extract lists them)."""

    def tables(self) -> Sequence[str]:
        return ["audit_events", "audit_subjects", "audit_superseded", "recorded_times", "save_ends"]

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS audit_events (position BIGINT PRIMARY KEY,"
            " aggregate_id TEXT NOT NULL, aggregate_type TEXT NOT NULL, version BIGINT NOT NULL,"
            " event_type TEXT NOT NULL, effective_on TEXT, decision_id TEXT, actor TEXT,"
            " reason TEXT, correlation_id TEXT, recorded_at BIGINT NOT NULL, data TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS audit_events_decision"
            " ON audit_events (decision_id, position)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS audit_events_aggregate"
            " ON audit_events (aggregate_id, version)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS audit_subjects (subject_id TEXT NOT NULL,"
            " position BIGINT NOT NULL, PRIMARY KEY (subject_id, position))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS audit_superseded (aggregate_id TEXT NOT NULL,"
            " version BIGINT NOT NULL, position BIGINT NOT NULL,"
            " PRIMARY KEY (aggregate_id, version))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS recorded_times"
            " (position BIGINT PRIMARY KEY, recorded_at BIGINT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS save_ends"
            " (position BIGINT PRIMARY KEY, recorded_at BIGINT NOT NULL)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS save_ends_at ON save_ends (recorded_at, position)"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        recorded_at = micros(recorded.recorded_at)
        cursor.execute(
            "INSERT INTO recorded_times (position, recorded_at) VALUES (?, ?)",
            (recorded.position, recorded_at),
        )
        if recorded.save_end:
            cursor.execute(
                "INSERT INTO save_ends (position, recorded_at) VALUES (?, ?)",
                (recorded.position, recorded_at),
            )
        event = recorded.event
        if isinstance(event, ParagraphClaim.Event | TreeGuard.Event):
            return  # bookkeeping: the paragraph is on Decision.Recorded, the move on its item
        data = _stated(event, event_data(event)) | _addressed(cursor, event)
        kind = event_type(event)
        cursor.execute(
            "INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                recorded.position,
                str(event.originator_id),
                kind.split(".")[0],
                event.originator_version,
                kind,
                data.get("effective_on"),
                data.get("decision_id"),
                data.get("actor"),
                data.get("reason"),
                data.get("correlation_id"),
                recorded_at,
                json.dumps(  # decimals as exact JSON numbers
                    {k: v for k, v in data.items() if k not in COLUMN_FIELDS},
                    ensure_ascii=False,
                    sort_keys=True,
                    use_decimal=True,
                    # JSON has no infinity or NaN, which only a value recorded before
                    # figures were bounded can be: null, not a projection stopped for good.
                    ignore_nan=True,
                ),
            ),
        )
        subjects = _subjects(event)
        if isinstance(event, PlanItem.Event):
            subjects.append(_plan_of_item(cursor, event))
        if isinstance(event, Organ.ChangeAnnulled | Organ.ChangeCorrected):
            subjects.extend(_subjects_of_change(cursor, event))
        cursor.executemany(
            "INSERT INTO audit_subjects VALUES (?, ?)",
            [(str(subject), recorded.position) for subject in dict.fromkeys(subjects)],
        )
        _supersede(cursor, event, recorded.position)


def _stated(event: object, data: dict[str, Any]) -> dict[str, Any]:
    """The event's data without what it does not state: a correction of an organ's other
    change, or one of version 1, says nothing of an establishment's code and principals
    (so the trail of an older store's corrections rebuilds as it was written)."""
    if isinstance(event, Organ.ChangeCorrected) and event.principal_ids is None:
        return {k: v for k, v in data.items() if k not in ("code", "principal_ids")}
    return data


ADDRESSING = (("annulled_version", "annuls"), ("corrected_version", "corrects"))
"""An event's field naming a version of its own aggregate, and the key of that version's
position in the trail."""


def _addressed(cursor: Cursor, event: object) -> dict[str, int]:
    """The positions of the events a correction or annulment addresses, by their version."""
    found = {}
    for field, key in ADDRESSING:
        version = getattr(event, field, None)
        if isinstance(version, int):
            cursor.execute(
                "SELECT position FROM audit_events WHERE aggregate_id = ? AND version = ?",
                (str(getattr(event, "originator_id")), version),  # noqa: B009
            )
            row = cursor.fetchone()
            assert row is not None, f"{field} {version} names no recorded event"
            found[key] = int(row[0])
    return found


def _supersede(cursor: Cursor, event: object, position: int) -> None:
    """Records the events a correction or an annulment supersedes from `position`: the
    version it names, and for an annulled seat every event of that seat."""
    aggregate_id = str(getattr(event, "originator_id"))  # noqa: B009
    versions = [v for f, _ in ADDRESSING if isinstance(v := getattr(event, f, None), int)]
    if isinstance(event, Composition.SeatAnnulled):
        cursor.execute(
            "SELECT e.version FROM audit_subjects s JOIN audit_events e"
            " ON e.position = s.position WHERE s.subject_id = ? AND e.aggregate_id = ?"
            " AND e.position < ?",
            (str(event.seat_id), aggregate_id, position),
        )
        versions.extend(int(row[0]) for row in cursor.fetchall())
    # A version superseded already (an annulled seat's annulled presidium change) keeps
    # the position it was first superseded from.
    cursor.executemany(
        "INSERT INTO audit_superseded VALUES (?, ?, ?)"
        " ON CONFLICT (aggregate_id, version) DO NOTHING",
        [(aggregate_id, version, position) for version in dict.fromkeys(versions)],
    )


def _plan_of_item(cursor: Cursor, event: PlanItem.Event) -> UUID:
    """The plan the item was added to (only `Added` names it; an item never leaves it)."""
    if isinstance(event, PlanItem.Added):
        return event.plan_id
    cursor.execute(
        "SELECT data FROM audit_events WHERE aggregate_id = ? AND version = 1",
        (str(event.originator_id),),
    )
    row = cursor.fetchone()
    assert row is not None, f"plan item {event.originator_id} has no Added event"
    return UUID(json.loads(row[0])["plan_id"])


def _subjects_of_change(
    cursor: Cursor, event: Organ.ChangeAnnulled | Organ.ChangeCorrected
) -> list[UUID]:
    """The subjects of the change that the correction or annulment acts on."""
    version = (
        event.annulled_version
        if isinstance(event, Organ.ChangeAnnulled)
        else event.corrected_version
    )
    cursor.execute(
        "SELECT s.subject_id FROM audit_events e JOIN audit_subjects s"
        " ON s.position = e.position WHERE e.aggregate_id = ? AND e.version = ?",
        (str(event.originator_id), version),
    )
    return [UUID(row[0]) for row in cursor.fetchall()]


def _subjects(event: object) -> list[UUID]:
    """The things an event is about: its own aggregate, and organs it names as related."""
    subjects = [getattr(event, "originator_id")]  # noqa: B009
    if isinstance(event, Organ.Dissolved):
        subjects.extend(event.successor_ids)
    if isinstance(event, Organ.Moved):
        subjects.append(event.parent_id)
    if isinstance(event, Organ.ChangeCorrected):
        subjects.extend([*(event.successor_ids or ()), *filter(None, [event.parent_id])])
    if isinstance(event, Assignment.Given):
        subjects.extend(a.id for a in event.assignees)
    if isinstance(event, Mandate.Change):
        subjects.append(event.organ_id)
        content = getattr(event, "content", None)
        if isinstance(content, dict):
            subjects.extend(person for _, person in mandate_people(content))
    if isinstance(event, PlanItem.Added | PlanItem.Revised):
        subjects.extend(o.person_id for o in event.owners if o.person_id is not None)
    if isinstance(event, Composition.SeatEvent):
        subjects.extend([event.organ_id, event.person_id, event.seat_id])
    return list(dict.fromkeys(subjects))
