"""Plan schemas: a plan adopted, revised, closed and read with its item tree; a
period's deadline, submission and lock; what a write of a plan, item or indicator left."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.plans import Mark, PlanKind
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    Integer,
    Line,
    NameSearch,
    PageArgsSchema,
    Prose,
    WrittenSchema,
)

NAME = validate.Length(min=1, max=500)
REASON = validate.Length(max=2000)


class NewPlanSchema(ma.Schema):
    name = Line(required=True, validate=NAME)
    kind = fields.Enum(PlanKind, by_value=True, required=True)
    owner_organ_id = fields.UUID(required=True)
    valid_from = Date(required=True, metadata={"description": "The plan's span from…"})
    valid_to = Date(load_default=None, metadata={"description": "…until (exclusive)."})
    effective_on = Date(required=True, metadata={"description": "Adopted from."})
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PlanRevisionSchema(ma.Schema):
    name = Line(required=True, validate=NAME)
    valid_from = Date(required=True)
    valid_to = Date(load_default=None)
    effective_on = Date(required=True)
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PlanClosureSchema(ma.Schema):
    effective_on = Date(required=True)
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class WrittenThingSchema(WrittenSchema):
    id = fields.UUID(attribute="thing_id")
    version = Integer()
    written = fields.Boolean(metadata={"description": "False when nothing changed."})


class ItemNodeSchema(ma.Schema):
    id = fields.UUID(attribute="item_id")
    kind = fields.String()
    title = fields.String()
    parent_id = fields.UUID(allow_none=True)
    target_year = Integer(allow_none=True)
    owners = fields.List(fields.Dict())
    valid_from = Date()
    valid_to = Date(allow_none=True)
    indicator_ids = fields.List(fields.UUID())
    children = fields.List(fields.Nested(lambda: ItemNodeSchema()))


class PlanItemSchema(ma.Schema):
    """One item of a plan on valid_at, without its children."""

    id = fields.UUID(attribute="item.item_id")
    plan_id = fields.UUID()
    kind = fields.String(attribute="item.kind")
    title = fields.String(attribute="item.title")
    parent_id = fields.UUID(attribute="item.parent_id", allow_none=True)
    target_year = Integer(attribute="item.target_year", allow_none=True)
    owners = fields.List(fields.Dict(), attribute="item.owners")
    valid_from = Date(attribute="item.valid_from")
    valid_to = Date(attribute="item.valid_to", allow_none=True)
    indicator_ids = fields.List(fields.UUID(), attribute="item.indicator_ids")
    exists = fields.Boolean(
        metadata={"description": "Whether the item is in the plan on valid_at."}
    )
    version = Integer(
        metadata={"description": "The item's version as known at known_at (its ETag)."}
    )
    as_of = fields.Nested(AsOfSchema)


class PeriodMarkSchema(ma.Schema):
    period = fields.String()
    mark = fields.Enum(
        Mark, by_value=True, metadata={"description": "submitted (klarmarkerad) or locked"}
    )
    position = Integer()
    actor = fields.String(allow_none=True)


class PlanSchema(ma.Schema):
    id = fields.UUID(attribute="plan_id")
    name = fields.String()
    kind = fields.String()
    owner_organ_id = fields.UUID()
    valid_from = Date()
    valid_to = Date(allow_none=True)
    closed_on = Date(allow_none=True)
    decision_id = fields.UUID(
        metadata={"description": "The adoption's or the revision's in force on valid_at."}
    )
    version = Integer(
        metadata={"description": "The plan's version as known at known_at (its ETag)."}
    )
    items = fields.List(fields.Nested(ItemNodeSchema))
    periods = fields.List(fields.Nested(PeriodMarkSchema))
    as_of = fields.Nested(AsOfSchema)


class PlanListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    """The list's filters, each optional; given together, a plan meets them all. Without
    `in_force`, every plan adopted on or before valid_at is listed: closed ones, and those
    whose span has ended or not yet begun, too."""

    owner_organ_id = fields.UUID(load_default=None, metadata={"description": "The owner organ."})
    kind = fields.Enum(PlanKind, by_value=True, load_default=None)
    in_force = fields.Boolean(
        load_default=None,
        metadata={
            "description": "true: only plans whose span contains valid_at and that are not"
            " closed on it; false: only the others."
        },
    )
    q = NameSearch(
        description="Part of the plan's name on valid_at (case-insensitive, å ä ö included;"
        " `%` and `_` are themselves)."
    )


class ListedPlanSchema(ma.Schema):
    id = fields.UUID(attribute="plan_id")
    name = fields.String(metadata={"description": "Its name on valid_at."})
    kind = fields.String()
    owner_organ_id = fields.UUID()
    valid_from = Date(metadata={"description": "The plan's span from…"})
    valid_to = Date(allow_none=True, metadata={"description": "…until (exclusive)."})
    closed_on = Date(allow_none=True)
    decision_id = fields.UUID(
        metadata={"description": "The adoption's or the revision's in force on valid_at."}
    )
    in_force = fields.Boolean(
        metadata={"description": "Whether its span contains valid_at and it is not closed."}
    )


class PlanPageSchema(ma.Schema):
    items = fields.List(fields.Nested(ListedPlanSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class DeadlineSchema(ma.Schema):
    due_on = Date(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PeriodMarkingSchema(ma.Schema):
    reason = Prose(load_default=None, validate=REASON)
