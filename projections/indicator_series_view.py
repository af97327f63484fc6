"""Reads of the IndicatorSeries projection: an indicator, and its series per period as
known at a position, with corrections flagged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.indicators import Series
from projections.bitemporal import day
from projections.ids import uuid_of, uuid_or_none
from projections.period_rows import recorded_at_of
from projections.projection import OPEN
from projections.sql import Cursor, Row

INDICATOR_COLUMNS = (
    "indicator_id, plan_id, plan_item_id, subject_organ_id, name, unit, direction,"
    " periodicity, accumulation"
)
VALUE_COLUMNS = (
    "series, period, value, status, basis, comment, corrected, late, decision_id, actor,"
    " reason, recorded_from, recorded_to, reported_in"
)
QUALIFIED_VALUE_COLUMNS = (
    ", ".join("v." + c.strip() for c in VALUE_COLUMNS.split(",")) + ", t.recorded_at"
)
WHEN = " LEFT JOIN recorded_times t ON t.position = v.recorded_from"
STOOD = " v.recorded_from <= ? AND v.recorded_to > ?"
"""The value as it stood at a position."""
SINCE = (
    " v.recorded_from <= ? AND v.recorded_to > ? AND (v.recorded_from > ? OR v.recorded_to <= ?)"
)
"""Parameters (to, since, since, to): recorded after `since` up to `to`, or standing at
`since` and superseded by `to`: a key's facts since, beside the one they superseded."""
BY_PERIOD = "v.period_start, v.period, v.series, v.reported_in"
BY_POSITION = "v.recorded_from, v.period_start, v.period, v.series, v.reported_in"
FORECAST = Series.FORECAST.value


@dataclass(frozen=True)
class IndicatorRow:
    indicator_id: UUID
    plan_id: UUID
    plan_item_id: UUID
    subject_organ_id: UUID | None
    name: str
    unit: str
    direction: str
    periodicity: str
    accumulation: str


@dataclass(frozen=True)
class ValueRow:
    series: Series
    period: str
    value: Decimal | None
    status: str | None
    basis: str | None
    comment: str | None
    corrected: bool
    late: bool
    decision_id: UUID | None
    actor: str | None
    reason: str | None
    recorded_from: int
    recorded_to: int | None
    reported_in: str | None = None
    """Forecasts: the period the forecast was made in."""
    recorded_at: datetime | None = None
    """When it was recorded (the store's clock at `recorded_from`)."""


@dataclass(frozen=True)
class IndicatorFilter:
    """Which indicators a list holds: each given criterion must hold (AND)."""

    plan_id: UUID | None = None
    plan_item_id: UUID | None = None
    subject_organ_id: UUID | None = None


@dataclass(frozen=True)
class ListedIndicator(IndicatorRow):
    sort_key: str


class IndicatorSeriesView:
    requires = ("indicator_series",)

    def page(
        self,
        cursor: Cursor,
        position: int,
        where: IndicatorFilter,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[ListedIndicator]:
        """Indicators known at `position`, by name then id."""
        clauses, params = ["recorded_from <= ?"], list[object]([position])
        for column, value in (
            ("plan_id", where.plan_id),
            ("plan_item_id", where.plan_item_id),
            ("subject_organ_id", where.subject_organ_id),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(str(value))
        if after is not None:
            clauses.append("(sort_key > ? OR (sort_key = ? AND indicator_id > ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"SELECT {INDICATOR_COLUMNS}, sort_key FROM indicators"
            f" WHERE {' AND '.join(clauses)} ORDER BY sort_key, indicator_id LIMIT ?",
            [*params, limit],
        )
        return [
            ListedIndicator(**vars(_indicator(r[:-1])), sort_key=r[-1]) for r in cursor.fetchall()
        ]

    def indicator(self, cursor: Cursor, indicator_id: UUID, position: int) -> IndicatorRow | None:
        cursor.execute(
            f"SELECT {INDICATOR_COLUMNS} FROM indicators WHERE indicator_id = ?"
            " AND recorded_from <= ?",
            (str(indicator_id), position),
        )
        r = cursor.fetchone()
        return None if r is None else _indicator(r)

    def indicators_of(
        self, cursor: Cursor, plan_id: UUID, position: int
    ) -> dict[UUID, IndicatorRow]:
        """Every indicator of the plan known at `position`, in one query."""
        cursor.execute(
            f"SELECT {INDICATOR_COLUMNS} FROM indicators WHERE plan_id = ? AND recorded_from <= ?",
            (str(plan_id), position),
        )
        return {uuid_of(r[0]): _indicator(r) for r in cursor.fetchall()}

    def ids_by_item(self, cursor: Cursor, plan_id: UUID, position: int) -> dict[UUID, list[UUID]]:
        """The ids of the indicators of each of the plan's items, by name."""
        cursor.execute(
            "SELECT indicator_id, plan_item_id FROM indicators WHERE plan_id = ?"
            " AND recorded_from <= ? ORDER BY name",
            (str(plan_id), position),
        )
        found: dict[UUID, list[UUID]] = {}
        for indicator_id, item_id in cursor.fetchall():
            found.setdefault(uuid_of(item_id), []).append(uuid_of(indicator_id))
        return found

    def values_within(
        self, cursor: Cursor, plan_id: UUID, first: date, last: date, position: int
    ) -> dict[UUID, list[ValueRow]]:
        """The values of all the plan's indicators for periods starting in [first, last],
        as they stood at `position`, in one query (an index on each indicator's periods)."""
        return self._of_plan(
            cursor, plan_id, position,
            "v.period_start >= ? AND v.period_start <= ? AND" + STOOD,
            (day(first), day(last), position, position), BY_PERIOD,
        )  # fmt: skip

    def forecasts_made_in(
        self, cursor: Cursor, plan_id: UUID, made_in: Sequence[str], position: int
    ) -> dict[UUID, list[ValueRow]]:
        """The forecasts of all the plan's indicators made in one of the periods `made_in`
        (whichever period they forecast), as they stood at `position`."""
        return self._of_plan(
            cursor, plan_id, position, _made_in(made_in) + " AND" + STOOD,
            (*made_in, position, position), BY_PERIOD,
        )  # fmt: skip

    def values_since(
        self,
        cursor: Cursor,
        plan_id: UUID,
        first: date,
        last: date,
        made_in: Sequence[str],
        since: int,
        position: int,
    ) -> dict[UUID, list[ValueRow]]:
        """Every value of the plan's indicators recorded after `since` up to `position`,
        superseded ones too, for periods starting in [first, last] (forecasts: made in one
        of `made_in`), each key's value as it stood at `since` before them; by position."""
        facts = self._of_plan(
            cursor, plan_id, position,
            f"v.series <> '{FORECAST}' AND v.period_start >= ? AND v.period_start <= ? AND"
            + SINCE, (day(first), day(last), position, since, since, position), BY_POSITION,
        )  # fmt: skip
        forecasts = self._of_plan(
            cursor, plan_id, position, _made_in(made_in) + " AND" + SINCE,
            (*made_in, position, since, since, position), BY_POSITION,
        )  # fmt: skip
        for indicator_id, rows in forecasts.items():
            facts.setdefault(indicator_id, []).extend(rows)
        return facts

    def _of_plan(
        self,
        cursor: Cursor,
        plan_id: UUID,
        position: int,
        which: str,
        params: tuple[Any, ...],
        order: str,
    ) -> dict[UUID, list[ValueRow]]:
        """The values (`which` of them) of the plan's indicators known at `position`."""
        cursor.execute(
            f"SELECT v.indicator_id, {QUALIFIED_VALUE_COLUMNS}"
            f" FROM indicators i JOIN indicator_values v ON v.indicator_id = i.indicator_id{WHEN}"
            f" WHERE i.plan_id = ? AND i.recorded_from <= ? AND {which} ORDER BY {order}",
            (str(plan_id), position, *params),
        )
        found: dict[UUID, list[ValueRow]] = {}
        for row in cursor.fetchall():
            found.setdefault(uuid_of(row[0]), []).append(_value(row[1:], position))
        return found

    def series(self, cursor: Cursor, indicator_id: UUID, position: int) -> list[ValueRow]:
        """Every series' value per period as it stood at `position`, by period."""
        cursor.execute(
            f"SELECT {QUALIFIED_VALUE_COLUMNS} FROM indicator_values v{WHEN}"
            " WHERE v.indicator_id = ? AND v.recorded_to > ? AND v.recorded_from <= ?"
            " ORDER BY v.period_start, v.period, v.series, v.reported_in",
            (str(indicator_id), position, position),
        )
        return [_value(r, position) for r in cursor.fetchall()]

    def history(
        self, cursor: Cursor, indicator_id: UUID, period: str, position: int
    ) -> list[ValueRow]:
        """Every value recorded for the period up to `position`, superseded ones included."""
        cursor.execute(
            f"SELECT {QUALIFIED_VALUE_COLUMNS} FROM indicator_values v{WHEN}"
            " WHERE v.indicator_id = ? AND v.period = ? AND v.recorded_from <= ?"
            " ORDER BY v.recorded_from",
            (str(indicator_id), period, position),
        )
        return [_value(r, position) for r in cursor.fetchall()]


def _made_in(periods: Sequence[str]) -> str:
    """Forecasts made in one of `periods` (never empty: a period lies inside itself)."""
    return f"v.series = '{FORECAST}' AND v.reported_in IN ({', '.join('?' * len(periods))})"


def _indicator(r: Row) -> IndicatorRow:
    return IndicatorRow(uuid_of(r[0]), uuid_of(r[1]), uuid_of(r[2]), uuid_or_none(r[3]), *r[4:])


def _value(r: Row, position: int) -> ValueRow:
    """A value as known at `position`: a supersession recorded later is not shown."""
    v: list[Any] = list(r)
    recorded_to = None if v[12] == OPEN or v[12] > position else v[12]
    return ValueRow(
        series=Series(v[0]),
        period=v[1],
        value=None if v[2] is None else Decimal(v[2]),
        status=v[3],
        basis=v[4],
        comment=v[5],
        corrected=bool(v[6]),
        late=bool(v[7]),
        decision_id=uuid_or_none(v[8]),
        actor=v[9],
        reason=v[10],
        recorded_from=int(v[11]),
        recorded_to=recorded_to,
        reported_in=v[13] or None,
        recorded_at=recorded_at_of(v[14]),
    )
