"""Decisions: record one; list them; one decision with every change that cites it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.decisions import NewDecision
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, etag, provenance
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.decisions import (
    DecisionDetailSchema,
    DecisionListArgsSchema,
    DecisionPageSchema,
    NewDecisionSchema,
    WrittenDecisionSchema,
)

blp = Blueprint(
    "decisions",
    __name__,
    url_prefix="/api/v1/decisions",
    description="Decisions (beslut): the authority every change cites.",
)
REGISTER = ("decision_register",)
WITH_EFFECTS = ("decision_register", "audit_trail")


@blp.route("")
class Decisions(MethodView):
    @blp.arguments(DecisionListArgsSchema, location="query")
    @blp.response(200, DecisionPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Decisions known at known_at, newest meeting date first."""
        as_of = read_at(args, REGISTER)
        page = container().queries.decisions.page(
            args["organ_id"], as_of, cursor_after(args), args["limit"]
        )
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewDecisionSchema)
    @blp.response(201, WrittenDecisionSchema)
    @tagged
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


@blp.route("/<uuid:decision_id>")
class DecisionById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, DecisionDetailSchema)
    def get(self, args: dict[str, Any], decision_id: UUID) -> Any:
        """One decision and every change that cites it, as known at known_at."""
        as_of = read_at(args, WITH_EFFECTS)
        decision = container().queries.decisions.decision(decision_id, as_of)
        return decision, 200, cache_headers(as_of)
