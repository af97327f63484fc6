"""Plans: adopt, revise, close, read with the item tree; a period's deadline, its
follow-up submitted (klarmarkerad) and the period locked."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.plans import NewPlan, Written
from domain.grants import Role
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import (
    container,
    etag,
    expected_version,
    period_argument,
    provenance,
)
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    ChangePageSchema,
    HistoryArgsSchema,
)
from interfaces.http.schemas.plans import (
    DeadlineSchema,
    NewPlanSchema,
    PeriodMarkingSchema,
    PlanClosureSchema,
    PlanListArgsSchema,
    PlanPageSchema,
    PlanRevisionSchema,
    PlanSchema,
    WrittenThingSchema,
)
from projections.plan_list_view import PlanFilter

blp = Blueprint(
    "plans",
    __name__,
    url_prefix="/api/v1",
    description="Plans over valid time, with their item trees; each period's deadline,"
    " submission and lock.",
)
READ = ("plan_tree", "indicator_series", "follow_up_report", "audit_trail")
"""A plan, its tree (each item with its indicators), its periods and its version."""
HISTORY_READ = ("audit_trail",)
LIST_READ = ("plan_tree",)


def answer_written(written: Written, status: int = 200, location: str | None = None) -> Any:
    """What a write of a plan, an item or an indicator answers: the thing's version as its
    ETag, and where a new one is."""
    container().wake_follower()
    headers = {**etag(written.version), **({"Location": location} if location else {})}
    return written, status, headers


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(PlanListArgsSchema, location="query")
    @blp.response(200, PlanPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Plans adopted on or before valid_at, as they read then, by name; filter by owner
        organ, kind, in force on valid_at, and name."""
        as_of = read_at(args, LIST_READ)
        where = PlanFilter(
            args["owner_organ_id"],
            args["kind"] and args["kind"].value,
            args["in_force"],
            args["q"],
        )
        page = container().queries.plans.page(where, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewPlanSchema)
    @blp.response(201, WrittenThingSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Adopt a plan: its kind, owner organ and span, citing the decision."""
        new = NewPlan(
            body["name"], body["kind"], body["owner_organ_id"], body["valid_from"], body["valid_to"]
        )
        written = container().plans.adopt(
            new, body["effective_on"], body["decision_id"], provenance(body["reason"])
        )
        return answer_written(written, 201, f"{blp.url_prefix}/plans/{written.thing_id}")


@blp.route("/plans/<uuid:plan_id>")
class PlanById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PlanSchema)
    @tagged
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """The plan as it read on valid_at, with its item tree, as known at known_at."""
        as_of = read_at(args, READ)
        plan = container().queries.plans.plan(plan_id, as_of)
        return plan, 200, {**cache_headers(as_of), **etag(plan.version)}


@blp.route("/plans/<uuid:plan_id>/history")
class PlanHistory(MethodView):
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, ChangePageSchema)
    def get(self, args: dict[str, Any], plan_id: UUID) -> Any:
        """Every recorded change of the plan and its items, in recorded order, each with
        its valid and recorded time, actor, decision and reason."""
        as_of = read_at(args, HISTORY_READ)
        history = container().queries.plans.history(
            plan_id, as_of, cursor_after(args), args["limit"]
        )
        return signed(history, as_of), 200, cache_headers(as_of)


@blp.route("/plans/<uuid:plan_id>/revisions")
class PlanRevisions(MethodView):
    @blp.arguments(PlanRevisionSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
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
            expected_version(),
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/closure")
class PlanClosure(MethodView):
    @blp.arguments(PlanClosureSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], plan_id: UUID) -> Any:
        """Close the plan: targets and item changes are then refused."""
        written = container().plans.close(
            plan_id,
            body["effective_on"],
            body["decision_id"],
            provenance(body["reason"]),
            expected_version(),
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>")
class PeriodDeadline(MethodView):
    @blp.arguments(DeadlineSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def put(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Set the period's deadline (`due_on`); the report shows it and the days left."""
        written = container().plans.set_deadline(
            plan_id,
            period_argument(period),
            body["due_on"],
            provenance(body["reason"]),
            expected_version(),
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>/submission")
class PeriodSubmission(MethodView):
    @blp.arguments(PeriodMarkingSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR, Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def post(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Submit (klarmarkera) the plan's follow-up for the period: it covers every value
        whose period lies inside it; a value first reported later is marked `late`."""
        written = container().plans.submit(
            plan_id, period_argument(period), provenance(body["reason"]), expected_version()
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/periods/<period>/lock")
class PeriodLock(MethodView):
    @blp.arguments(PeriodMarkingSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], plan_id: UUID, period: str) -> Any:
        """Lock the period: later values for it are 423, except from a corrector (a
        principal granted the role), whose values are corrections that need a reason."""
        written = container().plans.lock(
            plan_id, period_argument(period), provenance(body["reason"]), expected_version()
        )
        return answer_written(written)
