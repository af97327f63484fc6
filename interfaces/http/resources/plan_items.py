"""Plan items: add, revise (move), remove, read one; an activity's follow-up and an item's
assessment per period."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.plan_items import NewItem
from domain.grants import Role
from domain.period_facts import Assessment
from domain.plan_items import FollowUp, ItemState, Owner
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, refuses, tagged
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import (
    container,
    etag,
    expected_version,
    period_argument,
    provenance,
)
from interfaces.http.resources.plans import READ, answer_written
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.plan_items import (
    AssessmentSchema,
    FollowUpSchema,
    ItemFieldsSchema,
    ItemRemovalSchema,
    NewItemSchema,
)
from interfaces.http.schemas.plans import PlanItemSchema, WrittenThingSchema

blp = Blueprint(
    "plan_items",
    __name__,
    url_prefix="/api/v1",
    description="A plan's items (focus areas, goals, activities …) over valid time; their"
    " follow-ups and assessments per period.",
)


@blp.route("/plans/<uuid:plan_id>/items")
class PlanItems(MethodView):
    @blp.arguments(NewItemSchema)
    @blp.response(201, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], plan_id: UUID) -> Any:
        """Add an item (focus area, goal, activity, milestone …) from effective_on."""
        new = NewItem(body["kind"], _state(body), decision_id=body["decision_id"])
        written = container().plan_items.add(
            plan_id, new, body["effective_on"], provenance(body["reason"]), expected_version()
        )
        return answer_written(written, 201)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>")
class PlanItemById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PlanItemSchema)
    @tagged
    def get(self, args: dict[str, Any], plan_id: UUID, item_id: UUID) -> Any:
        """The item as it read on valid_at, as known at known_at; its ETag is the item's
        version then, which If-Match on its revisions, removal, follow-ups and
        assessments names."""
        as_of = read_at(args, READ)
        read = container().queries.plans.item(plan_id, item_id, as_of)
        return read, 200, {**cache_headers(as_of), **etag(read.version)}


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/revisions")
class PlanItemRevisions(MethodView):
    @blp.arguments(ItemFieldsSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], plan_id: UUID, item_id: UUID) -> Any:
        """Revise the item from effective_on; a new parent_id moves it."""
        written = container().plan_items.revise(
            plan_id, item_id, _state(body), body["effective_on"], provenance(body["reason"]),
            body["decision_id"], expected_version(),
        )  # fmt: skip
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/removal")
class PlanItemRemoval(MethodView):
    @blp.arguments(ItemRemovalSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], plan_id: UUID, item_id: UUID) -> Any:
        """Remove the item from effective_on (409 while items sit under it)."""
        written = container().plan_items.remove(
            plan_id,
            item_id,
            body["effective_on"],
            provenance(body["reason"]),
            body["decision_id"],
            expected_version(),
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/follow-ups/<period>")
class ItemFollowUps(MethodView):
    @blp.arguments(FollowUpSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def put(self, body: dict[str, Any], plan_id: UUID, item_id: UUID, period: str) -> Any:
        """Report an activity's status for the period; a different later status is a
        correction (needs reason); the same again writes nothing."""
        written = container().plan_items.report_follow_up(
            plan_id,
            item_id,
            period_argument(period),
            FollowUp(body["status"], body["comment"]),
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)


@blp.route("/plans/<uuid:plan_id>/items/<uuid:item_id>/assessments/<period>")
class ItemAssessments(MethodView):
    @blp.arguments(AssessmentSchema)
    @blp.response(200, WrittenThingSchema)
    @conditional
    @refuses(423)
    @allowed(Role.FOLLOW_UP_OFFICER, Role.CORRECTOR)
    def put(self, body: dict[str, Any], plan_id: UUID, item_id: UUID, period: str) -> Any:
        """Assess a goal (or any item) for the period: `met`, `partly_met` or `not_met`,
        on what `basis`, with a comment. A different later assessment is a correction
        (needs reason); the same again writes nothing."""
        written = container().plan_items.assess(
            plan_id,
            item_id,
            period_argument(period),
            Assessment(body["status"], body["basis"], body["comment"]),
            provenance(body["reason"]),
            expected=expected_version(),
        )
        return answer_written(written)


def _state(body: dict[str, Any]) -> ItemState:
    owners = tuple(Owner(o["role"], o["person_id"], o["organ_id"]) for o in body["owners"])
    return ItemState(body["title"], body["parent_id"], body["target_year"], owners)
