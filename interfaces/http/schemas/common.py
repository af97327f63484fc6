"""Schemas shared by every resource: as-of arguments and answers, paging, problems."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
from marshmallow import fields, validate

from projections.as_of import KnownAt

STOCKHOLM = ZoneInfo("Europe/Stockholm")
POSITION = re.compile(r"\d{1,18}")  # below 2**63, as every integer a store is asked about
# What the stores' integer columns hold (PostgreSQL's BIGINT, SQLite's INTEGER): every
# integer of a query or body is bounded by it, so none reaches SQL that SQL cannot hold.
LARGEST_INTEGER = 2**63 - 1


def storable(minimum: int) -> validate.Range:
    return validate.Range(min=minimum, max=LARGEST_INTEGER)


def today_in_stockholm() -> date:
    return datetime.now(STOCKHOLM).date()


class KnownAtField(fields.Field[KnownAt]):
    """A store position (digits) or an RFC 3339 time with a zone."""

    default_error_messages = {
        "invalid": "Not a store position nor an RFC 3339 time with a zone offset.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> KnownAt:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip()
        if POSITION.fullmatch(text):
            return KnownAt(text, position=int(text))
        try:
            moment = datetime.fromisoformat(text.replace(" ", "+", 1) if " " in text else text)
        except ValueError:
            raise self.make_error("invalid") from None
        if moment.tzinfo is None or "T" not in text.upper():
            raise self.make_error("invalid")
        return KnownAt(text, moment=moment)


class AsOfArgsSchema(ma.Schema):
    # No load_default: read_at tells a given date from the default (today), which changes.
    valid_at = fields.Date(
        metadata={
            "description": "Valid time: the date to read at (default: today in Stockholm). An"
            " answer is sent `immutable` only when it is given and every projection read has"
            " reached `known_at`."
        },
    )
    known_at = KnownAtField(
        load_default=None,
        metadata={
            "description": "Recorded time: an RFC 3339 time or a store position (default: now)."
        },
    )
    min_position = fields.Integer(
        load_default=None,
        validate=storable(0),
        metadata={"description": "Wait briefly until the projections have reached this position."},
    )


class PageArgsSchema(ma.Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    cursor = fields.String(
        load_default=None,
        metadata={
            "description": "Opaque, signed cursor from the previous page of the same list; any"
            " other is 422."
        },
    )


class AsOfSchema(ma.Schema):
    valid_at = fields.Date()
    known_at = fields.String(metadata={"description": "As requested, or the server's now."})
    position = fields.Integer(metadata={"description": "The store position the answer is read at."})


class WrittenSchema(ma.Schema):
    position = fields.Integer(metadata={"description": "Position of the last event written."})


class RelatedSchema(ma.Schema):
    id = fields.UUID(attribute="organ_id")
    name = fields.String()
    effective_on = fields.Date(allow_none=True)


class ChangeSchema(ma.Schema):
    """One recorded change: valid and recorded time, who, on whose authority, why."""

    position = fields.Integer()
    recorded_at = fields.DateTime(metadata={"description": "Recorded time of the position."})
    aggregate_type = fields.String()
    aggregate_id = fields.UUID()
    version = fields.Integer()
    event_type = fields.String(metadata={"description": "e.g. Organ.Renamed"})
    effective_on = fields.Date(allow_none=True)
    decision_id = fields.UUID(allow_none=True)
    actor = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    correlation_id = fields.String(allow_none=True)
    data = fields.Dict()


class ChangePageSchema(ma.Schema):
    items = fields.List(fields.Nested(ChangeSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field, for validation problems."},
    )
