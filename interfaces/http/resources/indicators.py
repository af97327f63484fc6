"""Indicators: define one on a plan item; per period, its target, outcome, assessment and
forecasts; read its series, a period's history, and the series as a spreadsheet."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.indicators import NewIndicator
from domain.grants import Role
from domain.period_facts import Assessment
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, refuses, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import (
    container,
    etag,
    expected_version,
    period_argument,
    provenance,
)
from interfaces.http.resources.plans import answer_written
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.indicators import (
    ForecastSchema,
    IndicatorListArgsSchema,
    IndicatorPageSchema,
    IndicatorSchema,
    NewIndicatorSchema,
    OutcomeSchema,
    PeriodHistorySchema,
    SeriesExportArgsSchema,
    TargetSchema,
)
from interfaces.http.schemas.plan_items import AssessmentSchema
from interfaces.http.schemas.plans import WrittenThingSchema
from interfaces.http.sheets import sheet_answer, sheet_doc
from projections.indicator_series_view import IndicatorFilter

blp = Blueprint(
    "indicators",
    __name__,
    url_prefix="/api/v1",
    description="Indicators on plan items: targets, outcomes, assessments and forecasts"
    " per period, their series and history.",
)
READ = ("indicator_series",)
ONE_READ = ("indicator_series", "audit_trail")
"""The series and the indicator's version (its ETag)."""


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(IndicatorListArgsSchema, location="query")
    @blp.response(200, IndicatorPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Indicators known at known_at, by name; filter by plan, plan item and subject
        organ. (Indicators have no valid time: valid_at is stated and bounds nothing.)"""
        as_of = read_at(args, READ)
        where = IndicatorFilter(args["plan_id"], args["plan_item_id"], args["subject_organ_id"])
        page = container().queries.indicators.page(where, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewIndicatorSchema)
    @blp.response(201, WrittenThingSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Define an indicator on a plan item."""
        new = NewIndicator(
            plan_item_id=body["plan_item_id"],
            name=body["name"],
            unit=body["unit"],
            direction=body["direction"],
            periodicity=body["periodicity"],
            accumulation=body["accumulation"],
            subject_organ_id=body["subject_organ_id"],
        )
        written = container().indicators.define(new, provenance())
        return answer_written(written, 201, f"{blp.url_prefix}/indicators/{written.thing_id}")


@blp.route("/indicators/<uuid:indicator_id>")
class IndicatorById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, IndicatorSchema)
    @tagged
    def get(self, args: dict[str, Any], indicator_id: UUID) -> Any:
        """The indicator's series: target, outcome and assessment per period, as known at
        known_at; corrected values are flagged. (valid_at does not apply to periods.)"""
        as_of = read_at(args, ONE_READ)
        indicator = container().queries.indicators.indicator(indicator_id, as_of)
        return indicator, 200, {**cache_headers(as_of), **etag(indicator.version)}


@blp.route("/indicators/<uuid:indicator_id>/history/<period>")
class IndicatorPeriodHistory(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PeriodHistorySchema)
    def get(self, args: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Every value recorded for the period, superseded ones too: who, when, why."""
        chosen = period_argument(period)
        as_of = read_at(args, READ)
        history = container().queries.indicators.history(indicator_id, chosen, as_of)
        return history, 200, cache_headers(as_of)


@blp.route("/indicators/<uuid:indicator_id>/export")
class IndicatorExport(MethodView):
    @blp.arguments(SeriesExportArgsSchema, location="query")
    @blp.response(200, description="The series as CSV or XLSX.")
    @blp.doc(responses={"200": sheet_doc("The series as CSV (UTF-8) or XLSX.")})
    def get(self, args: dict[str, Any], indicator_id: UUID) -> Any:
        """The indicator's series per period as a spreadsheet (`format`: csv or xlsx)."""
        as_of = read_at(args, READ)
        sheet = container().queries.indicators.series_sheet(indicator_id, as_of)
        return sheet_answer(sheet, args, as_of)


@blp.route("/indicators/<uuid:indicator_id>/targets/<period>")
class IndicatorTargets(MethodView):
    @blp.arguments(TargetSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.REGISTRAR)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Set the period's target, citing the decision; a different later target is a
        revision (needs reason); the same target again writes nothing."""
        written = container().indicators.set_target(
            indicator_id,
            period_argument(period),
            body["value"],
            body["comment"],
            body["decision_id"],
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)


@blp.route("/indicators/<uuid:indicator_id>/outcomes/<period>")
class IndicatorOutcomes(MethodView):
    @blp.arguments(OutcomeSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Report the period's outcome; a different later value is a correction (needs
        reason); the same value again writes nothing."""
        written = container().indicators.report_outcome(
            indicator_id,
            period_argument(period),
            body["value"],
            body["comment"],
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)


@blp.route("/indicators/<uuid:indicator_id>/assessments/<period>")
class IndicatorAssessments(MethodView):
    @blp.arguments(AssessmentSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Assess the period: `met`, `partly_met` or `not_met`, on what `basis`; a
        different later assessment is a correction (needs reason); the same again writes
        nothing."""
        written = container().indicators.assess(
            indicator_id,
            period_argument(period),
            Assessment(body["status"], body["basis"], body["comment"]),
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)


@blp.route("/indicators/<uuid:indicator_id>/forecasts/<period>")
class IndicatorForecasts(MethodView):
    @blp.arguments(ForecastSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Make a forecast for the period, in `reported_in`: a forecast made in another
        period is a new one, never a correction; the same forecast with another value is
        a correction (needs reason)."""
        written = container().indicators.make_forecast(
            indicator_id,
            period_argument(period),
            body["reported_in"],
            body["value"],
            body["comment"],
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)
