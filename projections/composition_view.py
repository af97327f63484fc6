"""Reads of the Composition projection: an organ's members, a person's seats, who chaired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from projections.bitemporal import day, from_day, stabbing, stabbing_params
from projections.composition import VERSIONS
from projections.ids import uuid_or_none
from projections.projection import OPEN
from projections.sorting import sort_key
from projections.sql import Cursor, Dialect, Row

COLUMNS = ", ".join(
    [
        *(f"v.{c}" for c in VERSIONS.content),
        "v.valid_from",
        "v.valid_to",
        "v.recorded_from",
        "v.recorded_to",
        "p.name",
        "p.title",
    ]
)
PRESIDIUM_ORDER = {"chair": 0, "first_vice_chair": 1, "second_vice_chair": 2}
ROLE_ORDER = {"member": 0, "substitute": 1, "co_opted": 2, "convenor": 3, "secretary": 4}


@dataclass(frozen=True)
class SeatVersion:
    """One seat over one span of valid time, as recorded over one span of positions."""

    seat_id: UUID
    organ_id: UUID
    person_id: UUID
    role: str
    presidium_role: str | None
    representing_id: UUID | None
    political_party: str | None
    substitute_order: int | None
    appointed_by_id: UUID | None
    decision_id: UUID
    started_on: date
    ended_on: date | None
    valid_from: date
    valid_to: date | None
    recorded_from: int
    recorded_to: int | None
    person_name: str | None
    """None once the person's personal data has been erased."""
    person_title: str | None


class CompositionView:
    requires = ("composition",)

    def __init__(self, dialect: Dialect, personal_data: str) -> None:
        """`personal_data` names the personal-data register's table (a register, not a
        projection: it lives beside the projections), whose names the seats show."""
        self.dialect = dialect
        self.personal_data = personal_data

    def members(self, cursor: Cursor, organ_id: UUID, on: date, position: int) -> list[SeatVersion]:
        """The organ's seats held on `on`: presidium first, then by role and name."""
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} v"
            f" LEFT JOIN {self.personal_data} p ON p.person_id = v.person_id"
            " WHERE v.organ_id = ? AND v.recorded_to > ? AND v.recorded_from <= ?"
            " AND v.valid_from <= ? AND v.valid_to > ?",
            (str(organ_id), position, position, day(on), day(on)),
        )
        return sorted((_seat(row) for row in cursor.fetchall()), key=_seat_order)

    def seats_of_person(self, cursor: Cursor, person_id: UUID, position: int) -> list[SeatVersion]:
        """Every span of every seat the person held, as known at `position`, by date."""
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} v"
            f" LEFT JOIN {self.personal_data} p ON p.person_id = v.person_id"
            " WHERE v.person_id = ? AND v.recorded_to > ? AND v.recorded_from <= ?"
            " ORDER BY v.valid_from, v.seat_id",
            (str(person_id), position, position),
        )
        return [_seat(row) for row in cursor.fetchall()]

    def presidium(
        self, cursor: Cursor, on: date, position: int, role: str | None
    ) -> list[SeatVersion]:
        """Seats holding a presidium role (or the given one) on `on`, in every organ."""
        source, where = stabbing(self.dialect, VERSIONS.name)
        params: list[Any] = list(stabbing_params(self.dialect, on, position))
        clause = "v.presidium_role IS NOT NULL"
        if role is not None:
            clause = "v.presidium_role = ?"
            params.append(role)
        cursor.execute(
            f"SELECT {COLUMNS} FROM {source}"
            f" LEFT JOIN {self.personal_data} p ON p.person_id = v.person_id"
            f" WHERE {where} AND {clause}",
            params,
        )
        return sorted((_seat(row) for row in cursor.fetchall()), key=_seat_order)


def _seat_order(seat: SeatVersion) -> tuple[Any, ...]:
    return (
        str(seat.organ_id),
        PRESIDIUM_ORDER.get(seat.presidium_role or "", 9),
        ROLE_ORDER.get(seat.role, 9),
        seat.substitute_order or 0,
        sort_key(seat.person_name or ""),
        str(seat.seat_id),
    )


def _seat(row: Row) -> SeatVersion:
    v = list(row)
    return SeatVersion(
        seat_id=UUID(v[0]),
        organ_id=UUID(v[1]),
        person_id=UUID(v[2]),
        role=v[3],
        presidium_role=v[4],
        representing_id=uuid_or_none(v[5]),
        political_party=v[6],
        substitute_order=v[7],
        appointed_by_id=uuid_or_none(v[8]),
        decision_id=UUID(v[9]),
        started_on=from_day(v[10]),
        ended_on=None if v[11] == OPEN else from_day(v[11]),
        valid_from=from_day(v[12]),
        valid_to=None if v[13] == OPEN else from_day(v[13]),
        recorded_from=v[14],
        recorded_to=None if v[15] == OPEN else v[15],
        person_name=v[16],
        person_title=v[17],
    )
