"""Decisions: record one; list them; one decision with every change that cites it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.decisions import NewDecision
from application.errors import NotFound
from interfaces.http.json_numbers import Blueprint
from interfaces.http.reading import as_of_json, cache_headers, cursor_after, next_cursor, read_at
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
        with container().db.reading() as cursor:
            items = container().views.decisions.page(
                cursor, as_of.position, args["organ_id"], cursor_after(args), args["limit"]
            )
        last = (items[-1].decided_on.isoformat(), str(items[-1].decision_id)) if items else None
        page = {
            "items": items,
            "next_cursor": next_cursor(as_of, last, len(items) == args["limit"]),
            "as_of": as_of_json(as_of),
        }
        return page, 200, cache_headers(as_of)

    @blp.arguments(NewDecisionSchema)
    @blp.response(201, WrittenDecisionSchema)
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
        views = container().views
        with container().db.reading() as cursor:
            decision = views.decisions.get(cursor, decision_id, as_of.position)
            if decision is None:
                raise NotFound("decision", decision_id)
            effects = views.audit.effects(cursor, decision_id, as_of.position, 0, 10_000)
        body = {**decision.__dict__, "effects": effects, "as_of": as_of_json(as_of)}
        return body, 200, cache_headers(as_of)
