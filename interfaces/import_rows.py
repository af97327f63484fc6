"""The rows of an import file read into typed rows by one schema per record, and the rows
refused while reading them, each with its row number, field and message.

A row is refused for its first fault in the order its schema declares its fields (the
order they are read in); its cells are read as interfaces.import_cells says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import marshmallow as ma

from application.composition import NewSeat
from application.decisions import NewDecision
from application.imports import (
    DecisionRow,
    ImportReport,
    ImportRow,
    ImportUseCases,
    MembershipRow,
    OrganRow,
    PersonRow,
    Rejected,
)
from application.organs import NewOrgan
from domain.composition import PresidiumRole, SeatRole
from domain.decisions import DecisionOutcome, DecisionType
from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.people import PersonalDetails
from domain.provenance import Provenance
from interfaces.import_cells import Choice, Day, Ref, Refs, Text, WholeNumber


class RowSchema(ma.Schema):
    """One record's row; `record` and unknown fields are checked before it is loaded."""

    class Meta:
        unknown = ma.EXCLUDE

    record: ClassVar[str]

    key = Text("key", required=True)

    def typed(self, number: int, data: dict[str, Any]) -> ImportRow:
        raise NotImplementedError


class DecisionRowSchema(RowSchema):
    record = "decision"
    decided_on = Day("decided_on", required=True)
    title = Text("title", required=True)
    decision_type = Choice("decision_type", DecisionType, required=True)
    outcome = Choice("outcome", DecisionOutcome)
    organ_id = Ref("organ")
    paragraph = Text("paragraph")
    case_number = Text("case_number")
    summary = Text("summary", multiline=True)

    def typed(self, number: int, data: dict[str, Any]) -> DecisionRow:
        key = data.pop("key")
        outcome = data.pop("outcome") or DecisionOutcome.ADOPTED
        return DecisionRow(number, key, NewDecision(outcome=outcome, **data))


class PersonRowSchema(RowSchema):
    record = "person"
    name = Text("name", required=True)
    title = Text("title")
    employer_organ_id = Ref("employer")

    def typed(self, number: int, data: dict[str, Any]) -> PersonRow:
        key = data.pop("key")
        return PersonRow(number, key, PersonalDetails(**data))


class ChangeRowSchema(RowSchema):
    """A row of an organisational change: when it holds, on whose authority, why."""

    reason = Text("reason", multiline=True)
    effective_on = Day("effective_on", required=True)
    decision_id = Ref("decision", required=True)


class OrganRowSchema(ChangeRowSchema):
    record = "organ"
    name = Text("name", required=True)
    kind = Choice("kind", OrganKind, required=True)
    group_type = Choice("group_type", GroupType)
    governance_level = Choice("governance_level", GovernanceLevel)
    parent_id = Ref("parent")
    code = Text("code")
    principal_ids = Refs("principals")

    def typed(self, number: int, data: dict[str, Any]) -> OrganRow:
        classification = Classification(data["kind"], data["group_type"], data["governance_level"])
        organ = NewOrgan(
            name=data["name"],
            classification=classification,
            parent_id=data["parent_id"],
            code=data["code"],
            principal_ids=data["principal_ids"] or (),
        )
        return OrganRow(
            number, data["key"], data["effective_on"], data["decision_id"], data["reason"], organ
        )


class MembershipRowSchema(ChangeRowSchema):
    record = "membership"
    organ_id = Ref("organ", required=True)
    person_id = Ref("person", required=True)
    role = Choice("role", SeatRole, required=True)
    presidium_role = Choice("presidium_role", PresidiumRole)
    representing_id = Ref("representing")
    political_party = Text("political_party")
    substitute_order = WholeNumber("substitute_order")
    appointed_by_id = Ref("appointed_by")

    def typed(self, number: int, data: dict[str, Any]) -> MembershipRow:
        common = ("key", "effective_on", "decision_id", "reason", "organ_id")
        key, effective_on, decision_id, reason, organ_id = (data.pop(n) for n in common)
        seat = NewSeat(**data)
        return MembershipRow(number, key, effective_on, decision_id, reason, organ_id, seat)


SCHEMAS: dict[str, RowSchema] = {
    s.record: s
    for s in (DecisionRowSchema(), OrganRowSchema(), PersonRowSchema(), MembershipRowSchema())
}
FIELDS: dict[str, tuple[str, ...]] = {
    record: tuple(f.data_key or name for name, f in schema.fields.items())
    for record, schema in SCHEMAS.items()
}
"""Each record's fields, as a file names them."""


class _Refused(Exception):
    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


def read_import_rows(rows: Sequence[Any]) -> tuple[list[ImportRow], list[Rejected]]:
    """Typed rows, and the rows refused while reading them (row 1 is the first data row);
    a key on an earlier row refuses a later one."""
    typed: list[ImportRow] = []
    refused: list[Rejected] = []
    keys: set[str] = set()
    for number, row in enumerate(rows, start=1):
        record = row.get("record") if isinstance(row, Mapping) else None
        key = row.get("key") if isinstance(row, Mapping) else None
        try:
            typed.append(_typed_row(number, row, keys))
        except _Refused as refusal:
            name = record if isinstance(record, str) else None
            text = key if isinstance(key, str) else None
            refused.append(Rejected(number, name, text, refusal.field, refusal.detail))
    return typed, refused


def _typed_row(number: int, row: Any, keys: set[str]) -> ImportRow:
    if not isinstance(row, Mapping):
        raise _Refused("a row is an object of fields")
    record = row.get("record")
    schema = SCHEMAS.get(record) if isinstance(record, str) else None
    if schema is None:
        raise _Refused(f"record must be one of {', '.join(SCHEMAS)}", "record")
    unknown = sorted(k for k in row if k not in (*FIELDS[schema.record], "record"))
    if unknown:
        raise _Refused(f"{schema.record} rows have no field {unknown[0]!r}", unknown[0])
    try:
        data: dict[str, Any] = schema.load(row)
    except ma.ValidationError as error:
        messages: dict[str, Any] = error.messages_dict
        valid = error.valid_data if isinstance(error.valid_data, dict) else {}
        _check_key(valid.get("key"), keys)
        name = next(n for n in FIELDS[schema.record] if n in messages)
        raise _Refused(str(messages[name][0]), name) from None
    _check_key(data["key"], keys)
    return schema.typed(number, data)


def _check_key(key: str | None, keys: set[str]) -> None:
    """Holds the key for this row; a key held by an earlier row refuses this one."""
    if key is None:
        return
    if key in keys:
        raise _Refused(f"the key {key!r} is used by an earlier row", "key")
    keys.add(key)


class Imports:
    """The bulk import as files give it: rows read by the schemas, then checked and
    written by the use case (application.imports)."""

    def __init__(self, use_cases: ImportUseCases) -> None:
        self.use_cases = use_cases

    def run(self, rows: Sequence[Any], by: Provenance, *, dry_run: bool = False) -> ImportReport:
        typed, refused = read_import_rows(rows)
        return self.use_cases.run(typed, refused, by, dry_run=dry_run)
