"""Schemas of the event feed and of changes between recorded times."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from interfaces.http.schemas.common import (
    AsOfSchema,
    ChangePageSchema,
    Date,
    Integer,
    KnownAtField,
    PageArgsSchema,
    storable,
)


class EventFeedArgsSchema(ma.Schema):
    after = Integer(
        load_default=0,
        validate=storable(0),
        metadata={"description": "The last position the client has (exclusive)."},
    )
    limit = Integer(
        load_default=100,
        validate=validate.Range(min=1, max=1000),
        metadata={
            "description": "About this many events: a page ends at the end of a save, so it"
            " holds more when one save wrote more."
        },
    )


class StoredEventSchema(ma.Schema):
    position = Integer()
    type = fields.String(metadata={"description": "e.g. Organ.Renamed; permanent once released."})
    aggregate_type = fields.String()
    aggregate_id = fields.UUID()
    version = Integer()
    timestamp = fields.DateTime(
        metadata={"description": "The writer's clock when triggered; order by position."}
    )
    recorded_at = fields.DateTime(
        metadata={"description": "When its save was recorded, by the database's clock."}
    )
    save_end = fields.Boolean(metadata={"description": "Whether it is the last of its save."})
    data = fields.Dict()


class EventFeedSchema(ma.Schema):
    events = fields.List(fields.Nested(StoredEventSchema))
    last_position = Integer(
        metadata={"description": "Pass as `after` for the next page (unchanged when none)."}
    )


class ChangesArgsSchema(PageArgsSchema):
    from_ = KnownAtField(
        data_key="from",
        load_default=None,
        metadata={"description": "Changes recorded after this time or position."},
    )
    to = KnownAtField(
        load_default=None,
        metadata={"description": "…up to and including this time or position (default: now)."},
    )
    min_position = Integer(
        load_default=None,
        validate=storable(0),
        metadata={"description": "Wait briefly until the projections have reached this position."},
    )


class ChangesAsOfSchema(AsOfSchema):
    valid_at = Date(
        allow_none=True, metadata={"description": "null: valid time plays no part here."}
    )


class ChangesPageSchema(ChangePageSchema):
    as_of = fields.Nested(ChangesAsOfSchema)
