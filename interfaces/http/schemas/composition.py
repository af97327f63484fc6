"""People and composition schemas: registering people, seats in organs over time."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.composition import PresidiumRole, SeatRole
from interfaces.http.schemas.common import AsOfArgsSchema, AsOfSchema, WrittenSchema, storable
from interfaces.http.schemas.organs import ChangeArgs

PARTY = validate.Length(min=1, max=20)


class NewPersonSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title = fields.String(load_default=None, validate=validate.Length(max=300))
    employer_organ_id = fields.UUID(load_default=None)


class PersonSchema(WrittenSchema):
    id = fields.UUID()
    name = fields.String(
        allow_none=True, metadata={"description": "null once the personal data is erased."}
    )
    title = fields.String(allow_none=True)
    employer_organ_id = fields.UUID(allow_none=True)
    erased = fields.Boolean(metadata={"description": "Whether the personal data was erased."})


class ErasureSchema(ma.Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class NewSeatSchema(ChangeArgs):
    person_id = fields.UUID(required=True)
    role = fields.Enum(SeatRole, by_value=True, required=True)
    presidium_role = fields.Enum(
        PresidiumRole,
        by_value=True,
        load_default=None,
        metadata={"description": "On a member seat: chair, first or second vice chair."},
    )
    representing_id = fields.UUID(
        load_default=None, metadata={"description": "The organ (or party organ) represented."}
    )
    political_party = fields.String(load_default=None, validate=PARTY)
    substitute_order = fields.Integer(load_default=None, validate=storable(1))
    appointed_by_id = fields.UUID(
        load_default=None, metadata={"description": "The organ that appointed the person."}
    )


class SeatChangeSchema(ChangeArgs):
    presidium_role = fields.Enum(
        PresidiumRole,
        by_value=True,
        required=True,
        allow_none=True,
        metadata={"description": "The seat's presidium role from effective_on; null for none."},
    )


class SeatEndSchema(ChangeArgs):
    pass


class WrittenSeatSchema(WrittenSchema):
    id = fields.UUID(attribute="seat_id")
    organ_id = fields.UUID()
    person_id = fields.UUID()
    role = fields.String()
    presidium_role = fields.String(
        allow_none=True, metadata={"description": "On effective_on of the change."}
    )
    representing_id = fields.UUID(allow_none=True)
    political_party = fields.String(allow_none=True)
    substitute_order = fields.Integer(allow_none=True)
    appointed_by_id = fields.UUID(allow_none=True)
    decision_id = fields.UUID(metadata={"description": "The decision that made the appointment."})
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    version = fields.Integer(metadata={"description": "Version of the organ's composition."})


class SeatSchema(ma.Schema):
    id = fields.UUID(attribute="seat_id")
    organ_id = fields.UUID()
    organ_name = fields.String(allow_none=True)
    person_id = fields.UUID()
    person_name = fields.String(
        allow_none=True, metadata={"description": "null once the personal data is erased."}
    )
    person_title = fields.String(allow_none=True)
    role = fields.String()
    presidium_role = fields.String(allow_none=True)
    representing_id = fields.UUID(allow_none=True)
    representing_name = fields.String(allow_none=True)
    political_party = fields.String(allow_none=True)
    substitute_order = fields.Integer(allow_none=True)
    appointed_by_id = fields.UUID(allow_none=True)
    decision_id = fields.UUID()
    started_on = fields.Date(metadata={"description": "First day of the seat."})
    ended_on = fields.Date(allow_none=True, metadata={"description": "First day without it."})
    valid_from = fields.Date(metadata={"description": "This presidium role holds from…"})
    valid_to = fields.Date(allow_none=True, metadata={"description": "…until (exclusive)."})


class MembersSchema(ma.Schema):
    organ_id = fields.UUID()
    organ_name = fields.String(allow_none=True)
    members = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)


class PersonSeatsSchema(ma.Schema):
    person_id = fields.UUID()
    seats = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)


class PresidiumArgsSchema(AsOfArgsSchema):
    presidium_role = fields.Enum(PresidiumRole, by_value=True, load_default=None)


class PresidiumSchema(ma.Schema):
    seats = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)
