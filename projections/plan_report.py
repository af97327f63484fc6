"""The follow-up report of a plan for a period: the FollowUpReport projection read beside
the plan tree and the indicator series (FollowUpReportView), at one position.

Items are those in the plan on the period's last day. An indicator shows its value for
the period when its periodicity has it; else its periods inside it: summed when its
accumulation is `period`, else the last one. An indicator with no period inside is not
applicable, so not missing. Activities, milestones and control activities need a
follow-up status, an item with a `target_year` (a yearly milestone) only in a period of
that year; applicable indicators need an outcome. Each figure comes with the recorded
targets and outcomes it is made of (who recorded each, when and why), and with the
forecasts made in the period, whichever period they forecast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.figures import difference, total
from domain.indicators import Series
from domain.period_facts import Coverage
from domain.periods import Period, Periodicity
from domain.plans import Mark
from projections.follow_up_report_view import AssessmentRow, FollowUpReportView, FollowUpRow
from projections.indicator_series_view import IndicatorRow, ValueRow
from projections.plan_tree_view import ItemNode
from projections.sql import Cursor

NEEDS_FOLLOW_UP = frozenset({"activity", "milestone", "control_activity"})


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
    targets: list[ValueRow] = field(default_factory=list)
    """The recorded targets `target` is made of, by period."""
    outcomes: list[ValueRow] = field(default_factory=list)
    """The recorded outcomes `outcome` is made of, by period."""
    forecasts: list[ValueRow] = field(default_factory=list)
    """The forecasts made in the report's period, by the period made in."""


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
    view: FollowUpReportView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> PlanReport:
    coverage = plan_coverage(view, cursor, plan_id, period, position)

    items: list[ReportItem] = []
    missing: list[Missing] = []
    roots = view.plans.tree(cursor, plan_id, period.last_day(), position)
    item_ids = _ids(roots)
    follow_ups = view.item_facts(cursor, FollowUpRow, item_ids, str(period), position)
    assessments = view.item_facts(cursor, AssessmentRow, item_ids, str(period), position)
    indicators = view.indicators.indicators_of(cursor, plan_id, position)
    first, last = period.first_day(), period.last_day()
    values = view.indicators.values_within(cursor, plan_id, first, last, position)
    forecasts = view.indicators.forecasts_made_in(cursor, plan_id, made_within(period), position)
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
            made = sorted(forecasts.get(indicator_id, []), key=_made_when)
            shown = _figures(indicator, values.get(indicator_id, []), inside[own], made)
            entry.indicators.append(shown)
            if shown.missing:
                missing.append(Missing("outcome", indicator_id, indicator.name))
        items.append(entry)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    due_on = view.deadline(cursor, plan_id, str(period), position)
    return PlanReport(str(period), coverage.submitted, coverage.locked, items, missing, due_on)


def plan_coverage(
    view: FollowUpReportView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> Coverage:
    """Whether the plan's follow-up covering `period` was submitted, and locked, as known
    at `position` (the rule the domain's Plan.coverage applies)."""
    marks = view.periods(cursor, plan_id, position)
    return Coverage.of(
        period,
        submitted=[m.period for m in marks if m.mark is Mark.SUBMITTED],
        locked=[m.period for m in marks if m.mark is Mark.LOCKED],
    )


def made_within(period: Period) -> list[str]:
    """Every period of any periodicity that lies inside `period`: those a forecast shown
    in its report was made in."""
    return [str(p) for periodicity in Periodicity for p in period.inside(periodicity)]


def _made_when(forecast: ValueRow) -> tuple[tuple[date, date], tuple[date, date]]:
    made_in = Period.parse(forecast.reported_in or forecast.period)
    return (made_in.sort_key(), Period.parse(forecast.period).sort_key())


def _needs_follow_up(node: ItemNode, period: Period) -> bool:
    if node.kind not in NEEDS_FOLLOW_UP:
        return False
    year = node.target_year
    return year is None or period.first_day().year <= year <= period.last_day().year


def _figures(
    indicator: IndicatorRow, values: list[ValueRow], periods: list[str], made: list[ValueRow]
) -> ReportIndicator:
    """The indicator's figures from its `periods` inside the report's period, beside the
    forecasts `made` in it."""
    by_period: dict[str, dict[Series, ValueRow]] = {}
    for row in values:
        if row.series is not Series.FORECAST:  # read in the series, not the report
            by_period.setdefault(row.period, {})[row.series] = row
    if not periods:
        return ReportIndicator(
            indicator, [], None, None, None, None, False, False, False, forecasts=made
        )
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
        targets=[r[Series.TARGET] for r in rows if Series.TARGET in r],
        outcomes=[r[Series.OUTCOME] for r in rows if Series.OUTCOME in r],
        forecasts=made,
    )


def _ids(nodes: list[ItemNode]) -> list[UUID]:
    return [i for node in nodes for i in (node.item_id, *_ids(node.children))]


def _values(rows: list[dict[Series, ValueRow]], series: Series) -> list[Decimal] | None:
    """The series' value in every one of the rows, or None when one of them lacks it."""
    found = [r[series].value for r in rows if series in r]
    values = [v for v in found if v is not None]
    return values if len(values) == len(rows) else None
