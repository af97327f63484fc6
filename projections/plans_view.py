"""Reads of the Plans projection: a plan and its item tree at (valid_at, position); an
indicator's series per period as known at a position, with corrections flagged."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.indicators import Series
from domain.periods import Period
from domain.plans import Mark
from projections.audit_trail import from_micros
from projections.bitemporal import day, from_day
from projections.ids import uuid_of, uuid_or_none
from projections.plans import ITEM_VERSIONS, PLAN_VERSIONS
from projections.projection import OPEN
from projections.sorting import sort_key
from projections.sql import Cursor, Row


@dataclass(frozen=True)
class PlanRow:
    plan_id: UUID
    name: str
    kind: str
    owner_organ_id: UUID
    valid_from: date
    valid_to: date | None
    closed_on: date | None


@dataclass
class ItemNode:
    item_id: UUID
    kind: str
    title: str
    parent_id: UUID | None
    target_year: int | None
    owners: list[dict[str, str]]
    valid_from: date
    valid_to: date | None
    children: list[ItemNode] = field(default_factory=list)
    indicator_ids: list[UUID] = field(default_factory=list)


@dataclass(frozen=True)
class PeriodMark:
    period: Period
    mark: Mark
    position: int
    actor: str | None


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


class PlansView:
    requires = ("plans",)

    def plan(self, cursor: Cursor, plan_id: UUID, on: date, position: int) -> PlanRow | None:
        """The plan as it read on `on` (its first reading, before it was adopted)."""
        cursor.execute(
            "SELECT plan_id, name, kind, owner_organ_id, span_from, span_to, closed, valid_from,"
            f" valid_to FROM {PLAN_VERSIONS} WHERE plan_id = ? AND recorded_to > ?"
            " AND recorded_from <= ? ORDER BY valid_from",
            (str(plan_id), position, position),
        )
        rows = cursor.fetchall()
        if not rows:
            return None
        holding = [r for r in rows if r[7] <= day(on) < r[8]]
        r = holding[0] if holding else rows[0]
        return PlanRow(
            plan_id=uuid_of(r[0]),
            name=r[1],
            kind=r[2],
            owner_organ_id=uuid_of(r[3]),
            valid_from=from_day(r[4]),
            valid_to=None if r[5] == OPEN else from_day(r[5]),
            closed_on=from_day(r[6]) if r[6] else None,
        )

    def tree(self, cursor: Cursor, plan_id: UUID, on: date, position: int) -> list[ItemNode]:
        """The plan's items on `on`, as a tree ordered by title."""
        cursor.execute(
            "SELECT item_id, kind, title, parent_id, target_year, owners, valid_from, valid_to"
            f" FROM {ITEM_VERSIONS} WHERE plan_id = ? AND recorded_to > ? AND recorded_from <= ?"
            " AND valid_from <= ? AND valid_to > ?",
            (str(plan_id), position, position, day(on), day(on)),
        )
        nodes = {
            uuid_of(r[0]): ItemNode(
                item_id=uuid_of(r[0]),
                kind=r[1],
                title=r[2],
                parent_id=uuid_or_none(r[3]),
                target_year=r[4],
                owners=json.loads(r[5]),
                valid_from=from_day(r[6]),
                valid_to=None if r[7] == OPEN else from_day(r[7]),
            )
            for r in cursor.fetchall()
        }
        cursor.execute(
            "SELECT indicator_id, plan_item_id FROM indicators WHERE plan_id = ?"
            " AND recorded_from <= ? ORDER BY name",
            (str(plan_id), position),
        )
        for indicator_id, item_id in cursor.fetchall():
            if uuid_of(item_id) in nodes:
                nodes[uuid_of(item_id)].indicator_ids.append(uuid_of(indicator_id))
        roots: list[ItemNode] = []
        for node in sorted(nodes.values(), key=lambda n: (sort_key(n.title), str(n.item_id))):
            parent = nodes.get(node.parent_id) if node.parent_id else None
            (parent.children if parent else roots).append(node)
        return roots

    def periods(self, cursor: Cursor, plan_id: UUID, position: int) -> list[PeriodMark]:
        """The plan's submitted and locked periods, as known at `position`."""
        cursor.execute(
            "SELECT period, mark, position, actor FROM plan_periods WHERE plan_id = ?"
            " AND position <= ? ORDER BY position",
            (str(plan_id), position),
        )
        return [
            PeriodMark(Period.parse(p), Mark(m), int(at), a) for p, m, at, a in cursor.fetchall()
        ]

    def deadline(self, cursor: Cursor, plan_id: UUID, period: str, position: int) -> date | None:
        """The period's deadline as set last at or before `position`."""
        cursor.execute(
            "SELECT due_on FROM plan_deadlines WHERE plan_id = ? AND period = ?"
            " AND position <= ? ORDER BY position DESC LIMIT 1",
            (str(plan_id), period, position),
        )
        row = cursor.fetchone()
        return from_day(row[0]) if row else None

    def indicator(self, cursor: Cursor, indicator_id: UUID, position: int) -> IndicatorRow | None:
        cursor.execute(
            "SELECT indicator_id, plan_id, plan_item_id, subject_organ_id, name, unit,"
            " direction, periodicity, accumulation FROM indicators WHERE indicator_id = ?"
            " AND recorded_from <= ?",
            (str(indicator_id), position),
        )
        r = cursor.fetchone()
        if r is None:
            return None
        return IndicatorRow(uuid_of(r[0]), uuid_of(r[1]), uuid_of(r[2]), uuid_or_none(r[3]), *r[4:])

    def indicators_of(
        self, cursor: Cursor, plan_id: UUID, position: int
    ) -> dict[UUID, IndicatorRow]:
        """Every indicator of the plan known at `position`, in one query."""
        cursor.execute(
            "SELECT indicator_id, plan_id, plan_item_id, subject_organ_id, name, unit,"
            " direction, periodicity, accumulation FROM indicators WHERE plan_id = ?"
            " AND recorded_from <= ?",
            (str(plan_id), position),
        )
        return {
            uuid_of(r[0]): IndicatorRow(
                uuid_of(r[0]), uuid_of(r[1]), uuid_of(r[2]), uuid_or_none(r[3]), *r[4:]
            )
            for r in cursor.fetchall()
        }

    def values_within(
        self, cursor: Cursor, plan_id: UUID, first: date, last: date, position: int
    ) -> dict[UUID, list[ValueRow]]:
        """The values of all the plan's indicators for periods starting in [first, last],
        as they stood at `position`, in one query (an index on each indicator's periods)."""
        cursor.execute(
            f"SELECT v.indicator_id, {QUALIFIED_VALUE_COLUMNS}"
            f" FROM indicators i JOIN indicator_values v ON v.indicator_id = i.indicator_id{WHEN}"
            " WHERE i.plan_id = ? AND i.recorded_from <= ? AND v.period_start >= ?"
            " AND v.period_start <= ? AND v.recorded_from <= ? AND v.recorded_to > ?"
            " ORDER BY v.period_start, v.period, v.series, v.reported_in",
            (str(plan_id), position, day(first), day(last), position, position),
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


VALUE_COLUMNS = (
    "series, period, value, status, basis, comment, corrected, late, decision_id, actor,"
    " reason, recorded_from, recorded_to, reported_in"
)


QUALIFIED_VALUE_COLUMNS = (
    ", ".join("v." + c.strip() for c in VALUE_COLUMNS.split(",")) + ", t.recorded_at"
)
WHEN = " LEFT JOIN recorded_times t ON t.position = v.recorded_from"
"""`recorded_times` is the audit trail's; every read's position has passed it (AsOfResolver)."""


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


def recorded_at_of(micros: int | None) -> datetime | None:
    """`recorded_times.recorded_at` (microseconds), joined beside a row, as a time."""
    return None if micros is None else from_micros(int(micros))
