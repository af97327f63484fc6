"""Assignments (uppdrag): give, report back, close, withdraw; list by date and filters
(also as a spreadsheet)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.assignments import AssignmentWritten, NewAssignment
from domain.assignments import Assignee
from domain.grants import Role
from interfaces import list_sheets
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, etag, expected_version, provenance
from interfaces.http.schemas.assignments import (
    AssignmentDetailSchema,
    AssignmentEndSchema,
    AssignmentExportArgsSchema,
    AssignmentListArgsSchema,
    AssignmentPageSchema,
    AssignmentWithdrawalSchema,
    NewAssignmentSchema,
    NewReportSchema,
    WrittenAssignmentSchema,
)
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.sheets import sheet_answer, sheet_doc
from interfaces.queries.pages import Page, whole_list
from projections.as_of import AsOf
from projections.assignments_view import AssignmentFilter, AssignmentState

blp = Blueprint(
    "assignments",
    __name__,
    url_prefix="/api/v1/assignments",
    description="Assignments (uppdrag) given by decisions, and their reports (återrapportering).",
)
READ = ("assignments",)
LIST_READ = ("assignments", "decision_register")
"""The list reads the giving decisions' organs too."""
ONE_READ = ("assignments", "audit_trail")
"""The assignment and its version (its ETag)."""


def assignment_filter(args: dict[str, Any]) -> AssignmentFilter:
    """The filters of AssignmentListArgsSchema (or a schema extending it)."""
    status = args["status"]
    return AssignmentFilter(
        status.value if status else None,
        args["overdue"],
        args["decision_id"],
        args["assignee_id"],
        args["given_by_organ_id"],
    )


def assignments_page(
    args: dict[str, Any], as_of: AsOf, after: Any, limit: int
) -> Page[AssignmentState]:
    """A page of the list by its filters: the JSON list and its export read this."""
    return container().queries.assignments.page(assignment_filter(args), as_of, after, limit)


@blp.route("")
class Assignments(MethodView):
    @blp.arguments(AssignmentListArgsSchema, location="query")
    @blp.response(200, AssignmentPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Assignments holding on valid_at, by due date; filter by status, overdue, decision
        or assignee (organ or person), or the organ whose decision gave it."""
        as_of = read_at(args, LIST_READ)
        page = assignments_page(args, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewAssignmentSchema)
    @blp.response(201, WrittenAssignmentSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Give an assignment by a decision to organs or people, due on a date or in a period."""
        new = NewAssignment(
            decision_id=body["decision_id"],
            title=body["title"],
            assignees=tuple(Assignee(a["organ_id"], a["person_id"]) for a in body["assignees"]),
            due_on=body["due_on"],
            due_period=body["due_period"],
            effective_on=body["effective_on"],
        )
        written = container().assignments.give(new, provenance(body["reason"]))
        return _written(written, 201, {"Location": f"{blp.url_prefix}/{written.assignment_id}"})


@blp.route("/export")
class AssignmentExport(MethodView):
    @blp.arguments(AssignmentExportArgsSchema, location="query")
    @blp.response(200, description="The assignment list as CSV or XLSX.")
    @blp.doc(
        responses={
            "200": sheet_doc(
                "Every assignment of the list (all its pages), as CSV (UTF-8) or XLSX; more"
                " than `MAX_EXPORT_ROWS` rows is 422."
            )
        }
    )
    def get(self, args: dict[str, Any]) -> Any:
        """The assignment list, with its filters, as one spreadsheet (`format`: csv or xlsx)."""
        as_of = read_at(args, LIST_READ)
        most = container().settings.max_export_rows
        items = whole_list(lambda after, limit: assignments_page(args, as_of, after, limit), most)
        return sheet_answer(list_sheets.assignments(items, as_of, args), args, as_of)


@blp.route("/<uuid:assignment_id>")
class AssignmentById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, AssignmentDetailSchema)
    @tagged
    def get(self, args: dict[str, Any], assignment_id: UUID) -> Any:
        """The assignment's status on valid_at, with every report known at known_at."""
        as_of = read_at(args, ONE_READ)
        assignment = container().queries.assignments.assignment(assignment_id, as_of)
        return assignment, 200, {**cache_headers(as_of), **etag(assignment.version)}


@blp.route("/<uuid:assignment_id>/reports")
class AssignmentReports(MethodView):
    @blp.arguments(NewReportSchema)
    @blp.response(201, WrittenAssignmentSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], assignment_id: UUID) -> Any:
        """Report back on the assignment (återrapportering)."""
        written = container().assignments.report(
            assignment_id,
            body["text"],
            body["reported_on"],
            body["decision_id"],
            provenance(body["reason"]),
            expected_version(),
        )
        return _written(written, 201)


@blp.route("/<uuid:assignment_id>/closure")
class AssignmentClosure(MethodView):
    @blp.arguments(AssignmentEndSchema)
    @blp.response(200, WrittenAssignmentSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], assignment_id: UUID) -> Any:
        """Close the assignment from effective_on."""
        written = container().assignments.close(
            assignment_id,
            body["effective_on"],
            body["decision_id"],
            provenance(body["reason"]),
            expected_version(),
        )
        return _written(written)


@blp.route("/<uuid:assignment_id>/withdrawal")
class AssignmentWithdrawal(MethodView):
    @blp.arguments(AssignmentWithdrawalSchema)
    @blp.response(200, WrittenAssignmentSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], assignment_id: UUID) -> Any:
        """Withdraw the assignment from effective_on, citing the decision."""
        written = container().assignments.withdraw(
            assignment_id,
            body["effective_on"],
            body["decision_id"],
            provenance(body["reason"]),
            expected_version(),
        )
        return _written(written)


def _written(written: AssignmentWritten, status: int = 200, headers: Any = None) -> Any:
    container().wake_follower()
    return written, status, {**etag(written.version), **(headers or {})}
