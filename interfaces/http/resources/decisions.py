"""Decisions: record one; list them (also as a spreadsheet); one decision with every
change that cites it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.decisions import NewDecision
from domain.grants import Role
from interfaces import list_sheets
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, etag, provenance
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.decisions import (
    DecisionDetailSchema,
    DecisionExportArgsSchema,
    DecisionListArgsSchema,
    DecisionPageSchema,
    NewDecisionSchema,
    WrittenDecisionSchema,
)
from interfaces.http.sheets import sheet_answer, sheet_doc
from interfaces.queries.pages import Page, whole_list
from projections.as_of import AsOf
from projections.decision_register_view import DecisionFilter, DecisionRow

blp = Blueprint(
    "decisions",
    __name__,
    url_prefix="/api/v1/decisions",
    description="Decisions (beslut): the authority every change cites.",
)
REGISTER = ("decision_register",)
WITH_EFFECTS = ("decision_register", "audit_trail")


def decision_filter(args: dict[str, Any]) -> DecisionFilter:
    """The filters of DecisionListArgsSchema (or a schema extending it)."""
    return DecisionFilter(
        args["organ_id"],
        args["decided_from"],
        args["decided_to"],
        args["case_number"],
        args["decision_type"] and args["decision_type"].value,
        args["outcome"] and args["outcome"].value,
    )


def decisions_page(args: dict[str, Any], as_of: AsOf, after: Any, limit: int) -> Page[DecisionRow]:
    """A page of the register by its filters: the JSON list and its export read this."""
    return container().queries.decisions.page(decision_filter(args), as_of, after, limit)


@blp.route("")
class Decisions(MethodView):
    @blp.arguments(DecisionListArgsSchema, location="query")
    @blp.response(200, DecisionPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Decisions known at known_at, newest meeting date first; the filters combine."""
        as_of = read_at(args, REGISTER)
        page = decisions_page(args, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewDecisionSchema)
    @blp.response(201, WrittenDecisionSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Record a decision (organ, meeting date, §, case number)."""
        new = NewDecision(
            decided_on=body["decided_on"],
            title=body["title"],
            decision_type=body["decision_type"],
            outcome=body["outcome"],
            organ_id=body["organ_id"],
            paragraph=body["paragraph"],
            case_number=body["case_number"],
            summary=body["summary"],
            decision_id=body["id"],
        )
        written = container().decisions.record(new, provenance(body["reason"]))
        container().wake_follower()
        headers = {**etag(written.version), "Location": f"{blp.url_prefix}/{written.decision_id}"}
        return written, 201, headers


@blp.route("/export")
class DecisionExport(MethodView):
    @blp.arguments(DecisionExportArgsSchema, location="query")
    @blp.response(200, description="The decision list as CSV or XLSX.")
    @blp.doc(
        responses={
            "200": sheet_doc(
                "Every decision of the list (all its pages), as CSV (UTF-8) or XLSX; more"
                " than `MAX_EXPORT_ROWS` rows is 422."
            )
        }
    )
    def get(self, args: dict[str, Any]) -> Any:
        """The decision list, with its filters, as one spreadsheet (`format`: csv or xlsx)."""
        as_of = read_at(args, REGISTER)
        most = container().settings.max_export_rows
        items = whole_list(lambda after, limit: decisions_page(args, as_of, after, limit), most)
        return sheet_answer(list_sheets.decisions(items, as_of, args), args, as_of)


@blp.route("/<uuid:decision_id>")
class DecisionById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, DecisionDetailSchema)
    @tagged
    def get(self, args: dict[str, Any], decision_id: UUID) -> Any:
        """One decision and every change that cites it, as known at known_at."""
        as_of = read_at(args, WITH_EFFECTS)
        decision = container().queries.decisions.decision(decision_id, as_of)
        return decision, 200, {**cache_headers(as_of), **etag(decision.version)}
