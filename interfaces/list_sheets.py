"""The lists as spreadsheets: organs on a date, an organ's members, decisions and
assignments, one row per item of the JSON list, in its order and with its fields (ids as
text, a list of ids in one cell, words of the vocabulary by their labels)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any
from uuid import UUID

from interfaces.queries.composition import Members
from interfaces.spreadsheets import Sheet
from projections.as_of import AsOf
from projections.assignments_view import AssignmentState
from projections.decision_register_view import DecisionRow
from projections.organ_tree_view import OrganVersion

ORGAN_COLUMNS = (
    "name", "kind", "group_type", "governance_level", "code", "valid_from", "valid_to",
    "parent_id", "organisation_id", "principal_ids", "id",
)  # fmt: skip
MEMBER_COLUMNS = (
    "person_name", "person_title", "role", "presidium_role", "representing_name",
    "political_party", "substitute_order", "started_on", "ended_on", "valid_from", "valid_to",
    "organ_name", "person_id", "representing_id", "appointed_by_id", "decision_id", "id",
)  # fmt: skip
"""`valid_from` and `valid_to` bound the seat's presidium role, as in the JSON list."""
DECISION_COLUMNS = (
    "decided_on", "paragraph", "case_number", "title", "decision_type", "decision_outcome",
    "summary", "organ_id", "id",
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    "title", "status", "status_from", "status_to", "starts_on", "due_on", "due_period",
    "overdue", "reported_late", "assignee_organ_ids", "assignee_person_ids", "decision_id",
    "id",
)  # fmt: skip
NOT_FILTERS = frozenset(
    {"format", "lang", "dialect", "valid_at", "known_at", "min_position", "limit", "cursor"}
)


def organs(items: Iterable[OrganVersion], as_of: AsOf, args: Mapping[str, Any]) -> Sheet:
    rows = [
        (
            o.name,
            o.kind,
            o.group_type,
            o.governance_level,
            o.code,
            o.valid_from,
            o.valid_to,
            _id(o.parent_id),
            _id(o.organisation_id),
            _ids(o.principal_ids),
            _id(o.organ_id),
        )
        for o in items
    ]
    worded = frozenset({"kind", "group_type", "governance_level"})
    return _sheet("organs", ORGAN_COLUMNS, rows, as_of, args, worded=worded)


def members(read: Members, as_of: AsOf, args: Mapping[str, Any]) -> Sheet:
    rows = [
        (
            s.person_name,
            s.person_title,
            s.role,
            s.presidium_role,
            s.representing_name,
            s.political_party,
            s.substitute_order,
            s.started_on,
            s.ended_on,
            s.valid_from,
            s.valid_to,
            s.organ_name,
            _id(s.person_id),
            _id(s.representing_id),
            _id(s.appointed_by_id),
            _id(s.decision_id),
            _id(s.seat_id),
        )
        for s in read.members
    ]
    worded = frozenset({"role", "presidium_role"})
    return _sheet(
        "members", MEMBER_COLUMNS, rows, as_of, args, title=read.organ_name, worded=worded
    )


def decisions(items: Iterable[DecisionRow], as_of: AsOf, args: Mapping[str, Any]) -> Sheet:
    rows = [
        (
            d.decided_on,
            d.paragraph,
            d.case_number,
            d.title,
            d.decision_type,
            d.outcome,
            d.summary,
            _id(d.organ_id),
            _id(d.decision_id),
        )
        for d in items
    ]
    worded = frozenset({"decision_type", "decision_outcome"})
    return _sheet("decisions", DECISION_COLUMNS, rows, as_of, args, worded=worded)


def assignments(items: Iterable[AssignmentState], as_of: AsOf, args: Mapping[str, Any]) -> Sheet:
    rows = [
        (
            a.title,
            a.status,
            a.status_from,
            a.status_to,
            a.starts_on,
            a.due_on,
            a.due_period,
            a.overdue,
            a.reported_late,
            _ids(x["organ_id"] for x in a.assignees if x.get("organ_id")),
            _ids(x["person_id"] for x in a.assignees if x.get("person_id")),
            _id(a.decision_id),
            _id(a.assignment_id),
        )
        for a in items
    ]
    worded = frozenset({"status"})
    return _sheet("assignments", ASSIGNMENT_COLUMNS, rows, as_of, args, worded=worded)


def filters(args: Mapping[str, Any]) -> str | None:
    """The list's filters given (`kind=committee, q=nämnd`), as the title block says them:
    every argument but the as-of and the sheet's own, so a filter added to a list's
    arguments is stated too."""
    given = [
        f"{key}={value.value if isinstance(value, Enum) else value}"
        for key, value in args.items()
        if key not in NOT_FILTERS and value is not None
    ]
    return ", ".join(given) or None


def _sheet(
    heading: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    as_of: AsOf,
    args: Mapping[str, Any],
    *,
    title: str = "",
    worded: frozenset[str],
) -> Sheet:
    return Sheet(
        name=f"{heading}-{as_of.valid_at}-{as_of.position}",
        columns=columns,
        rows=rows,
        heading=heading,
        title=title,
        about=(
            ("valid_at", as_of.valid_at),
            ("known_at", as_of.known_at),
            ("position", as_of.position),
            ("filters", filters(args)),
        ),
        worded=worded,
    )


def _id(value: UUID | str | None) -> str | None:
    return None if value is None else str(value)


def _ids(values: Iterable[UUID | str]) -> str | None:
    """Several ids in one cell, between commas."""
    return ", ".join(str(v) for v in values) or None
