"""Decision schemas."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from domain.decisions import DecisionOutcome, DecisionType
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    ChangeSchema,
    Date,
    EnumValue,
    Line,
    PageArgsSchema,
    Prose,
    WholeListArgsSchema,
    WrittenSchema,
)


class NewDecisionSchema(ma.Schema):
    id = fields.UUID(load_default=None, metadata={"description": "Optional client-chosen id."})
    organ_id = fields.UUID(
        load_default=None,
        metadata={"description": "The deciding organ; omitted only on a registration."},
    )
    decided_on = Date(required=True, metadata={"description": "Meeting or decision date."})
    paragraph = Line(
        load_default=None,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "§, stored verbatim; unique per organ and calendar year."},
    )
    case_number = Line(
        load_default=None,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Diarienummer, stored verbatim."},
    )
    title = Line(required=True, validate=validate.Length(min=1, max=500))
    summary = Prose(load_default=None, validate=validate.Length(max=20000))
    decision_type = fields.Enum(DecisionType, by_value=True, required=True)
    outcome = fields.Enum(DecisionOutcome, by_value=True, load_default=DecisionOutcome.ADOPTED)
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class DecisionSchema(ma.Schema):
    id = fields.UUID(attribute="decision_id")
    organ_id = fields.UUID(allow_none=True)
    decided_on = Date()
    paragraph = fields.String(allow_none=True)
    case_number = fields.String(allow_none=True)
    title = fields.String()
    summary = fields.String(allow_none=True)
    decision_type = EnumValue()
    outcome = EnumValue()


class WrittenDecisionSchema(DecisionSchema, WrittenSchema):
    pass


class DecisionDetailSchema(DecisionSchema):
    effects = fields.List(
        fields.Nested(ChangeSchema), metadata={"description": "Every change citing it."}
    )
    as_of = fields.Nested(AsOfSchema)


class DecisionListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    """The list's filters, each optional; given together, a decision meets them all."""

    organ_id = fields.UUID(load_default=None, metadata={"description": "The deciding organ."})
    decided_from = Date(
        load_default=None, metadata={"description": "Decided on or after this date."}
    )
    decided_to = Date(
        load_default=None, metadata={"description": "Decided on or before this date."}
    )
    case_number = Line(
        load_default=None,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Diarienummer, exactly as recorded (verbatim)."},
    )
    decision_type = fields.Enum(DecisionType, by_value=True, load_default=None)
    outcome = fields.Enum(DecisionOutcome, by_value=True, load_default=None)

    @ma.validates_schema
    def check_dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("decided_from"), data.get("decided_to")
        if start is not None and end is not None and start > end:
            raise ma.ValidationError("decided_from is after decided_to", "decided_from")


class DecisionPageSchema(ma.Schema):
    items = fields.List(fields.Nested(DecisionSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class DecisionExportArgsSchema(WholeListArgsSchema, DecisionListArgsSchema):
    """The list's filters, as-of and sheet arguments: every filter of the list applies."""
