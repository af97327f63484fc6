"""Plan and indicator schemas: plans, item trees, indicators and their period values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from domain.errors import InvalidCommand
from domain.figures import RANGE
from domain.indicators import Accumulation, Direction, Series
from domain.period_facts import AssessmentBasis, AssessmentStatus
from domain.periods import Period, Periodicity
from domain.plan_items import FollowUpStatus, ItemKind, OwnerRole
from domain.plans import Mark, PlanKind
from interfaces.http.json_numbers import NumberOutOfRange, is_exact_number
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    Integer,
    Line,
    Prose,
    WrittenSchema,
)

NAME = validate.Length(min=1, max=500)
REASON = validate.Length(max=2000)


class ExactNumber(fields.Field[Decimal]):
    """A JSON number, read and written as an exact decimal; a string is refused."""

    default_error_messages = {"invalid": "Not a number: send a JSON number, not a string."}

    def __init__(self, **kwargs: Any) -> None:
        description = f"An exact decimal: {RANGE}."
        super().__init__(**{"metadata": {"description": description}, **kwargs})

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


class NewPlanSchema(ma.Schema):
    name = Line(required=True, validate=NAME)
    kind = fields.Enum(PlanKind, by_value=True, required=True)
    owner_organ_id = fields.UUID(required=True)
    valid_from = Date(required=True, metadata={"description": "The plan's span from…"})
    valid_to = Date(load_default=None, metadata={"description": "…until (exclusive)."})
    effective_on = Date(required=True, metadata={"description": "Adopted from."})
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PlanRevisionSchema(ma.Schema):
    name = Line(required=True, validate=NAME)
    valid_from = Date(required=True)
    valid_to = Date(load_default=None)
    effective_on = Date(required=True)
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PlanClosureSchema(ma.Schema):
    effective_on = Date(required=True)
    decision_id = fields.UUID(required=True)
    reason = Prose(load_default=None, validate=REASON)


class OwnerSchema(ma.Schema):
    role = fields.Enum(OwnerRole, by_value=True, required=True)
    person_id = fields.UUID(load_default=None)
    organ_id = fields.UUID(load_default=None)

    @ma.validates_schema
    def one_of_them(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("person_id") is None) == (data.get("organ_id") is None):
            raise ma.ValidationError("give either person_id or organ_id", "person_id")


class ItemFieldsSchema(ma.Schema):
    title = Line(required=True, validate=NAME)
    parent_id = fields.UUID(load_default=None)
    target_year = Integer(load_default=None, validate=validate.Range(min=1900, max=2200))
    owners = fields.List(fields.Nested(OwnerSchema), load_default=list)
    effective_on = Date(required=True)
    reason = Prose(load_default=None, validate=REASON)


class NewItemSchema(ItemFieldsSchema):
    kind = fields.Enum(ItemKind, by_value=True, required=True)


class ItemRemovalSchema(ma.Schema):
    effective_on = Date(required=True)
    reason = Prose(load_default=None, validate=REASON)


class WrittenThingSchema(WrittenSchema):
    id = fields.UUID()
    version = Integer()
    written = fields.Boolean(metadata={"description": "False when nothing changed."})


class ItemNodeSchema(ma.Schema):
    id = fields.UUID(attribute="item_id")
    kind = fields.String()
    title = fields.String()
    parent_id = fields.UUID(allow_none=True)
    target_year = Integer(allow_none=True)
    owners = fields.List(fields.Dict())
    valid_from = Date()
    valid_to = Date(allow_none=True)
    indicator_ids = fields.List(fields.UUID())
    children = fields.List(fields.Nested(lambda: ItemNodeSchema()))


class PeriodMarkSchema(ma.Schema):
    period = fields.String()
    mark = fields.Enum(
        Mark, by_value=True, metadata={"description": "submitted (klarmarkerad) or locked"}
    )
    position = Integer()
    actor = fields.String(allow_none=True)


class PeriodMarkingSchema(ma.Schema):
    reason = Prose(load_default=None, validate=REASON)


class PlanSchema(ma.Schema):
    id = fields.UUID(attribute="plan_id")
    name = fields.String()
    kind = fields.String()
    owner_organ_id = fields.UUID()
    valid_from = Date()
    valid_to = Date(allow_none=True)
    closed_on = Date(allow_none=True)
    items = fields.List(fields.Nested(ItemNodeSchema))
    periods = fields.List(fields.Nested(PeriodMarkSchema))
    as_of = fields.Nested(AsOfSchema)


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


class AssessmentSchema(ma.Schema):
    status = fields.Enum(AssessmentStatus, by_value=True, required=True)
    basis = fields.Enum(AssessmentBasis, by_value=True, load_default=None)
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


class IndicatorSchema(ma.Schema):
    id = fields.UUID(attribute="indicator_id")
    plan_id = fields.UUID()
    plan_item_id = fields.UUID()
    subject_organ_id = fields.UUID(allow_none=True)
    name = fields.String()
    unit = fields.String()
    direction = fields.String()
    periodicity = fields.String()
    accumulation = fields.String()
    series = fields.List(fields.Nested(PeriodRowSchema))
    as_of = fields.Nested(AsOfSchema)


class PeriodHistorySchema(ma.Schema):
    period = fields.String()
    values = fields.List(fields.Nested(ValueSchema))
    as_of = fields.Nested(AsOfSchema)


class FollowUpSchema(ma.Schema):
    status = fields.Enum(FollowUpStatus, by_value=True, required=True)
    comment = Prose(load_default=None, validate=REASON)
    reason = Prose(
        load_default=None, validate=REASON, metadata={"description": "Required on a correction."}
    )


class ReportArgsSchema(AsOfArgsSchema):
    """`known_at` and `min_position` as for every read; the structure is read on the
    period's last day, so there is no `valid_at`."""

    period = Line(required=True, metadata={"description": "e.g. 2024-T1, 2024"})

    class Meta:
        exclude = ("valid_at",)


class FollowUpRowSchema(ma.Schema):
    status = fields.String(
        metadata={"description": "not_started, ongoing, completed, delayed or cancelled"}
    )
    comment = fields.String(allow_none=True)
    corrected = fields.Boolean()
    late = fields.Boolean()
    actor = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    recorded_from = Integer()
    recorded_at = fields.DateTime(allow_none=True)


class ItemAssessmentRowSchema(FollowUpRowSchema):
    status = fields.String(metadata={"description": "met, partly_met or not_met"})
    basis = fields.String(allow_none=True)


class ReportIndicatorSchema(ma.Schema):
    id = fields.UUID()
    name = fields.String()
    unit = fields.String()
    direction = fields.String()
    periodicity = fields.String()
    accumulation = fields.String()
    periods = fields.List(fields.String(), metadata={"description": "Its periods shown."})
    target = ExactNumber(allow_none=True)
    outcome = ExactNumber(allow_none=True)
    difference = ExactNumber(allow_none=True, metadata={"description": "outcome − target"})
    assessment = fields.Nested(ValueSchema, allow_none=True)
    corrected = fields.Boolean()
    late = fields.Boolean()
    missing = fields.Boolean()


class ReportItemSchema(ma.Schema):
    id = fields.UUID()
    kind = fields.String()
    title = fields.String()
    parent_id = fields.UUID(allow_none=True)
    depth = Integer()
    follow_up = fields.Nested(FollowUpRowSchema, allow_none=True)
    assessment = fields.Nested(
        ItemAssessmentRowSchema,
        allow_none=True,
        metadata={"description": "The item's own assessment for the period (a goal's)."},
    )
    indicators = fields.List(fields.Nested(ReportIndicatorSchema))


class MissingSchema(ma.Schema):
    what = fields.String(metadata={"description": "follow_up or outcome"})
    id = fields.UUID()
    title = fields.String()


class DeadlineSchema(ma.Schema):
    due_on = Date(required=True)
    reason = Prose(load_default=None, validate=REASON)


class PlanReportSchema(ma.Schema):
    plan_id = fields.UUID()
    name = fields.String()
    period = fields.String()
    due_on = Date(allow_none=True, metadata={"description": "The period's deadline."})
    days_left = Integer(
        allow_none=True, metadata={"description": "Until the deadline, from today."}
    )
    submitted = fields.Boolean()
    locked = fields.Boolean()
    items = fields.List(fields.Nested(ReportItemSchema))
    missing = fields.List(fields.Nested(MissingSchema))
    as_of = fields.Nested(AsOfSchema)


class ReportChangeSchema(ma.Schema):
    what = fields.String(
        metadata={
            "description": "target, outcome, assessment (an indicator's or an item's) or follow_up"
        }
    )
    id = fields.UUID(metadata={"description": "The indicator's or the item's id."})
    title = fields.String()
    submitted = fields.Raw(allow_none=True, metadata={"description": "As submitted."})
    now = fields.Raw(allow_none=True, metadata={"description": "As known at known_at."})
    actor = fields.String(allow_none=True, metadata={"description": "Who recorded it now."})
    reason = fields.String(allow_none=True)
    position = Integer(allow_none=True, metadata={"description": "Where it was recorded."})
    recorded_at = fields.DateTime(allow_none=True, metadata={"description": "When."})


class ReportChangesSchema(ma.Schema):
    plan_id = fields.UUID()
    period = fields.String()
    submitted_position = Integer(metadata={"description": "When it was submitted."})
    changes = fields.List(fields.Nested(ReportChangeSchema))
    as_of = fields.Nested(AsOfSchema)


class ExportArgsSchema(ReportArgsSchema):
    format = Line(load_default="csv", validate=validate.OneOf(["csv", "xlsx"]))


class SeriesExportArgsSchema(AsOfArgsSchema):
    format = Line(load_default="csv", validate=validate.OneOf(["csv", "xlsx"]))


class RefusedRowSchema(ma.Schema):
    row = Integer()
    field = fields.String(allow_none=True)
    detail = fields.String()


class PeriodValuesReportSchema(WrittenSchema):
    rows = Integer()
    written = Integer()
    unchanged = Integer(metadata={"description": "Rows saying what is recorded."})
    rejected = fields.List(fields.Nested(RefusedRowSchema))
    position = Integer(allow_none=True)
