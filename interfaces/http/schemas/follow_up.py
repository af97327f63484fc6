"""Follow-up schemas: a plan's report for a period, what was recorded in it since it was
submitted, its export, and the answer to a period's values imported."""

from __future__ import annotations

from typing import Any, ClassVar

import marshmallow as ma
from marshmallow import fields

from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    Integer,
    Line,
    SheetArgsSchema,
    WrittenSchema,
)
from interfaces.http.schemas.indicators import ExactNumber, ValueSchema


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


class ReportValueSchema(ValueSchema):
    """A recorded value the report shows, with its period."""

    period = fields.String(metadata={"description": "The period it was recorded for."})


class ReportIndicatorSchema(ma.Schema):
    """An indicator's figures in the report (`ReportIndicator`), named by its indicator."""

    OWN: ClassVar[frozenset[str]] = frozenset(
        {"indicator_id", "name", "unit", "direction", "periodicity", "accumulation"}
    )
    """Read from the indicator itself; the rest are the report's figures."""

    id = fields.UUID(attribute="indicator_id")
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
    targets = fields.List(
        fields.Nested(ReportValueSchema),
        metadata={
            "description": "The recorded targets `target` is made of, one per period of"
            " `periods` that has one, each with who recorded it, when and why."
        },
    )
    outcomes = fields.List(
        fields.Nested(ReportValueSchema),
        metadata={
            "description": "The recorded outcomes `outcome` is made of, with their"
            " comments, one per period of `periods` that has one, each with who recorded"
            " it, when and why."
        },
    )
    forecasts = fields.List(
        fields.Nested(ReportValueSchema),
        metadata={
            "description": "The forecasts made in the report's period (`reported_in` inside"
            " it), for whichever period they forecast, by the period made in."
        },
    )

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        # One getattr, not marshmallow's dotted walk: a region's report has thousands.
        return getattr(obj.indicator if attr in self.OWN else obj, attr, default)


class ReportItemSchema(ma.Schema):
    """An item in the report (`ReportItem`), named by its node in the plan's tree."""

    OWN: ClassVar[frozenset[str]] = frozenset({"item_id", "kind", "title", "parent_id"})
    """Read from the item's node in the tree; the rest are the report's."""

    id = fields.UUID(attribute="item_id")
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

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        return getattr(obj.item if attr in self.OWN else obj, attr, default)


class MissingSchema(ma.Schema):
    what = fields.String(metadata={"description": "follow_up or outcome"})
    id = fields.UUID()
    title = fields.String()


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


class FactContentSchema(ma.Schema):
    """What a fact carries: `value` and `comment` (a target also `decision_id`), or
    `status`, `basis` (assessments) and `comment`."""

    value = ExactNumber(allow_none=True)
    status = fields.String(allow_none=True)
    basis = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    decision_id = fields.UUID(allow_none=True)


class ReportChangeSchema(ma.Schema):
    what = fields.String(
        metadata={
            "description": "target, outcome, forecast, assessment (an indicator's or an"
            " item's) or follow_up"
        }
    )
    id = fields.UUID(metadata={"description": "The indicator's or the item's id."})
    title = fields.String()
    period = fields.String(
        metadata={"description": "The fact's own period (for an indicator, one of the report's)."}
    )
    reported_in = fields.String(
        allow_none=True, metadata={"description": "Forecasts: the period it was made in."}
    )
    submitted = fields.Raw(
        allow_none=True,
        metadata={
            "description": "The value (assessments and follow-ups: the status) for the"
            " fact's period as submitted; null if there was none."
        },
    )
    now = fields.Raw(allow_none=True, metadata={"description": "The same as known at known_at."})
    before = fields.Nested(
        FactContentSchema,
        allow_none=True,
        metadata={"description": "The fact as known just before this one; null if first."},
    )
    after = fields.Nested(FactContentSchema, metadata={"description": "This fact."})
    fields_ = fields.List(
        fields.String(),
        data_key="fields",
        attribute="fields",
        metadata={"description": "The fields of `after` that differ from `before`."},
    )
    corrected = fields.Boolean(metadata={"description": "Recorded as a correction."})
    late = fields.Boolean(
        metadata={"description": "First reported after the period's follow-up was submitted."}
    )
    actor = fields.String(allow_none=True, metadata={"description": "Who recorded this fact."})
    reason = fields.String(allow_none=True)
    position = Integer(metadata={"description": "Where this fact was recorded."})
    recorded_at = fields.DateTime(allow_none=True, metadata={"description": "When."})


class ReportChangesSchema(ma.Schema):
    plan_id = fields.UUID()
    period = fields.String()
    submitted_position = Integer(metadata={"description": "When it was submitted."})
    changes = fields.List(
        fields.Nested(ReportChangeSchema),
        metadata={
            "description": "Every fact of the report recorded after the submission up to"
            " known_at, by position, even one that puts back the value submitted."
        },
    )
    as_of = fields.Nested(AsOfSchema)


class ExportArgsSchema(ReportArgsSchema, SheetArgsSchema):
    pass


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
