"""Plans and indicators: adopt, revise, close; items; indicators and period values."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from flask import Response, request
from flask.views import MethodView

from application.errors import NotFound
from application.indicators import NewIndicator
from application.plan_items import NewItem
from application.plans import NewPlan, Written
from domain.errors import InvalidCommand
from domain.indicators import Series
from domain.period_facts import Assessment
from domain.periods import Period
from domain.plan_items import FollowUp, ItemState, Owner
from domain.plans import NotSubmitted
from interfaces import spreadsheets
from interfaces.http.errors import ImportRejected, InvalidArgument, UnreadableImport
from interfaces.http.json_numbers import Blueprint
from interfaces.http.reading import as_of_json, cache_headers, read_at
from interfaces.http.requests import container, etag, provenance
from interfaces.http.schemas.common import AsOfArgsSchema, today_in_stockholm
from interfaces.http.schemas.plans import (
    AssessmentSchema,
    DeadlineSchema,
    ExportArgsSchema,
    FollowUpSchema,
    ForecastSchema,
    IndicatorSchema,
    ItemFieldsSchema,
    ItemRemovalSchema,
    NewIndicatorSchema,
    NewItemSchema,
    NewPlanSchema,
    OutcomeSchema,
    PeriodHistorySchema,
    PeriodMarkingSchema,
    PeriodValuesReportSchema,
    PlanClosureSchema,
    PlanReportSchema,
    PlanRevisionSchema,
    PlanSchema,
    ReportArgsSchema,
    ReportChangesSchema,
    SeriesExportArgsSchema,
    TargetSchema,
    WrittenThingSchema,
)
from projections.as_of import AsOf
from projections.plans_report import (
    ReportIndicator,
    ReportItem,
    plan_report,
    report_changes,
    submission_position,
)
from projections.plans_view import IndicatorRow, ItemNode, PlanRow
from projections.sql import Cursor

blp = Blueprint(
    "plans",
    __name__,
    url_prefix="/api/v1",
    description="Plans, their items over valid time, indicators and values per period.",
)
READ = ("plans",)


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(NewPlanSchema)
    @blp.response(201, WrittenThingSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Adopt a plan: its kind, owner organ and span, citing the decision."""
        new = NewPlan(
            body["name"], body["kind"], body["owner_organ_id"], body["valid_from"], body["valid_to"]
        )
        written = container().plans.adopt(
            new, body["effective_on"], body["decision_id"], provenance(body["reason"])
        )
        return _written(written, 201, f"{blp.url_prefix}/plans/{written.thing_id}")


@blp.route("/plans/<uuid:plan_id>")
class PlanById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PlanSchema)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The plan as it read on valid_at, with its item tree, as known at known_at."""
        as_of = read_at(args, READ)
        view = container().views.plans
        with container().db.reading() as cursor:
            plan = view.plan(cursor, plan_id, as_of.valid_at, as_of.position)
            if plan is None:
                raise NotFound("plan", plan_id)
            items = view.tree(cursor, plan_id, as_of.valid_at, as_of.position)
            periods = view.periods(cursor, plan_id, as_of.position)
        body = {
            **dataclasses.asdict(plan),
            "items": [_node(n) for n in items],
            "periods": periods,
            "as_of": as_of_json(as_of),
        }
        return body, 200, cache_headers(as_of)


@blp.route("/plans/<uuid:plan_id>/revisions")
class PlanRevisions(MethodView):
    @blp.arguments(PlanRevisionSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID) -> Any:
        """Revise the plan's own fields (name, span) from effective_on."""
        written = container().plans.revise(
            plan_id,
            body["name"],
            body["valid_from"],
            body["valid_to"],
            body["effective_on"],
            body["decision_id"],
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/closure")
class PlanClosure(MethodView):
    @blp.arguments(PlanClosureSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID) -> Any:
        """Close the plan: targets and item changes are then refused."""
        written = container().plans.close(
            plan_id, body["effective_on"], body["decision_id"], provenance(body["reason"])
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>")
class PeriodDeadline(MethodView):
    @blp.arguments(DeadlineSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Set the period's deadline (`due_on`); the report shows it and the days left."""
        written = container().plans.set_deadline(
            plan_id, _period(period), body["due_on"], provenance(body["reason"])
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>/submission")
class PeriodSubmission(MethodView):
    @blp.arguments(PeriodMarkingSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Submit (klarmarkera) the plan's follow-up for the period: it covers every value
        whose period lies inside it; a value first reported later is marked `late`."""
        written = container().plans.submit(plan_id, _period(period), provenance(body["reason"]))
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>/lock")
class PeriodLock(MethodView):
    @blp.arguments(PeriodMarkingSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Lock the period: later values for it are 423, except from a corrector (the
        setting CORRECTORS), whose values are corrections that need a reason."""
        written = container().plans.lock(plan_id, _period(period), provenance(body["reason"]))
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/follow-ups/<period>")
class ItemFollowUps(MethodView):
    @blp.arguments(FollowUpSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], plan_id: UUID, item_id: UUID, period: str) -> Any:
        """Report an activity's status for the period; a different later status is a
        correction (needs reason); the same again writes nothing."""
        written = container().plan_items.report_follow_up(
            plan_id,
            item_id,
            _period(period),
            FollowUp(body["status"], body["comment"]),
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/assessments/<period>")
class ItemAssessments(MethodView):
    @blp.arguments(AssessmentSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], plan_id: UUID, item_id: UUID, period: str) -> Any:
        """Assess a goal (or any item) for the period: `met`, `partly_met` or `not_met`,
        on what `basis`, with a comment. A different later assessment is a correction
        (needs reason); the same again writes nothing."""
        written = container().plan_items.assess(
            plan_id,
            item_id,
            _period(period),
            Assessment(body["status"], body["basis"], body["comment"]),
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/report")
class PlanReportView(MethodView):
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200, PlanReportSchema)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The follow-up report of the period as known at known_at: every item's status,
        every indicator's outcome against target and assessment, and what is missing.
        The plan's structure is read on the period's last day."""
        with _period_of_plan(args, plan_id) as (period, as_of, plan, cursor):
            report = plan_report(container().views.plans, cursor, plan_id, period, as_of.position)
        days_left = None
        if report.due_on is not None:
            days_left = (report.due_on - today_in_stockholm()).days
        body = {
            "plan_id": plan.plan_id,
            "name": plan.name,
            "period": report.period,
            "due_on": report.due_on,
            "days_left": days_left,
            "submitted": report.submitted,
            "locked": report.locked,
            "items": [_report_item(i) for i in report.items],
            "missing": report.missing,
            "as_of": as_of_json(as_of),
        }
        # days_left counts from today: with a deadline, the answer changes tomorrow.
        return body, 200, cache_headers(as_of, counts_from_today=days_left is not None)


@blp.route("/plans/<uuid:plan_id>/report/changes")
class PlanReportChanges(MethodView):
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200, ReportChangesSchema)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """What differs between the period's report as submitted and as known at known_at
        (default: now), with who changed it and why. 409 if it was never submitted."""
        view = container().views.plans
        with _period_of_plan(args, plan_id) as (period, as_of, _, cursor):
            submitted = submission_position(view, cursor, plan_id, period, as_of.position)
            if submitted is None:
                raise NotSubmitted(f"the follow-up for {period} has not been submitted")
            before = plan_report(view, cursor, plan_id, period, submitted)
            after = plan_report(view, cursor, plan_id, period, as_of.position)
        body = {
            "plan_id": plan_id,
            "period": str(period),
            "submitted_position": submitted,
            "changes": report_changes(before, after),
            "as_of": as_of_json(as_of),
        }
        return body, 200, cache_headers(as_of)


def sheet(description: str) -> dict[str, Any]:
    """A spreadsheet answer, as the OpenAPI document tells it."""
    return {
        "description": description,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            spreadsheets.XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }


@blp.route("/plans/<uuid:plan_id>/report/export")
class PlanReportExport(MethodView):
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.response(200, description="The report as CSV or XLSX.")
    @blp.doc(responses={"200": sheet("The report as CSV (UTF-8) or XLSX.")})
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The follow-up report of the period as a spreadsheet (`format`: csv or xlsx)."""
        with _period_of_plan(args, plan_id) as (period, as_of, _, cursor):
            report = plan_report(container().views.plans, cursor, plan_id, period, as_of.position)
        rows = spreadsheets.report_rows(report)
        name = f"report-{period}-{as_of.position}"
        return _sheet(args["format"], name, spreadsheets.REPORT_COLUMNS, rows, as_of)


@blp.route("/indicators/<uuid:indicator_id>/export")
class IndicatorExport(MethodView):
    @blp.arguments(SeriesExportArgsSchema, location="query")
    @blp.response(200, description="The series as CSV or XLSX.")
    @blp.doc(responses={"200": sheet("The series as CSV (UTF-8) or XLSX.")})
    def get(self, args: dict[str, Any], indicator_id: UUID) -> Any:
        """The indicator's series per period as a spreadsheet (`format`: csv or xlsx)."""
        as_of = read_at(args, READ)
        view = container().views.plans
        with container().db.reading() as cursor:
            _indicator(cursor, indicator_id, as_of.position)
            values = view.series(cursor, indicator_id, as_of.position)
        rows = spreadsheets.series_rows(values)
        name = f"indicator-{as_of.position}"
        return _sheet(args["format"], name, spreadsheets.SERIES_COLUMNS, rows, as_of)


@contextmanager
def _period_of_plan(
    args: dict[str, Any], plan_id: UUID
) -> Iterator[tuple[Period, AsOf, PlanRow, Cursor]]:
    """A read about one period of a plan: the plan's structure on the period's last day,
    as known at `known_at`; 404 when the plan is not known then."""
    period = _period(args["period"])
    as_of = read_at({**args, "valid_at": period.last_day()}, READ)
    with container().db.reading() as cursor:
        plan = container().views.plans.plan(cursor, plan_id, as_of.valid_at, as_of.position)
        if plan is None:
            raise NotFound("plan", plan_id)
        yield period, as_of, plan, cursor


def _indicator(cursor: Cursor, indicator_id: UUID, position: int) -> IndicatorRow:
    indicator = container().views.plans.indicator(cursor, indicator_id, position)
    if indicator is None:
        raise NotFound("indicator", indicator_id)
    return indicator


def _sheet(kind: str, name: str, columns: Any, rows: Any, as_of: Any) -> Response:
    if kind == "xlsx":
        data, mimetype = spreadsheets.to_xlsx(name, columns, rows), spreadsheets.XLSX
    else:
        data, mimetype = spreadsheets.to_csv(columns, rows), spreadsheets.CSV
    response = Response(data, content_type=mimetype)  # as it is: CSV names its charset
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers.update(cache_headers(as_of))
    return response


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
    def post(self, plan_id: UUID, period: str) -> Any:
        """Import a period's targets and outcomes from CSV or XLSX: every row is checked,
        and all are written, or (any row refused) none, with every refused row listed."""
        chosen = _period(period)
        kind = "xlsx" if request.mimetype == spreadsheets.XLSX else "csv"
        if request.mimetype not in (spreadsheets.XLSX, "text/csv"):
            raise UnreadableImport("send text/csv or an XLSX workbook")
        settings = container().settings
        try:
            rows, refused = spreadsheets.read_period_values(
                request.get_data(),
                kind,
                max_rows=settings.max_import_rows,
                max_uncompressed=settings.max_xlsx_uncompressed,
            )
        except spreadsheets.UnreadableSheet as error:
            raise UnreadableImport(str(error), row=error.row) from error
        report = container().indicators.record_period(plan_id, chosen, rows, refused, provenance())
        if report.rejected:
            raise ImportRejected(report.rows, report.rejected)
        container().wake_follower()
        return dataclasses.asdict(report), 201 if report.position else 200


@blp.route("/plans/<uuid:plan_id>/items")
class PlanItems(MethodView):
    @blp.arguments(NewItemSchema)
    @blp.response(201, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID) -> Any:
        """Add an item (focus area, goal, activity, milestone …) from effective_on."""
        new = NewItem(body["kind"], _state(body))
        written = container().plan_items.add(
            plan_id, new, body["effective_on"], provenance(body["reason"])
        )
        return _written(written, 201)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/revisions")
class PlanItemRevisions(MethodView):
    @blp.arguments(ItemFieldsSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID, item_id: UUID) -> Any:
        """Revise the item from effective_on; a new parent_id moves it."""
        written = container().plan_items.revise(
            plan_id, item_id, _state(body), body["effective_on"], provenance(body["reason"])
        )
        return _written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/removal")
class PlanItemRemoval(MethodView):
    @blp.arguments(ItemRemovalSchema)
    @blp.response(200, WrittenThingSchema)
    def post(self, body: dict[str, Any], plan_id: UUID, item_id: UUID) -> Any:
        """Remove the item from effective_on (409 while items sit under it)."""
        written = container().plan_items.remove(
            plan_id, item_id, body["effective_on"], provenance(body["reason"])
        )
        return _written(written)


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(NewIndicatorSchema)
    @blp.response(201, WrittenThingSchema)
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
        return _written(written, 201, f"{blp.url_prefix}/indicators/{written.thing_id}")


@blp.route("/indicators/<uuid:indicator_id>")
class IndicatorById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, IndicatorSchema)
    def get(self, args: dict[str, Any], indicator_id: UUID) -> Any:
        """The indicator's series: target, outcome and assessment per period, as known at
        known_at; corrected values are flagged. (valid_at does not apply to periods.)"""
        as_of = read_at(args, READ)
        view = container().views.plans
        with container().db.reading() as cursor:
            indicator = _indicator(cursor, indicator_id, as_of.position)
            values = view.series(cursor, indicator_id, as_of.position)
        periods: dict[str, dict[str, Any]] = {}
        for row in values:
            entry = periods.setdefault(row.period, _empty_period(row.period))
            if row.series is Series.FORECAST:
                entry["forecasts"].append(row)
            else:
                entry[row.series.value] = row
        body = {
            **dataclasses.asdict(indicator),
            "series": list(periods.values()),
            "as_of": as_of_json(as_of),
        }
        return body, 200, cache_headers(as_of)


@blp.route("/indicators/<uuid:indicator_id>/history/<period>")
class IndicatorPeriodHistory(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PeriodHistorySchema)
    def get(self, args: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Every value recorded for the period, superseded ones too: who, when, why."""
        text = str(_period(period))
        as_of = read_at(args, READ)
        view = container().views.plans
        with container().db.reading() as cursor:
            _indicator(cursor, indicator_id, as_of.position)
            values = view.history(cursor, indicator_id, text, as_of.position)
        body = {"period": text, "values": values, "as_of": as_of_json(as_of)}
        return body, 200, cache_headers(as_of)


@blp.route("/indicators/<uuid:indicator_id>/targets/<period>")
class IndicatorTargets(MethodView):
    @blp.arguments(TargetSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Set the period's target, citing the decision; a different later target is a
        revision (needs reason); the same target again writes nothing."""
        written = container().indicators.set_target(
            indicator_id,
            _period(period),
            body["value"],
            body["comment"],
            body["decision_id"],
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/indicators/<uuid:indicator_id>/outcomes/<period>")
class IndicatorOutcomes(MethodView):
    @blp.arguments(OutcomeSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Report the period's outcome; a different later value is a correction (needs
        reason); the same value again writes nothing."""
        written = container().indicators.report_outcome(
            indicator_id,
            _period(period),
            body["value"],
            body["comment"],
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/indicators/<uuid:indicator_id>/assessments/<period>")
class IndicatorAssessments(MethodView):
    @blp.arguments(AssessmentSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Assess the period: `met`, `partly_met` or `not_met`, on what `basis`; a
        different later assessment is a correction (needs reason); the same again writes
        nothing."""
        written = container().indicators.assess(
            indicator_id,
            _period(period),
            Assessment(body["status"], body["basis"], body["comment"]),
            provenance(body["reason"]),
        )
        return _written(written)


@blp.route("/indicators/<uuid:indicator_id>/forecasts/<period>")
class IndicatorForecasts(MethodView):
    @blp.arguments(ForecastSchema)
    @blp.response(200, WrittenThingSchema)
    def put(self, body: dict[str, Any], indicator_id: UUID, period: str) -> Any:
        """Make a forecast for the period, in `reported_in`: a forecast made in another
        period is a new one, never a correction; the same forecast with another value is
        a correction (needs reason)."""
        written = container().indicators.make_forecast(
            indicator_id,
            _period(period),
            body["reported_in"],
            body["value"],
            body["comment"],
            provenance(body["reason"]),
        )
        return _written(written)


def _empty_period(period: str) -> dict[str, Any]:
    return {"period": period, "target": None, "outcome": None, "assessment": None,
            "forecasts": []}  # fmt: skip


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except InvalidCommand as error:
        raise InvalidArgument("period", error.detail) from None


def _state(body: dict[str, Any]) -> ItemState:
    owners = tuple(Owner(o["role"], o["person_id"], o["organ_id"]) for o in body["owners"])
    return ItemState(body["title"], body["parent_id"], body["target_year"], owners)


def _report_item(entry: ReportItem) -> dict[str, Any]:
    node = entry.item
    return {
        "id": node.item_id,
        "kind": node.kind,
        "title": node.title,
        "parent_id": node.parent_id,
        "depth": entry.depth,
        "follow_up": entry.follow_up,
        "assessment": entry.assessment,
        "indicators": [_report_indicator(i) for i in entry.indicators],
    }


def _report_indicator(figure: ReportIndicator) -> dict[str, Any]:
    """Named field by field: a region's report holds thousands (no deep copies)."""
    indicator = figure.indicator
    return {
        "id": indicator.indicator_id,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "periodicity": indicator.periodicity,
        "accumulation": indicator.accumulation,
        "periods": figure.periods,
        "target": figure.target,
        "outcome": figure.outcome,
        "difference": figure.difference,
        "assessment": figure.assessment,
        "corrected": figure.corrected,
        "late": figure.late,
        "missing": figure.missing,
    }


def _node(node: ItemNode) -> dict[str, Any]:
    return {
        **{k: v for k, v in dataclasses.asdict(node).items() if k != "children"},
        "children": [_node(c) for c in node.children],
    }


def _written(written: Written, status: int = 200, location: str | None = None) -> Any:
    container().wake_follower()
    headers = {**etag(written.version), **({"Location": location} if location else {})}
    body = {
        "id": written.thing_id,
        "version": written.version,
        "position": written.position,
        "written": written.written,
    }
    return body, status, headers
