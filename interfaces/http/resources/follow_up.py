"""Follow-up of a plan per period: the report, what changed since it was submitted, the
report as a spreadsheet, and a period's targets and outcomes imported from one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from domain.grants import Role
from interfaces import spreadsheets
from interfaces.http.errors import ImportRejected
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, refuses, rejects_rows
from interfaces.http.reading import cache_headers, read_period_at
from interfaces.http.requests import container, expected_version, period_argument, provenance
from interfaces.http.schemas.common import today_in_stockholm
from interfaces.http.schemas.follow_up import (
    ExportArgsSchema,
    PeriodValuesReportSchema,
    PlanReportSchema,
    ReportArgsSchema,
    ReportChangesSchema,
)
from interfaces.http.sheets import sheet_answer, sheet_doc
from interfaces.http.uploads import period_values

blp = Blueprint(
    "follow_up",
    __name__,
    url_prefix="/api/v1",
    description="A plan's follow-up per period: the report, its changes since submission,"
    " its export, and a period's values imported.",
)
READ = ("plan_tree", "indicator_series", "follow_up_report")


@blp.route("/plans/<uuid:plan_id>/report")
class PlanReportView(MethodView):
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200, PlanReportSchema)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The follow-up report of the period as known at known_at: every item's status,
        every indicator's outcome against target and assessment, the forecasts made in
        the period, and what is missing; every value with who recorded it, when and why.
        The plan's structure is read on the period's last day."""
        period, as_of = read_period_at(args, READ)
        report = container().queries.follow_up.report(plan_id, period, as_of, today_in_stockholm())
        # days_left counts from today: with a deadline, the answer changes tomorrow.
        return report, 200, cache_headers(as_of, counts_from_today=report.days_left is not None)


@blp.route("/plans/<uuid:plan_id>/report/changes")
class PlanReportChanges(MethodView):
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200, ReportChangesSchema)
    @refuses(409)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """Every fact of the period's report recorded after its submission up to known_at
        (default: now), by position: each with what it was before and is after, who
        recorded it, when and why, even one that puts back the value submitted. 409 if it
        was never submitted."""
        period, as_of = read_period_at(args, READ)
        changes = container().queries.follow_up.changes(plan_id, period, as_of)
        return changes, 200, cache_headers(as_of)


@blp.route("/plans/<uuid:plan_id>/report/export")
class PlanReportExport(MethodView):
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(200, description="The report as CSV or XLSX.")
    @blp.doc(responses={"200": sheet_doc("The report as CSV (UTF-8) or XLSX.")})
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The follow-up report of the period as a spreadsheet (`format`: csv or xlsx)."""
        period, as_of = read_period_at(args, READ)
        sheet = container().queries.follow_up.report_sheet(plan_id, period, as_of)
        return sheet_answer(sheet, args, as_of)


@blp.route("/plans/<uuid:plan_id>/periods/<period>/values")
class PeriodValues(MethodView):
    @blp.response(201, PeriodValuesReportSchema, description="Written (200: nothing new).")
    @blp.doc(
        requestBody={
            "required": True,
            "description": "Columns: " + ", ".join(spreadsheets.VALUE_COLUMNS) + ". `series`"
            " is target (needs decision_id) or outcome; a value may use a decimal comma. At"
            " most `MAX_IMPORT_ROWS` rows below the header, blank ones included (413); an XLSX"
            " workbook that unzips to more than `MAX_XLSX_UNCOMPRESSED` bytes is 413 and one"
            " whose parts shrank more than 100 times is 422, both unparsed; a refusal lists the"
            " first 100 refused rows and counts them all in `rejected_count`.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                spreadsheets.XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    )
    @conditional
    @refuses(423)
    @rejects_rows
    @allowed(Role.REGISTRAR, Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def post(self, plan_id: UUID, period: str) -> Any:
        """Import a period's targets and outcomes from CSV or XLSX: every row is checked,
        and all are written, or (any row refused) none, with every refused row listed."""
        chosen = period_argument(period)
        rows, refused = period_values(container().settings)
        report = container().indicators.record_period(
            plan_id, chosen, rows, refused, provenance(), expected_version()
        )
        if report.rejected:
            raise ImportRejected(report.rows, report.rejected)
        container().wake_follower()
        return report, 201 if report.position else 200
