"""FollowUpReport: a plan's submitted and locked periods and their deadlines, and its items'
follow-ups and assessments per period, as known at any time (the report reads these
beside the plan tree and the indicator series: projections.plan_report)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any

from domain.plan_items import PlanItem
from domain.plans import Mark, Plan
from projections.bitemporal import day
from projections.period_rows import supersede
from projections.projection import OPEN, Projection, Recorded
from projections.sql import Cursor


class FollowUpReport(Projection):
    name = "follow_up_report"

    def tables(self) -> Sequence[str]:
        return ["plan_periods", "plan_deadlines", "item_follow_ups", "item_assessments"]

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS item_follow_ups (item_id TEXT NOT NULL,"
            " period TEXT NOT NULL, status TEXT NOT NULL, comment TEXT,"
            " corrected BIGINT NOT NULL, late BIGINT NOT NULL, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (item_id, period, recorded_from))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS item_assessments (item_id TEXT NOT NULL,"
            " period TEXT NOT NULL, status TEXT NOT NULL, basis TEXT, comment TEXT,"
            " corrected BIGINT NOT NULL, late BIGINT NOT NULL, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (item_id, period, recorded_from))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS plan_deadlines (plan_id TEXT NOT NULL,"
            " period TEXT NOT NULL, due_on BIGINT NOT NULL, position BIGINT NOT NULL,"
            " PRIMARY KEY (plan_id, period, position))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS plan_periods (plan_id TEXT NOT NULL, period TEXT NOT NULL,"
            " mark TEXT NOT NULL, position BIGINT NOT NULL, actor TEXT,"
            " PRIMARY KEY (plan_id, period, mark))"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events (a plan's or an item's own changes among them) change nothing here."""

    @apply.register
    def _deadline_set(self, event: Plan.DeadlineSet, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "INSERT INTO plan_deadlines (plan_id, period, due_on, position) VALUES (?, ?, ?, ?)",
            (str(event.originator_id), str(event.period), day(event.due_on), position),
        )

    @apply.register
    def _submitted(self, event: Plan.FollowUpSubmitted, cursor: Cursor, position: int) -> None:
        _mark(cursor, event, Mark.SUBMITTED, position)

    @apply.register
    def _locked(self, event: Plan.PeriodLocked, cursor: Cursor, position: int) -> None:
        _mark(cursor, event, Mark.LOCKED, position)

    @apply.register
    def _follow_up(self, event: PlanItem.FollowUpReported, cursor: Cursor, position: int) -> None:
        """A follow-up reported, or (FollowUpCorrected) corrected."""
        _item_fact(cursor, "item_follow_ups", event, position, {"comment": event.comment})

    @apply.register
    def _item_assessed(self, event: PlanItem.AssessmentMade, cursor: Cursor, position: int) -> None:
        """An item's assessment made, or (AssessmentCorrected) corrected."""
        basis = event.basis.value if event.basis else None
        extra = {"basis": basis, "comment": event.comment}
        _item_fact(cursor, "item_assessments", event, position, extra)


def _mark(
    cursor: Cursor,
    event: Plan.FollowUpSubmitted | Plan.PeriodLocked,
    mark: Mark,
    position: int,
) -> None:
    cursor.execute(
        "INSERT INTO plan_periods (plan_id, period, mark, position, actor) VALUES (?, ?, ?, ?, ?)",
        (str(event.originator_id), str(event.period), mark.value, position, event.actor),
    )


def _item_fact(
    cursor: Cursor,
    table: str,
    event: PlanItem.FollowUpReported | PlanItem.AssessmentMade,
    position: int,
    fields: dict[str, str | None],
) -> None:
    """An item's follow-up or assessment for a period: its status, `fields`, whether
    corrected or late, who and why, superseding the period's earlier one."""
    item_id = str(event.originator_id)
    period = str(event.period)
    row: dict[str, Any] = {
        "item_id": item_id,
        "period": period,
        "status": event.status.value,
        **fields,
        "corrected": int(event.CORRECTS),
        "late": int(event.late),
        "actor": event.actor,
        "reason": event.reason,
        "recorded_from": position,
        "recorded_to": OPEN,
    }
    supersede(cursor, table, {"item_id": item_id, "period": period}, row, position)
