"""Composition: who held which seat in which organ, at any date, as known at any time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from domain.composition import (
    Composition as CompositionAggregate,
)
from domain.composition import (
    PresidiumRole,
    Seat,
    SeatRecord,
    SeatRole,
    SeatState,
)
from domain.timelines import Timeline
from projections.bitemporal import day, day_or_open
from projections.projection import Recorded, StateTable
from projections.sql import Cursor
from projections.versioned import VersionedProjection, VersionedTable

STATE = StateTable("seat_state", "seat_id", "record")
VERSIONS = VersionedTable(
    "seat_versions",
    (
        ("seat_id", "TEXT NOT NULL"),
        ("organ_id", "TEXT NOT NULL"),
        ("person_id", "TEXT NOT NULL"),
        ("role", "TEXT NOT NULL"),
        ("presidium_role", "TEXT"),
        ("representing_id", "TEXT"),
        ("political_party", "TEXT"),
        ("substitute_order", "BIGINT"),
        ("appointed_by_id", "TEXT"),
        ("decision_id", "TEXT NOT NULL"),
        ("started_on", "BIGINT NOT NULL"),
        ("ended_on", "BIGINT NOT NULL"),
    ),
    indexes=tuple(
        (column, f"{column}, recorded_to")
        for column in ("seat_id", "organ_id", "person_id", "representing_id", "appointed_by_id")
    ),
)


class Composition(VersionedProjection):
    name = "composition"
    version = 4
    """2: a seat, its end or a presidium change annulled, its end corrected (issue #16);
    the state keeps the versions such a correction addresses. 3: a presidium change
    corrected (`Composition.PresidiumChangeCorrected`). 4: seats are indexed by the organ
    they represent and the one that appointed them."""
    versioned = (VERSIONS,)

    def tables(self) -> Sequence[str]:
        return [STATE.name, *VERSIONS.tables(self.dialect)]

    def create(self, cursor: Cursor) -> None:
        STATE.create(cursor)
        VERSIONS.create(cursor, self.dialect)

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events (a composition's own bookkeeping among them) change nothing here."""

    @apply.register
    def _appointed(
        self, event: CompositionAggregate.MemberAppointed, cursor: Cursor, position: int
    ) -> None:
        self._save(cursor, event.new_record(), position)

    @apply.register
    def _seat_changed(
        self, event: CompositionAggregate.SeatEvent, cursor: Cursor, position: int
    ) -> None:
        """A presidium role given or taken, a seat ended, its end corrected or annulled, the
        seat annulled (its rows closed, none open): the domain's own evolve."""
        record = self._load(cursor, str(event.seat_id))
        event.evolve(record)
        self._save(cursor, record, position)

    def _save(self, cursor: Cursor, record: SeatRecord, position: int) -> None:
        wanted = [_version(record, state) for state in record.segments()]
        VERSIONS.sync(cursor, self.dialect, str(record.seat.seat_id), wanted, position)
        STATE.save(cursor, str(record.seat.seat_id), dump_seat(record))

    def _load(self, cursor: Cursor, seat_id: str) -> SeatRecord:
        return load_seat(STATE.load(cursor, seat_id))


def _version(record: SeatRecord, state: SeatState) -> tuple[Any, ...]:
    seat = record.seat
    return (
        day(state.valid_from),
        day_or_open(state.valid_to),
        str(seat.seat_id),
        str(seat.organ_id),
        str(seat.person_id),
        seat.role.value,
        state.presidium_role.value if state.presidium_role else None,
        _text(seat.representing_id),
        seat.political_party,
        seat.substitute_order,
        _text(seat.appointed_by_id),
        str(seat.decision_id),
        day(record.started_on),
        day_or_open(record.ended_on),
    )


def _value(role: PresidiumRole | None) -> str | None:
    return role.value if role else None


def _role(value: str | None) -> PresidiumRole | None:
    return PresidiumRole(value) if value else None


def _text(value: UUID | None) -> str | None:
    return str(value) if value else None


def dump_seat(record: SeatRecord) -> str:
    seat = record.seat
    return json.dumps(
        {
            "seat_id": str(seat.seat_id),
            "organ_id": str(seat.organ_id),
            "person_id": str(seat.person_id),
            "role": seat.role.value,
            "representing_id": _text(seat.representing_id),
            "political_party": seat.political_party,
            "substitute_order": seat.substitute_order,
            "appointed_by_id": _text(seat.appointed_by_id),
            "decision_id": str(seat.decision_id),
            "started_on": record.started_on.isoformat(),
            "ended_on": record.ended_on.isoformat() if record.ended_on else None,
            "presidium": [[d.isoformat(), r.value if r else None] for d, r in record.presidium],
            "appointed_presidium": _value(record.appointed_presidium),
            "presidium_changes": [
                [version, on.isoformat(), _value(role)]
                for version, on, role in record.presidium_changes
            ],
            "annulled_changes": sorted(record.annulled_changes),
            "annulled": record.annulled,
            "appointed_version": record.appointed_version,
            "end_version": record.end_version,
        },
        ensure_ascii=False,
    )


def load_seat(text: str) -> SeatRecord:
    data = json.loads(text)

    def uuid_or_none(value: str | None) -> UUID | None:
        return UUID(value) if value else None

    seat = Seat(
        seat_id=UUID(data["seat_id"]),
        organ_id=UUID(data["organ_id"]),
        person_id=UUID(data["person_id"]),
        role=SeatRole(data["role"]),
        representing_id=uuid_or_none(data["representing_id"]),
        political_party=data["political_party"],
        substitute_order=data["substitute_order"],
        appointed_by_id=uuid_or_none(data["appointed_by_id"]),
        decision_id=UUID(data["decision_id"]),
    )
    record = SeatRecord(seat, date.fromisoformat(data["started_on"]), None)
    record.presidium = Timeline(
        (date.fromisoformat(d), PresidiumRole(r) if r else None) for d, r in data["presidium"]
    )
    record.ended_on = date.fromisoformat(data["ended_on"]) if data["ended_on"] else None
    record.appointed_presidium = _role(data["appointed_presidium"])
    record.presidium_changes = [
        (version, date.fromisoformat(on), _role(role))
        for version, on, role in data["presidium_changes"]
    ]
    record.annulled_changes = set(data["annulled_changes"])
    record.annulled = data["annulled"]
    record.appointed_version = data["appointed_version"]
    record.end_version = data["end_version"]
    return record
