"""What changed in a plan's follow-up report for a period between its submission and a
later reading, figure by figure, with who changed it and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.indicators import Series
from domain.period_facts import Coverage
from domain.periods import Period
from domain.plans import Mark
from projections.follow_up_report_view import FollowUpReportView
from projections.plan_report import PlanReport
from projections.sql import Cursor


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
    view: FollowUpReportView, cursor: Cursor, plan_id: UUID, period: Period, position: int
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
