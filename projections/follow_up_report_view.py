"""Reads of the FollowUpReport projection: a plan's marked periods and deadlines, its
items' follow-ups and assessments per period; beside the plan tree and the indicator
series, which the report (projections.plan_report) reads through this view too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, TypeVar
from uuid import UUID

from domain.periods import Period
from domain.plans import Mark
from projections.bitemporal import from_day
from projections.ids import uuid_of
from projections.indicator_series_view import IndicatorSeriesView
from projections.period_rows import recorded_at_of
from projections.plan_tree_view import PlanTreeView
from projections.sql import Cursor

FACT_COLUMNS = "f.period, f.status, f.comment, f.corrected, f.late, f.actor, f.reason"


@dataclass(frozen=True)
class PeriodMark:
    period: Period
    mark: Mark
    position: int
    actor: str | None


@dataclass(frozen=True)
class FollowUpRow:
    """An activity's follow-up for the period."""

    TABLE: ClassVar[str] = "item_follow_ups"
    EXTRA: ClassVar[tuple[str, ...]] = ()
    """Columns of its table beyond those every item fact has."""

    period: str
    status: str
    comment: str | None
    corrected: bool
    late: bool
    actor: str | None
    reason: str | None
    recorded_from: int
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class AssessmentRow(FollowUpRow):
    """An item's assessment for the period (a goal: will it be, is it, met)."""

    TABLE: ClassVar[str] = "item_assessments"
    EXTRA: ClassVar[tuple[str, ...]] = ("basis",)

    basis: str | None = None


F = TypeVar("F", bound=FollowUpRow)


class FollowUpReportView:
    requires = ("follow_up_report", "plan_tree", "indicator_series")

    def __init__(self, plans: PlanTreeView, indicators: IndicatorSeriesView) -> None:
        self.plans = plans
        self.indicators = indicators

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

    def item_facts(
        self, cursor: Cursor, kind: type[F], item_ids: list[UUID], period: str, position: int
    ) -> dict[UUID, F]:
        """The items' follow-ups or assessments (`kind`) for the period as known at
        `position`, by item."""
        stood = " AND f.recorded_from <= ? AND f.recorded_to > ?"
        rows = _item_rows(cursor, kind, item_ids, period, stood, (position, position))
        return dict(rows)

    def item_facts_since(
        self,
        cursor: Cursor,
        kind: type[F],
        item_ids: list[UUID],
        period: str,
        since: int,
        position: int,
    ) -> dict[UUID, list[F]]:
        """The items' follow-ups or assessments (`kind`) for the period recorded after
        `since` up to `position`, superseded ones too, each item's as it stood at `since`
        before them; by item, in the order recorded."""
        when = (
            " AND f.recorded_from <= ? AND f.recorded_to > ?"
            " AND (f.recorded_from > ? OR f.recorded_to <= ?)"
        )
        found: dict[UUID, list[F]] = {}
        params = (position, since, since, position)
        for item_id, fact in _item_rows(cursor, kind, item_ids, period, when, params):
            found.setdefault(item_id, []).append(fact)
        for facts in found.values():
            facts.sort(key=lambda f: f.recorded_from)
        return found


def _item_rows(
    cursor: Cursor,
    kind: type[F],
    item_ids: list[UUID],
    period: str,
    when: str,
    params: tuple[int, ...],
) -> Iterator[tuple[UUID, F]]:
    """The items' facts (`kind`) for the period that `when` picks, with their item."""
    columns = FACT_COLUMNS + "".join(f", f.{column}" for column in kind.EXTRA)
    for start in range(0, len(item_ids), 500):
        chunk = [str(i) for i in item_ids[start : start + 500]]
        cursor.execute(
            f"SELECT f.item_id, f.recorded_from, t.recorded_at, {columns} FROM {kind.TABLE} f"
            " LEFT JOIN recorded_times t ON t.position = f.recorded_from"
            f" WHERE f.item_id IN ({', '.join('?' * len(chunk))}) AND f.period = ?{when}",
            (*chunk, period, *params),
        )
        for item_id, at, recorded_at, *values in cursor.fetchall():
            fact, status, comment, corrected, late, actor, reason, *extra = values
            yield (
                uuid_of(item_id),
                kind(
                    *(fact, status, comment, bool(corrected), bool(late), actor, reason),
                    int(at),
                    recorded_at_of(recorded_at),
                    **dict(zip(kind.EXTRA, extra, strict=True)),
                ),
            )
