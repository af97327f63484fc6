"""Reads of a plan's follow-up for one period: the report, what was recorded in it since
it was submitted, and the report as a spreadsheet. The plan's structure is read on the
period's last day, as known at the position."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.errors import NotFound
from domain.periods import Period
from domain.plans import NotSubmitted
from interfaces import spreadsheets
from interfaces.spreadsheets import Sheet
from projections.as_of import AsOf
from projections.follow_up_report_view import FollowUpReportView
from projections.plan_report import Missing, ReportItem, plan_report
from projections.plan_tree_view import PlanRow
from projections.report_changes import ReportChange, report_changes, submission_position
from projections.sql import Cursor, Database


@dataclass(frozen=True)
class FollowUpReport:
    plan_id: UUID
    name: str
    period: str
    due_on: date | None
    days_left: int | None
    """Until the deadline, counted from `today`: with a deadline, it changes tomorrow."""
    submitted: bool
    locked: bool
    items: list[ReportItem]
    missing: list[Missing]
    as_of: AsOf


@dataclass(frozen=True)
class ReportChanges:
    plan_id: UUID
    period: str
    submitted_position: int
    changes: list[ReportChange]
    as_of: AsOf


class FollowUpQueries:
    def __init__(self, db: Database, view: FollowUpReportView) -> None:
        self.db = db
        self.view = view

    def report(self, plan_id: UUID, period: Period, as_of: AsOf, today: date) -> FollowUpReport:
        with self.db.reading() as cursor:
            plan = self._known(cursor, plan_id, as_of)
            report = plan_report(self.view, cursor, plan_id, period, as_of.position)
        days_left = None if report.due_on is None else (report.due_on - today).days
        return FollowUpReport(
            plan_id=plan.plan_id,
            name=plan.name,
            period=report.period,
            due_on=report.due_on,
            days_left=days_left,
            submitted=report.submitted,
            locked=report.locked,
            items=report.items,
            missing=report.missing,
            as_of=as_of,
        )

    def changes(self, plan_id: UUID, period: Period, as_of: AsOf) -> ReportChanges:
        """Every fact of the report recorded after its submission up to the position;
        NotSubmitted when the period's follow-up was not submitted by then."""
        with self.db.reading() as cursor:
            self._known(cursor, plan_id, as_of)
            at = as_of.position
            submitted = submission_position(self.view, cursor, plan_id, period, at)
            if submitted is None:
                raise NotSubmitted(f"the follow-up for {period} has not been submitted")
            changes = report_changes(self.view, cursor, plan_id, period, submitted, at)
        return ReportChanges(plan_id, str(period), submitted, changes, as_of)

    def report_sheet(self, plan_id: UUID, period: Period, as_of: AsOf) -> Sheet:
        with self.db.reading() as cursor:
            plan = self._known(cursor, plan_id, as_of)
            report = plan_report(self.view, cursor, plan_id, period, as_of.position)
        return Sheet(
            name=f"report-{period}-{as_of.position}",
            columns=spreadsheets.REPORT_COLUMNS,
            rows=spreadsheets.report_rows(report),
            heading="report",
            title=plan.name,
            about=(
                ("period", str(period)),
                ("known_at", as_of.known_at),
                ("position", as_of.position),
                ("submitted", report.submitted),
                ("locked", report.locked),
                ("due_on", report.due_on),
            ),
            worded=spreadsheets.REPORT_WORDED,
        )

    def _known(self, cursor: Cursor, plan_id: UUID, as_of: AsOf) -> PlanRow:
        """404 unless the plan is known at the position."""
        plan = self.view.plans.plan(cursor, plan_id, as_of.valid_at, as_of.position)
        if plan is None:
            raise NotFound("plan", plan_id)
        return plan
