"""The follow-up report of a plan for a period, read from the Plans projection.

Items are those in the plan on the period's last day. An indicator shows its value for
the period when its periodicity has it; else its periods inside it: summed when its
accumulation is `period`, else the last one. An indicator with no period inside is not
applicable, so not missing. Activities, milestones and control activities need a
follow-up status, an item with a `target_year` (a yearly milestone) only in a period of
that year; applicable indicators need an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar, TypeVar
from uuid import UUID

from domain.figures import difference, total
from domain.indicators import Series
from domain.period_facts import Coverage
from domain.periods import Period, Periodicity
from domain.plans import Mark
from projections.ids import uuid_of
from projections.plans_view import IndicatorRow, ItemNode, PlansView, ValueRow, recorded_at_of
from projections.sql import Cursor

NEEDS_FOLLOW_UP = frozenset({"activity", "milestone", "control_activity"})
FACT_COLUMNS = "f.period, f.status, f.comment, f.corrected, f.late, f.actor, f.reason"


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


@dataclass(frozen=True)
class ReportIndicator:
    indicator: IndicatorRow
    periods: list[str]
    """The indicator's own periods the figures come from."""
    target: Decimal | None
    outcome: Decimal | None
    difference: Decimal | None
    """outcome − target."""
    assessment: ValueRow | None
    corrected: bool
    late: bool
    missing: bool
    sources: list[ValueRow] = field(default_factory=list)
    """The recorded values the figures come from."""

    def latest(self, series: Series) -> ValueRow | None:
        rows = [r for r in self.sources if r.series is series]
        return max(rows, key=lambda r: r.recorded_from, default=None)


@dataclass
class ReportItem:
    item: ItemNode
    depth: int
    follow_up: FollowUpRow | None
    assessment: AssessmentRow | None = None
    indicators: list[ReportIndicator] = field(default_factory=list)


@dataclass(frozen=True)
class Missing:
    what: str
    """`follow_up` or `outcome`."""
    id: UUID
    title: str


@dataclass(frozen=True)
class PlanReport:
    period: str
    submitted: bool
    locked: bool
    items: list[ReportItem]
    missing: list[Missing]
    due_on: date | None = None
    """The period's deadline, if one was set."""


def plan_report(
    view: PlansView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> PlanReport:
    coverage = plan_coverage(view, cursor, plan_id, period, position)

    items: list[ReportItem] = []
    missing: list[Missing] = []
    roots = view.tree(cursor, plan_id, period.last_day(), position)
    item_ids = _ids(roots)
    follow_ups = _item_facts(cursor, FollowUpRow, item_ids, str(period), position)
    assessments = _item_facts(cursor, AssessmentRow, item_ids, str(period), position)
    indicators = view.indicators_of(cursor, plan_id, position)
    values = view.values_within(cursor, plan_id, period.first_day(), period.last_day(), position)
    inside: dict[str, list[str]] = {}
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        entry = ReportItem(node, depth, follow_ups.get(node.item_id), assessments.get(node.item_id))
        if entry.follow_up is None and _needs_follow_up(node, period):
            missing.append(Missing("follow_up", node.item_id, node.title))
        for indicator_id in node.indicator_ids:
            indicator = indicators[indicator_id]
            own = indicator.periodicity
            if own not in inside:
                inside[own] = [str(p) for p in period.inside(Periodicity(own))]
            shown = _figures(indicator, values.get(indicator_id, []), inside[own])
            entry.indicators.append(shown)
            if shown.missing:
                missing.append(Missing("outcome", indicator_id, indicator.name))
        items.append(entry)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    due_on = view.deadline(cursor, plan_id, str(period), position)
    return PlanReport(str(period), coverage.submitted, coverage.locked, items, missing, due_on)


def plan_coverage(
    view: PlansView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> Coverage:
    """Whether the plan's follow-up covering `period` was submitted, and locked, as known
    at `position` (the rule the domain's Plan.coverage applies)."""
    marks = view.periods(cursor, plan_id, position)
    return Coverage.of(
        period,
        submitted=[m.period for m in marks if m.mark is Mark.SUBMITTED],
        locked=[m.period for m in marks if m.mark is Mark.LOCKED],
    )


def _needs_follow_up(node: ItemNode, period: Period) -> bool:
    if node.kind not in NEEDS_FOLLOW_UP:
        return False
    year = node.target_year
    return year is None or period.first_day().year <= year <= period.last_day().year


def _figures(
    indicator: IndicatorRow, values: list[ValueRow], periods: list[str]
) -> ReportIndicator:
    """The indicator's figures from its `periods` inside the report's period."""
    by_period: dict[str, dict[Series, ValueRow]] = {}
    for row in values:
        if row.series is not Series.FORECAST:  # read in the series, not the report
            by_period.setdefault(row.period, {})[row.series] = row
    if not periods:
        return ReportIndicator(indicator, [], None, None, None, None, False, False, False)
    shown = periods if indicator.accumulation == "period" else periods[-1:]
    rows = [by_period.get(p, {}) for p in shown]
    outcomes = _values(rows, Series.OUTCOME)
    targets = _values(rows, Series.TARGET)
    # A total or difference that cannot be computed exactly (only a value that a store
    # written before figures were bounded may hold) is shown as null, never rounded.
    outcome = None if outcomes is None else total(outcomes)
    target = None if targets is None else total(targets)
    used = [v for r in rows for v in r.values()]
    return ReportIndicator(
        indicator=indicator,
        periods=shown,
        target=target,
        outcome=outcome,
        difference=None if outcome is None or target is None else difference(outcome, target),
        assessment=rows[-1].get(Series.ASSESSMENT),
        corrected=any(v.corrected for v in used),
        late=any(v.late for v in used),
        missing=outcomes is None,
        sources=used,
    )


def _ids(nodes: list[ItemNode]) -> list[UUID]:
    return [i for node in nodes for i in (node.item_id, *_ids(node.children))]


def _values(rows: list[dict[Series, ValueRow]], series: Series) -> list[Decimal] | None:
    """The series' value in every one of the rows, or None when one of them lacks it."""
    found = [r[series].value for r in rows if series in r]
    values = [v for v in found if v is not None]
    return values if len(values) == len(rows) else None


def _item_facts(
    cursor: Cursor, kind: type[F], item_ids: list[UUID], period: str, position: int
) -> dict[UUID, F]:
    """The items' follow-ups or assessments (`kind`) for the period as known at
    `position`, by item."""
    columns = FACT_COLUMNS + "".join(f", f.{column}" for column in kind.EXTRA)
    found: dict[UUID, F] = {}
    for start in range(0, len(item_ids), 500):
        chunk = [str(i) for i in item_ids[start : start + 500]]
        cursor.execute(
            f"SELECT f.item_id, f.recorded_from, t.recorded_at, {columns} FROM {kind.TABLE} f"
            " LEFT JOIN recorded_times t ON t.position = f.recorded_from"
            f" WHERE f.item_id IN ({', '.join('?' * len(chunk))})"
            " AND f.period = ? AND f.recorded_from <= ? AND f.recorded_to > ?",
            (*chunk, period, position, position),
        )
        for item_id, at, when, *values in cursor.fetchall():
            fact, status, comment, corrected, late, actor, reason, *extra = values
            found[uuid_of(item_id)] = kind(
                *(fact, status, comment, bool(corrected), bool(late), actor, reason),
                int(at),
                recorded_at_of(when),
                **dict(zip(kind.EXTRA, extra, strict=True)),
            )
    return found


@dataclass(frozen=True)
class ReportChange:
    """One figure that differs between the report as submitted and as known later."""

    what: str
    """`target`, `outcome`, `assessment` or `follow_up`."""
    id: UUID
    """The indicator's or the item's id."""
    title: str
    submitted: object
    now: object
    actor: str | None
    reason: str | None
    position: int | None = None
    """Where the figure as known now was recorded."""
    recorded_at: datetime | None = None


def submission_position(
    view: PlansView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> int | None:
    """The position at which the period's follow-up was first submitted, if it was."""
    found = [
        m.position
        for m in view.periods(cursor, plan_id, position)
        if m.mark is Mark.SUBMITTED and Coverage.of(period, [m.period], []).submitted
    ]
    return min(found, default=None)


def report_changes(before: PlanReport, after: PlanReport) -> list[ReportChange]:
    """What changed in the figures between two readings of the same period's report."""
    changes: list[ReportChange] = []
    then = {i.item.item_id: i for i in before.items}
    for entry in after.items:
        old = then.get(entry.item.item_id)
        for what, fact, was_fact in (
            ("follow_up", entry.follow_up, old.follow_up if old else None),
            ("assessment", entry.assessment, old.assessment if old else None),
        ):
            new_status = fact.status if fact else None
            old_status = was_fact.status if was_fact else None
            if new_status != old_status:
                changes.append(
                    ReportChange(
                        what,
                        entry.item.item_id,
                        entry.item.title,
                        old_status,
                        new_status,
                        fact.actor if fact else None,
                        fact.reason if fact else None,
                        fact.recorded_from if fact else None,
                        fact.recorded_at if fact else None,
                    )
                )
        old_figures = {i.indicator.indicator_id: i for i in (old.indicators if old else [])}
        for figure in entry.indicators:
            was = old_figures.get(figure.indicator.indicator_id)
            for series, now_value, then_value in (
                (Series.TARGET, figure.target, was.target if was else None),
                (Series.OUTCOME, figure.outcome, was.outcome if was else None),
                (
                    Series.ASSESSMENT,
                    figure.assessment.status if figure.assessment else None,
                    was.assessment.status if was and was.assessment else None,
                ),
            ):
                if now_value != then_value:
                    source = figure.latest(series)
                    changes.append(
                        ReportChange(
                            series.value,
                            figure.indicator.indicator_id,
                            figure.indicator.name,
                            then_value,
                            now_value,
                            source.actor if source else None,
                            source.reason if source else None,
                            source.recorded_from if source else None,
                            source.recorded_at if source else None,
                        )
                    )
    return changes
