"""Grant schemas: who may do what, from when, under which decision."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from domain.grants import PRINCIPAL, Role
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    EnumValue,
    Integer,
    Line,
    PageArgsSchema,
    Prose,
    WrittenSchema,
)


def principal_field(**options: Any) -> Line:
    return Line(
        validate=validate.Regexp(PRINCIPAL, error="1 to 255 visible ASCII characters, no spaces"),
        metadata={
            "description": "An opaque id: an API token's principal or the identity provider's"
            " `sub`."
        },
        **options,
    )


class NewGrantSchema(ma.Schema):
    id = fields.UUID(load_default=None, metadata={"description": "Optional client-chosen id."})
    principal = principal_field(required=True)
    role = fields.Enum(Role, by_value=True, required=True)
    organ_ids = fields.List(
        fields.UUID(),
        load_default=list,
        validate=validate.Length(max=100),
        metadata={
            "description": "A follow_up_officer's organs (one or more): it reports for them"
            " and every organ below them. No other role takes any."
        },
    )
    effective_on = Date(required=True, metadata={"description": "The first day it holds."})
    decision_id = fields.UUID(
        load_default=None, metadata={"description": "The delegation order granting it."}
    )
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class RevocationSchema(ma.Schema):
    principal = principal_field(required=True)
    effective_on = Date(
        required=True,
        metadata={
            "description": "The first day it no longer holds; may lie in the past: what was"
            " written while the grant was known to hold stays allowed (see the audit)."
        },
    )
    decision_id = fields.UUID(load_default=None)
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class GrantSchema(ma.Schema):
    id = fields.UUID(attribute="grant_id")
    principal = fields.String()
    role = EnumValue()
    organ_ids = fields.List(fields.UUID())
    valid_from = Date()
    valid_to = Date(
        allow_none=True,
        metadata={"description": "The first day it no longer holds, once a revocation is known."},
    )
    decision_id = fields.UUID(allow_none=True)
    granted_by = fields.String(metadata={"description": "The principal who granted it."})
    granted_at = Integer(metadata={"description": "The position that recorded it."})
    reason = fields.String(allow_none=True)
    revocation_decision_id = fields.UUID(allow_none=True)
    revoked_by = fields.String(allow_none=True)
    revoked_at = Integer(
        allow_none=True, metadata={"description": "The position that recorded the revocation."}
    )
    revocation_reason = fields.String(allow_none=True)


class WrittenGrantSchema(WrittenSchema):
    id = fields.UUID(attribute="grant.grant_id")
    principal = fields.String()
    role = EnumValue(attribute="grant.role")
    organ_ids = fields.List(fields.UUID(), attribute="grant.organ_ids")
    valid_from = Date(attribute="grant.valid_from")
    valid_to = Date(attribute="grant.valid_to", allow_none=True)
    decision_id = fields.UUID(allow_none=True)


class GrantListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    principal = principal_field(load_default=None)
    role = fields.Enum(Role, by_value=True, load_default=None)
    every = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Every grant known at `known_at`, whenever it holds (default: only"
            " those holding on `valid_at`)."
        },
    )


class GrantPageSchema(ma.Schema):
    items = fields.List(fields.Nested(GrantSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class WriteAuditSchema(ma.Schema):
    position = Integer()
    event_type = fields.String()
    aggregate_id = fields.String()
    actor = fields.String(allow_none=True)
    recorded_at = fields.DateTime()
    recorded_on = Date(metadata={"description": "The day (Stockholm) its roles were checked on."})
    held_when_made = fields.List(
        fields.Nested(GrantSchema),
        metadata={"description": "The actor's grants on that day as known just before it."},
    )
    held_as_known_now = fields.List(
        fields.Nested(GrantSchema),
        metadata={"description": "The same grants as known at `as_of.position`."},
    )
    revised_since = fields.Boolean(
        metadata={"description": "A later grant or revocation (dated back) changed that day."}
    )
    as_of = fields.Nested(AsOfSchema)
