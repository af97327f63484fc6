"""Organ schemas: establishing and changing organs, and reading them as of a date."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from domain.organ_kinds import GovernanceLevel, GroupType, OrganKind
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    AsOfSchema,
    ChangeSchema,
    Date,
    Integer,
    Line,
    NameSearch,
    PageArgsSchema,
    Prose,
    RelatedSchema,
    WholeListArgsSchema,
    WrittenSchema,
)

NAME = validate.Length(min=1, max=300)


class ChangeArgs(ma.Schema):
    """What every organisational change carries."""

    effective_on = Date(
        required=True, metadata={"description": "First day the change holds (från och med)."}
    )
    decision_id = fields.UUID(required=True, metadata={"description": "The authorising decision."})
    reason = Prose(load_default=None, validate=validate.Length(max=2000))


class OrganFieldsSchema(ma.Schema):
    name = Line(required=True, validate=NAME)
    kind = fields.Enum(OrganKind, by_value=True, required=True)
    group_type = fields.Enum(GroupType, by_value=True, load_default=None)
    governance_level = fields.Enum(GovernanceLevel, by_value=True, load_default=None)
    code = Line(load_default=None, validate=validate.Length(max=50))
    parent_id = fields.UUID(load_default=None)
    principal_ids = fields.List(fields.UUID(), load_default=list)


class NewOrganSchema(OrganFieldsSchema, ChangeArgs):
    id = fields.UUID(
        load_default=None,
        metadata={"description": "Optional id chosen by the client (e.g. for imports)."},
    )


class NewRenamingSchema(ChangeArgs):
    name = Line(required=True, validate=NAME)


class NewReclassificationSchema(ChangeArgs):
    kind = fields.Enum(OrganKind, by_value=True, required=True)
    group_type = fields.Enum(GroupType, by_value=True, load_default=None)
    governance_level = fields.Enum(GovernanceLevel, by_value=True, load_default=None)


class NewMoveSchema(ChangeArgs):
    parent_id = fields.UUID(required=True)


class NewDissolutionSchema(ChangeArgs):
    successor_ids = fields.List(fields.UUID(), load_default=list)
    successors = fields.List(
        fields.Nested(OrganFieldsSchema),
        load_default=list,
        metadata={"description": "New organs established by the same decision, atomically."},
    )


REASON = Prose(
    required=True,
    validate=validate.Length(min=1, max=2000),
    metadata={"description": "Why the recorded change was wrong: required."},
)


class AnnulmentSchema(ma.Schema):
    """An annulment: a recorded fact (the change at the path's version, a seat, a mandate
    version) was a mistake. It cites the decision (the original's or a new one) and says
    why; it has no date of its own."""

    decision_id = fields.UUID(
        required=True, metadata={"description": "The decision that annuls the fact."}
    )
    reason = REASON


class NewCorrectionSchema(AnnulmentSchema):
    """The corrected fields of the change at the path's version; what is left out stays."""

    effective_on = Date(
        load_default=None,
        metadata={"description": "The corrected date (the founding date of version 1)."},
    )
    name = Line(
        load_default=None,
        validate=NAME,
        metadata={"description": "A renaming's or the establishment's."},
    )
    kind = fields.Enum(
        OrganKind,
        by_value=True,
        load_default=None,
        metadata={
            "description": "A reclassification's or the establishment's, whole with the next two."
        },
    )
    group_type = fields.Enum(GroupType, by_value=True, load_default=None)
    governance_level = fields.Enum(GovernanceLevel, by_value=True, load_default=None)
    parent_id = fields.UUID(
        load_default=None, metadata={"description": "A move's or the establishment's."}
    )
    successor_ids = fields.List(
        fields.UUID(), load_default=None, metadata={"description": "A dissolution's."}
    )
    code = Line(
        allow_none=True,
        validate=validate.Length(max=50),
        metadata={"description": "The establishment's: left out it stays, `null` clears it."},
    )
    principal_ids = fields.List(
        fields.UUID(),
        load_default=None,
        metadata={
            "description": "The establishment's: a collaboration's or federation's principals"
            " in full, each existing on the founding date."
        },
    )


class OrganSchema(ma.Schema):
    id = fields.UUID(attribute="organ_id")
    organisation_id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    group_type = fields.String(allow_none=True)
    governance_level = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    parent_id = fields.UUID(allow_none=True)
    principal_ids = fields.List(fields.UUID())
    valid_from = Date(metadata={"description": "This state holds from…"})
    valid_to = Date(allow_none=True, metadata={"description": "…until (exclusive)."})


class OrganVersionSchema(OrganSchema):
    recorded_from = Integer()
    recorded_to = Integer(allow_none=True)


class WrittenOrganSchema(WrittenSchema):
    id = fields.UUID()
    organisation_id = fields.UUID()
    valid_at = Date()
    name = fields.String()
    kind = fields.String()
    group_type = fields.String(allow_none=True)
    governance_level = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    parent_id = fields.UUID(allow_none=True)
    principal_ids = fields.List(fields.UUID())
    established_on = Date()
    dissolved_on = Date(allow_none=True)
    successor_ids = fields.List(fields.UUID())
    version = Integer()
    successors = fields.List(
        fields.Nested(lambda: WrittenOrganSchema(exclude=("successors", "position"))),
        metadata={"description": "Organs established by a dissolution, as written."},
    )


class NameSpanSchema(ma.Schema):
    name = fields.String()
    valid_from = Date(metadata={"description": "Named so from…"})
    valid_to = Date(allow_none=True, metadata={"description": "…until (exclusive)."})


class ListedOrganSchema(OrganSchema):
    matched_name = fields.String(
        allow_none=True,
        metadata={
            "description": "With `q`: the name that matched, its name on valid_at or one it"
            " had before (null without `q`)."
        },
    )
    former = fields.Boolean(
        allow_none=True,
        metadata={"description": "With `q`: whether a former name matched (null without `q`)."},
    )


class OrganDetailSchema(OrganSchema):
    established_on = Date()
    dissolved_on = Date(allow_none=True)
    exists = fields.Boolean(metadata={"description": "Whether the organ exists on valid_at."})
    parent = fields.Nested(RelatedSchema, allow_none=True)
    children = fields.List(fields.Nested(RelatedSchema))
    predecessors = fields.List(fields.Nested(RelatedSchema))
    successors = fields.List(fields.Nested(RelatedSchema))
    pending_changes = fields.List(fields.Nested(ChangeSchema))
    versions = fields.List(fields.Nested(OrganVersionSchema))
    names = fields.List(
        fields.Nested(NameSpanSchema),
        metadata={"description": "Every name it had over its life (former names too)."},
    )
    as_of = fields.Nested(AsOfSchema)


class OrganListArgsSchema(AsOfArgsSchema, PageArgsSchema):
    organisation_id = fields.UUID(load_default=None)
    parent_id = fields.UUID(load_default=None)
    kind = fields.Enum(OrganKind, by_value=True, load_default=None)
    q = NameSearch(
        description="Part of its name on valid_at or of a name it had before (case-insensitive,"
        " å ä ö included; `%` and `_` are themselves)."
    )


class OrganPageSchema(ma.Schema):
    items = fields.List(fields.Nested(ListedOrganSchema))
    next_cursor = fields.String(allow_none=True)
    as_of = fields.Nested(AsOfSchema)


class TreeArgsSchema(AsOfArgsSchema):
    organisation_id = fields.UUID(load_default=None)


class TreeNodeSchema(OrganSchema):
    children = fields.List(fields.Nested(lambda: TreeNodeSchema()))
    collaborations = fields.List(fields.Nested(OrganSchema))


class TreeSchema(ma.Schema):
    trees = fields.List(fields.Nested(TreeNodeSchema))
    as_of = fields.Nested(AsOfSchema)


class OrganExportArgsSchema(WholeListArgsSchema, OrganListArgsSchema):
    """The list's filters, as-of and sheet arguments: every filter of the list applies."""
