"""Schemas shared by every resource: as-of arguments and answers, paging, problems."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import marshmallow as ma
from marshmallow import fields, validate

from domain.dates import parse_date
from domain.text import text_fault
from projections.as_of import KnownAt

STOCKHOLM = ZoneInfo("Europe/Stockholm")
POSITION = re.compile(r"[0-9]{1,18}")  # not \d, which matches every script's digits
INTEGER = re.compile(r"-?[0-9]{1,19}")  # as far as 2**63 - 1; the range says how far
# RFC 3339's date-time (section 5.6), with ASCII digits: no week dates, no basic format,
# no time without seconds or without an offset.
RFC_3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
# What the stores' integer columns hold (PostgreSQL's BIGINT, SQLite's INTEGER): every
# integer of a query or body is bounded by it, so none reaches SQL that SQL cannot hold.
LARGEST_INTEGER = 2**63 - 1


def storable(minimum: int) -> validate.Range:
    return validate.Range(min=minimum, max=LARGEST_INTEGER)


def today_in_stockholm() -> date:
    return datetime.now(STOCKHOLM).date()


class Date(fields.Date):
    """A date as the API takes it: `YYYY-MM-DD` only (ISO 8601's extended calendar date)."""

    default_error_messages = {"invalid": "Not a date written YYYY-MM-DD."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return parse_date(value)
        except ValueError:
            raise self.make_error("invalid") from None


class Integer(fields.Integer):
    """A whole number; from text, ASCII digits only (`int` also takes `١٢`, ` 12`, `1_2`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str) and not INTEGER.fullmatch(value):
            raise self.make_error("invalid")
        number: int = super()._deserialize(value, attr, data, **kwargs)
        return number


class Line(fields.String):
    """Text on one line that every store can hold (domain.text): names, titles, codes, case
    numbers, and query text that reaches SQL. Every string an input schema takes is one of
    these, or a `Prose`."""

    multiline = False

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text: str = super()._deserialize(value, attr, data, **kwargs)
        fault = text_fault(text, multiline=self.multiline)
        if fault is not None:
            raise ma.ValidationError(fault)
        return text


SEARCH_LENGTH = 500
"""The longest name search (`q`) a list takes."""


class NameSearch(Line):
    """A list's name search `q`: optional, at most SEARCH_LENGTH characters (empty: no search)."""

    def __init__(self, description: str) -> None:
        super().__init__(
            load_default=None,
            validate=validate.Length(max=SEARCH_LENGTH),
            metadata={"description": description},
        )


class Prose(Line):
    """Text that may run over lines (tab, line feed, carriage return): comments, reasons,
    summaries, report texts, a mandate's purpose and tasks."""

    multiline = True


class EnumValue(fields.String):
    """An answer's enumeration member as its value (documented as text, as it was sent
    before results carried the enumerations themselves)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        text = value.value if isinstance(value, Enum) else value
        serialized: str | None = super()._serialize(text, attr, obj, **kwargs)
        return serialized


class KnownAtField(fields.Field[KnownAt]):
    """A store position (ASCII digits) or an RFC 3339 time with a zone offset."""

    default_error_messages = {
        "invalid": "Not a store position nor an RFC 3339 time with a zone offset.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> KnownAt:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip()
        if POSITION.fullmatch(text):
            return KnownAt(text, position=int(text))
        # An unencoded `+` in a query string arrives as a space.
        moment_text = text.replace(" ", "+", 1) if " " in text else text
        if not RFC_3339.fullmatch(moment_text):
            raise self.make_error("invalid")
        try:
            moment = datetime.fromisoformat(moment_text.upper())
        except ValueError:  # e.g. month 13, or a leap second
            raise self.make_error("invalid") from None
        return KnownAt(text, moment=moment)


class SheetArgsSchema(ma.Schema):
    """How a spreadsheet is written: its format, language and (of a CSV) dialect."""

    format = Line(load_default="csv", validate=validate.OneOf(["csv", "xlsx"]))
    lang = Line(
        load_default="sv",
        validate=validate.OneOf(["sv", "en"]),
        metadata={"description": "Headers and the vocabulary's words: Swedish or English."},
    )
    dialect = Line(
        load_default="excel",
        validate=validate.OneOf(["excel", "excel-sv"]),
        metadata={
            "description": "Of a CSV: `excel` (UTF-8, `,`, decimal points) or `excel-sv`"
            " (what Swedish Excel opens as it is: a byte order mark, `;`, decimal commas)."
        },
    )


class WholeListArgsSchema(SheetArgsSchema):
    """A whole list as one spreadsheet: put first among the bases of a list's arguments
    (`OrganExportArgsSchema(WholeListArgsSchema, OrganListArgsSchema)`), it takes every
    filter of the list but its paging, which a file has none of."""

    class Meta:
        exclude = ("limit", "cursor")


class AsOfArgsSchema(ma.Schema):
    # No load_default: read_at tells a given date from the default (today), which changes.
    valid_at = Date(
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
    min_position = Integer(
        load_default=None,
        validate=storable(0),
        metadata={"description": "Wait briefly until the projections have reached this position."},
    )


class PageArgsSchema(ma.Schema):
    limit = Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    cursor = Line(
        load_default=None,
        metadata={
            "description": "Opaque, signed cursor from the previous page of the same list; any"
            " other is 422."
        },
    )


class HistoryArgsSchema(AsOfArgsSchema, PageArgsSchema):
    """A history's page (an organ's, a plan's): read at an as-of, paged by position."""


class AsOfSchema(ma.Schema):
    valid_at = Date()
    known_at = fields.String(metadata={"description": "As requested, or the server's now."})
    position = Integer(metadata={"description": "The store position the answer is read at."})


class WrittenSchema(ma.Schema):
    position = Integer(metadata={"description": "Position of the last event written."})


class RelatedSchema(ma.Schema):
    id = fields.UUID(attribute="organ_id")
    name = fields.String()
    effective_on = Date(allow_none=True)


class ChangeSchema(ma.Schema):
    """One recorded change: valid and recorded time, who, on whose authority, why."""

    position = Integer()
    recorded_at = fields.DateTime(metadata={"description": "Recorded time of the position."})
    aggregate_type = fields.String()
    aggregate_id = fields.UUID()
    version = Integer()
    event_type = fields.String(metadata={"description": "e.g. Organ.Renamed"})
    effective_on = Date(allow_none=True)
    decision_id = fields.UUID(allow_none=True)
    actor = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    correlation_id = fields.String(allow_none=True)
    data = fields.Dict()
    annuls = Integer(
        allow_none=True,
        metadata={
            "description": "An annulment: the position of the change it annuls (its event names"
            " the change by version: `annulled_version`)."
        },
    )
    corrects = Integer(
        allow_none=True,
        metadata={
            "description": "A correction: the position of the change it corrects (its event"
            " names the change by version: `corrected_version`)."
        },
    )


class ChangePageSchema(ma.Schema):
    items = fields.List(fields.Nested(ChangeSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; a problem type may add members of its own (extensions)."""

    class Meta:
        unknown = ma.INCLUDE

    type = fields.String()
    title = fields.String()
    status = Integer()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field, for validation problems."},
    )


class RejectedRowSchema(ma.Schema):
    row = Integer(metadata={"description": "The row's number in the file (1: the first)."})
    record = fields.String(allow_none=True, metadata={"description": "Imports: its record."})
    key = fields.String(allow_none=True, metadata={"description": "Imports: its key."})
    field = fields.String(allow_none=True)
    detail = fields.String()


class RejectedProblemSchema(ProblemSchema):
    """An import's refusal: the problem, with the first 100 rejected rows and their count."""

    rejected = fields.List(fields.Nested(RejectedRowSchema))
    rejected_count = Integer(
        metadata={"description": "Every refusal (a row held otherwise: one per field)."}
    )
    rejected_rows = Integer(metadata={"description": "The rows refused, each counted once."})


class SavedEventSchema(ma.Schema):
    position = Integer()
    type = fields.String(metadata={"description": "e.g. Person.Registered"})
    aggregate_id = fields.UUID()
    version = Integer()


class AppliedEarlierSchema(ma.Schema):
    """A retried request that took effect in an earlier run whose answer was lost: the save
    it wrote, named (interfaces.http.replays)."""

    replayed = fields.Boolean()
    position = Integer(metadata={"description": "The save's end."})
    detail = fields.String()
    events = fields.List(fields.Nested(SavedEventSchema))
