"""Plan item schemas: an item added, revised (moved) and removed; its follow-up and
assessment per period."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.period_facts import AssessmentBasis, AssessmentStatus
from domain.plan_items import FollowUpStatus, ItemKind, OwnerRole
from interfaces.http.schemas.common import Date, Integer, Line, Prose
from interfaces.http.schemas.plans import NAME, REASON


def cited_decision() -> fields.UUID:
    return fields.UUID(
        load_default=None,
        metadata={"description": "The decision behind the change, if one: in its history."},
    )


class OwnerSchema(ma.Schema):
    role = fields.Enum(OwnerRole, by_value=True, required=True)
    person_id = fields.UUID(load_default=None)
    organ_id = fields.UUID(load_default=None)


class ItemFieldsSchema(ma.Schema):
    title = Line(required=True, validate=NAME)
    parent_id = fields.UUID(load_default=None)
    target_year = Integer(load_default=None, validate=validate.Range(min=1900, max=2200))
    owners = fields.List(fields.Nested(OwnerSchema), load_default=list)
    effective_on = Date(required=True)
    decision_id = cited_decision()
    reason = Prose(load_default=None, validate=REASON)


class NewItemSchema(ItemFieldsSchema):
    kind = fields.Enum(ItemKind, by_value=True, required=True)


class ItemRemovalSchema(ma.Schema):
    effective_on = Date(required=True)
    decision_id = cited_decision()
    reason = Prose(load_default=None, validate=REASON)


class FollowUpSchema(ma.Schema):
    status = fields.Enum(FollowUpStatus, by_value=True, required=True)
    comment = Prose(load_default=None, validate=REASON)
    reason = Prose(
        load_default=None, validate=REASON, metadata={"description": "Required on a correction."}
    )


class AssessmentSchema(ma.Schema):
    status = fields.Enum(AssessmentStatus, by_value=True, required=True)
    basis = fields.Enum(AssessmentBasis, by_value=True, load_default=None)
    comment = Prose(load_default=None, validate=REASON)
    reason = Prose(load_default=None, validate=REASON)
