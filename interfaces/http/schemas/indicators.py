"""Indicator schemas: an indicator defined; its target, outcome, forecast per period;
its series and a period's history, read back with exact numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from domain.errors import InvalidCommand
from domain.figures import RANGE
from domain.indicators import Accumulation, Direction, Series
from domain.periods import Period, Periodicity
from interfaces.http.json_numbers import NumberOutOfRange, is_exact_number
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Integer,
    Line,
    PageArgsSchema,
    Prose,
    SheetArgsSchema,
)
from interfaces.http.schemas.plans import NAME, REASON


class ExactNumber(fields.Field[Decimal]):
    """A JSON number, read and written as an exact decimal; a string is refused."""

    default_error_messages = {"invalid": "Not a number: send a JSON number, not a string."}

    def __init__(self, **kwargs: Any) -> None:
        description = f"An exact decimal: {RANGE}."
        # The example is a number, so that the docs page's "Try it out" sends one.
        metadata = {"description": description, "example": 57}
        super().__init__(**{"metadata": metadata, **kwargs})

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, NumberOutOfRange):
            raise ma.ValidationError(value.problem)
        if not is_exact_number(value):
            raise self.make_error("invalid")
        number = Decimal(value)
        if not number.is_finite():
            raise self.make_error("invalid")
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class PeriodText(fields.Field[Period]):
    """A period as text: 2024-T1, 2024-M03, 2024-Q1, 2024-H1 or 2024."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Period:
        if not isinstance(value, str):
            raise ma.ValidationError("Not a period.")
        try:
            return Period.parse(value)
        except InvalidCommand as error:
            raise ma.ValidationError(error.detail) from None


class NewIndicatorSchema(ma.Schema):
    plan_item_id = fields.UUID(required=True)
    subject_organ_id = fields.UUID(load_default=None)
    name = Line(required=True, validate=NAME)
    unit = Line(required=True, validate=validate.Length(min=1, max=50))
    direction = fields.Enum(Direction, by_value=True, required=True)
    periodicity = fields.Enum(Periodicity, by_value=True, required=True)
    accumulation = fields.Enum(Accumulation, by_value=True, load_default=Accumulation.PERIOD)


class TargetSchema(ma.Schema):
    value = ExactNumber(required=True)
    comment = Prose(load_default=None, validate=REASON)
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class OutcomeSchema(ma.Schema):
    value = ExactNumber(required=True)
    comment = Prose(load_default=None, validate=REASON)
    reason = Prose(
        load_default=None, validate=REASON, metadata={"description": "Required on a correction."}
    )


class ForecastSchema(ma.Schema):
    value = ExactNumber(required=True)
    reported_in = PeriodText(required=True)
    comment = Prose(load_default=None, validate=REASON)
    reason = Prose(load_default=None, validate=REASON)


class ValueSchema(ma.Schema):
    series = fields.Enum(Series, by_value=True)
    reported_in = fields.String(allow_none=True, metadata={"description": "Forecasts only."})
    value = ExactNumber(allow_none=True)
    status = fields.String(allow_none=True)
    basis = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    corrected = fields.Boolean()
    late = fields.Boolean(
        metadata={"description": "First reported after the period's follow-up was submitted."}
    )
    decision_id = fields.UUID(allow_none=True)
    actor = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    recorded_from = Integer(metadata={"description": "Position it was recorded at."})
    recorded_to = Integer(allow_none=True, metadata={"description": "Superseded at."})
    recorded_at = fields.DateTime(
        allow_none=True, metadata={"description": "When it was recorded (at recorded_from)."}
    )


class PeriodRowSchema(ma.Schema):
    period = fields.String()
    target = fields.Nested(ValueSchema, allow_none=True)
    outcome = fields.Nested(ValueSchema, allow_none=True)
    assessment = fields.Nested(ValueSchema, allow_none=True)
    forecasts = fields.List(
        fields.Nested(ValueSchema), metadata={"description": "By the period they were made in."}
    )


class ListedIndicatorSchema(ma.Schema):
    id = fields.UUID(attribute="indicator_id")
    plan_id = fields.UUID()
    plan_item_id = fields.UUID()
    subject_organ_id = fields.UUID(allow_none=True)
    name = fields.String()
    unit = fields.String()
    direction = fields.String()
    periodicity = fields.String()
    accumulation = fields.String()


class IndicatorListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    """The list's filters, each optional; given together, an indicator meets them all.
    Indicators have no valid time: `valid_at` is stated in `as_of` and bounds nothing."""

    plan_id = fields.UUID(load_default=None)
    plan_item_id = fields.UUID(load_default=None)
    subject_organ_id = fields.UUID(
        load_default=None, metadata={"description": "The organ whose result it measures."}
    )


class IndicatorPageSchema(ma.Schema):
    items = fields.List(fields.Nested(ListedIndicatorSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class IndicatorSchema(ListedIndicatorSchema):
    series = fields.List(fields.Nested(PeriodRowSchema))
    as_of = fields.Nested(AsOfSchema)


class PeriodHistorySchema(ma.Schema):
    period = fields.String()
    values = fields.List(fields.Nested(ValueSchema))
    as_of = fields.Nested(AsOfSchema)


class SeriesExportArgsSchema(AsOfArgsSchema, SheetArgsSchema):
    pass
