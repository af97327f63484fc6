"""Assignment schemas: tasks given by decisions, their reports, and lists by date."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from domain.assignments import AssignmentStatus
from domain.errors import InvalidCommand
from domain.periods import Period
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    Date,
    EnumValue,
    Integer,
    Line,
    PageArgsSchema,
    Prose,
    WholeListArgsSchema,
    WrittenSchema,
)

TITLE = validate.Length(min=1, max=1000)


class PeriodField(fields.Field[Period]):
    """A period: 2024-T1, 2024-M03, 2024-Q1, 2024-H1 or 2024."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Period:
        if not isinstance(value, str):
            raise ma.ValidationError(
                "Not a period: write 2024-T1, 2024-M03, 2024-Q1, 2024-H1, 2024."
            )
        try:
            return Period.parse(value)
        except InvalidCommand as error:
            raise ma.ValidationError(error.detail) from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else str(value)


class AssigneeSchema(ma.Schema):
    """Either an organ or a person."""

    organ_id = fields.UUID(load_default=None)
    person_id = fields.UUID(load_default=None)


class NewAssignmentSchema(ma.Schema):
    decision_id = fields.UUID(required=True, metadata={"description": "The decision giving it."})
    title = Line(required=True, validate=TITLE)
    assignees = fields.List(
        fields.Nested(AssigneeSchema), required=True, validate=validate.Length(min=1, max=100)
    )
    due_on = Date(load_default=None)
    due_period = PeriodField(
        load_default=None, metadata={"description": "Due on the period's last day."}
    )
    effective_on = Date(
        load_default=None,
        metadata={"description": "When it holds from, if later than the decision's date."},
    )
    # due_on or due_period, not both: the domain refuses both (422 naming due_period).
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class NewReportSchema(ma.Schema):
    text = Prose(required=True, validate=validate.Length(min=1, max=20000))
    reported_on = Date(required=True)
    decision_id = fields.UUID(
        load_default=None, metadata={"description": "The decision that received the report."}
    )
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class AssignmentEndSchema(ma.Schema):
    effective_on = Date(required=True)
    decision_id = fields.UUID(load_default=None)
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class AssignmentWithdrawalSchema(AssignmentEndSchema):
    decision_id = fields.UUID(required=True)


class ReportSchema(ma.Schema):
    reported_on = Date()
    text = fields.String()
    decision_id = fields.UUID(allow_none=True)
    position = Integer()


class AssignmentSchema(ma.Schema):
    id = fields.UUID(attribute="assignment_id")
    decision_id = fields.UUID()
    title = fields.String()
    status = fields.String(metadata={"description": "open, reported, closed or withdrawn."})
    status_from = Date()
    status_to = Date(allow_none=True)
    starts_on = Date(metadata={"description": "Holds from (the decision's date or later)."})
    due_on = Date(allow_none=True)
    due_period = fields.String(allow_none=True)
    overdue = fields.Boolean(metadata={"description": "Still open after its due day."})
    reported_late = fields.Boolean()
    assignees = fields.List(fields.Nested(AssigneeSchema))


class AssignmentDetailSchema(AssignmentSchema):
    reports = fields.List(fields.Nested(ReportSchema))
    as_of = fields.Nested(AsOfSchema)


class WrittenAssignmentSchema(WrittenSchema):
    id = fields.UUID(attribute="assignment_id")
    status = EnumValue(metadata={"description": "As of the write's own date."})
    decision_id = fields.UUID()
    starts_on = Date()
    due_on = Date(allow_none=True)
    due_period = fields.String(allow_none=True)
    version = Integer()


class AssignmentListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    status = fields.Enum(AssignmentStatus, by_value=True, load_default=None)
    overdue = fields.Boolean(load_default=None)
    decision_id = fields.UUID(load_default=None)
    assignee_id = fields.UUID(
        load_default=None, metadata={"description": "An organ or person holding it."}
    )
    given_by_organ_id = fields.UUID(
        load_default=None,
        metadata={"description": "The deciding organ of the decision that gave it."},
    )


class AssignmentPageSchema(ma.Schema):
    items = fields.List(fields.Nested(AssignmentSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class AssignmentExportArgsSchema(WholeListArgsSchema, AssignmentListArgsSchema):
    """The list's filters, as-of and sheet arguments: every filter of the list applies."""
