"""People and composition schemas: registering people, seats in organs over time."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.composition import PresidiumRole, SeatRole
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    ChangeSchema,
    Date,
    EnumValue,
    Integer,
    Line,
    NameSearch,
    PageArgsSchema,
    Prose,
    SheetArgsSchema,
    WrittenSchema,
    storable,
)
from interfaces.http.schemas.organs import AnnulmentSchema, ChangeArgs

PARTY = validate.Length(min=1, max=20)


class NewPersonSchema(ma.Schema):
    name = Line(required=True, validate=validate.Length(min=1, max=300))
    title = Line(load_default=None, validate=validate.Length(max=300))
    employer_organ_id = fields.UUID(load_default=None)


class PersonDetailsSchema(ma.Schema):
    id = fields.UUID()
    name = fields.String(
        allow_none=True, metadata={"description": "null once the personal data is erased."}
    )
    title = fields.String(allow_none=True)
    employer_organ_id = fields.UUID(allow_none=True)
    erased = fields.Boolean(metadata={"description": "Whether the personal data was erased."})


class PeopleArgsSchema(AsOfArgsSchema, PageArgsSchema):
    q = NameSearch(
        description="Part of the person's name (case-insensitive, å ä ö included; `%` and `_`"
        " are themselves). Erased people are never found."
    )


class PeoplePageSchema(ma.Schema):
    items = fields.List(fields.Nested(PersonDetailsSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class PersonSchema(PersonDetailsSchema, WrittenSchema):
    """A person as a write leaves it."""


class PersonReadSchema(PersonDetailsSchema):
    """A person as read: the register keeps no history, so `known_at` only decides whether
    the person is known."""

    as_of = fields.Nested(AsOfSchema)


class ErasureSchema(ma.Schema):
    reason = Prose(required=True, validate=validate.Length(min=1, max=2000))


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
    political_party = Line(load_default=None, validate=PARTY)
    substitute_order = Integer(load_default=None, validate=storable(1))
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


class PresidiumCorrectionSchema(AnnulmentSchema):
    """The corrected date, role or both of the presidium change at the path's version;
    what is left out stays."""

    effective_on = Date(load_default=None, metadata={"description": "The corrected date."})
    presidium_role = fields.Enum(
        PresidiumRole,
        by_value=True,
        allow_none=True,
        metadata={"description": "The corrected role; null for none; left out, it stays."},
    )


class SeatEndSchema(ChangeArgs):
    reason = Prose(
        load_default=None,
        validate=validate.Length(max=2000),
        metadata={
            "description": "Required to correct the end of a seat ended already: the seat"
            " is then not held from the new effective_on."
        },
    )


class WrittenSeatSchema(WrittenSchema):
    id = fields.UUID(attribute="seat_id")
    organ_id = fields.UUID()
    person_id = fields.UUID()
    role = EnumValue()
    presidium_role = EnumValue(
        allow_none=True, metadata={"description": "On effective_on of the change."}
    )
    representing_id = fields.UUID(allow_none=True)
    political_party = fields.String(allow_none=True)
    substitute_order = Integer(allow_none=True)
    appointed_by_id = fields.UUID(allow_none=True)
    decision_id = fields.UUID(metadata={"description": "The decision that made the appointment."})
    started_on = Date()
    ended_on = Date(allow_none=True)
    annulled = fields.Boolean(
        metadata={"description": "True once annulled: the seat is in no reading as known after."}
    )
    version = Integer(metadata={"description": "Version of the organ's composition."})


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
    substitute_order = Integer(allow_none=True)
    appointed_by_id = fields.UUID(allow_none=True)
    decision_id = fields.UUID()
    started_on = Date(metadata={"description": "First day of the seat."})
    ended_on = Date(allow_none=True, metadata={"description": "First day without it."})
    valid_from = Date(metadata={"description": "This presidium role holds from…"})
    valid_to = Date(allow_none=True, metadata={"description": "…until (exclusive)."})


class MembersSchema(ma.Schema):
    organ_id = fields.UUID()
    organ_name = fields.String(allow_none=True)
    members = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)


class PersonSeatsSchema(ma.Schema):
    person_id = fields.UUID()
    seats = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)


class PersonExtractSchema(PersonDetailsSchema):
    """A register extract (GDPR Art. 15): everything held about the person."""

    id = fields.UUID(attribute="person_id")
    seats = fields.List(fields.Nested(SeatSchema), metadata={"description": "Over all dates."})
    events = fields.List(
        fields.Nested(ChangeSchema),
        metadata={"description": "Every event naming the person, in recorded order."},
    )
    events_complete = fields.Boolean(
        metadata={"description": "false when more events name the person than are listed."}
    )
    as_of = fields.Nested(AsOfSchema)


class PresidiumArgsSchema(AsOfArgsSchema):
    presidium_role = fields.Enum(PresidiumRole, by_value=True, load_default=None)


class PresidiumSchema(ma.Schema):
    seats = fields.List(fields.Nested(SeatSchema))
    as_of = fields.Nested(AsOfSchema)


class MembersExportArgsSchema(AsOfArgsSchema, SheetArgsSchema):
    """The members list's arguments and the sheet's."""
