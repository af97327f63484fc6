"""Mandate schemas: a mandate document's fields, its versions and their differences."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.mandates import MandateType
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    Integer,
    Line,
    Prose,
    WrittenSchema,
    storable,
)
from interfaces.http.schemas.organs import AnnulmentSchema, ChangeArgs

TEXT = validate.Length(min=1, max=4000)


class PositionSchema(ma.Schema):
    """A position a mandate names (e.g. "Regiondirektör"), optionally with its holder."""

    title = Line(required=True, validate=validate.Length(min=1, max=300))
    person_id = fields.UUID(load_default=None)


class ParticipantSchema(ma.Schema):
    organ_id = fields.UUID(load_default=None, metadata={"description": "The organ sending them."})
    function_title = Line(required=True, validate=validate.Length(min=1, max=300))


class LinkSchema(ma.Schema):
    organ_id = fields.UUID(load_default=None)
    description = Prose(required=True, validate=TEXT)


class ReportingLineSchema(ma.Schema):
    title = Line(required=True, validate=validate.Length(min=1, max=300))
    organ_id = fields.UUID(load_default=None)


class MandateContentSchema(ma.Schema):
    mandate_type = fields.Enum(MandateType, by_value=True, required=True)
    responsibility_area = Prose(load_default=None, validate=TEXT)
    commissioner = fields.Nested(PositionSchema, load_default=None, allow_none=True)
    holder = fields.Nested(PositionSchema, load_default=None, allow_none=True)
    chair = fields.Nested(PositionSchema, load_default=None, allow_none=True)
    purpose = Prose(load_default=None, validate=TEXT)
    tasks = fields.List(Prose(validate=TEXT), load_default=list)
    participants = fields.List(fields.Nested(ParticipantSchema), load_default=list)
    co_opted = Prose(load_default=None, validate=TEXT)
    meetings_per_year = Integer(load_default=None, validate=validate.Range(min=0, max=366))
    meetings_per_year_approximate = fields.Boolean(
        load_default=False, metadata={"description": "True for 'cirka 10 gånger per år'."}
    )
    subgroups = Prose(load_default=None, validate=TEXT)
    links = fields.List(fields.Nested(LinkSchema), load_default=list)
    reporting_to = fields.List(fields.Nested(ReportingLineSchema), load_default=list)
    decision_powers = Prose(load_default=None, validate=TEXT)


class PutMandateSchema(MandateContentSchema, ChangeArgs):
    pass


WITHDRAWN_ON = Date(
    load_default=None,
    metadata={
        "description": "The date of the withdrawal to correct or annul, when it is not the"
        " last change (the organ's history and the version it ended, as `valid_to`, give"
        " it); left out, the last change, which must be a withdrawal."
    },
)


class MandateWithdrawalSchema(ChangeArgs):
    withdrawn_on = WITHDRAWN_ON


class MandateWithdrawalAnnulmentSchema(AnnulmentSchema):
    withdrawn_on = WITHDRAWN_ON


class MandateSchema(MandateContentSchema):
    organ_id = fields.UUID()
    version = Integer()
    decision_id = fields.UUID()
    effective_on = Date(metadata={"description": "In force from…"})
    valid_to = Date(
        allow_none=True,
        metadata={"description": "…until (exclusive): the next version or a withdrawal."},
    )
    recorded_from = Integer()


class WrittenMandateSchema(WrittenSchema):
    organ_id = fields.UUID()
    version = Integer(
        allow_none=True, metadata={"description": "The mandate version; null for a withdrawal."}
    )
    effective_on = Date()
    decision_id = fields.UUID()
    withdrawn = fields.Boolean()
    annulled = fields.Boolean(
        metadata={"description": "True when this request annulled the version or withdrawal."}
    )
    written = fields.Boolean(
        metadata={"description": "False when the same version was sent again: nothing written."}
    )


class MandateReadSchema(ma.Schema):
    organ_id = fields.UUID()
    mandate = fields.Nested(MandateSchema, allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class MandateVersionsSchema(ma.Schema):
    organ_id = fields.UUID()
    versions = fields.List(fields.Nested(MandateSchema))
    as_of = fields.Nested(AsOfSchema)


class DiffArgsSchema(AsOfArgsSchema):
    from_version = Integer(required=True, data_key="from", validate=storable(1))
    to_version = Integer(required=True, data_key="to", validate=storable(1))


class FieldChangeSchema(ma.Schema):
    field = fields.String()
    from_value = fields.Raw(data_key="from", attribute="from", allow_none=True)
    to_value = fields.Raw(data_key="to", attribute="to", allow_none=True)
    added = fields.List(fields.Raw(), metadata={"description": "List fields: items added."})
    removed = fields.List(fields.Raw(), metadata={"description": "List fields: items removed."})


class MandateDiffSchema(ma.Schema):
    organ_id = fields.UUID()
    from_version = Integer(data_key="from")
    to_version = Integer(data_key="to")
    changes = fields.List(fields.Nested(FieldChangeSchema))
    as_of = fields.Nested(AsOfSchema)
