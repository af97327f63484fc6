"""Reads of the PlanTree projection's plans as a list: those adopted by a date, as known at
a position, by name, with filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from projections.bitemporal import day, from_day, stabbing, stabbing_params
from projections.ids import uuid_of
from projections.plan_tree import PLAN_VERSIONS
from projections.plan_tree_view import PlanRow
from projections.projection import OPEN
from projections.sorting import search_pattern
from projections.sql import Cursor, Dialect, Row

COLUMNS = (
    "v.plan_id, v.name, v.kind, v.owner_organ_id, v.span_from, v.span_to, v.closed,"
    " v.decision_id, v.sort_key"
)


@dataclass(frozen=True)
class PlanFilter:
    """Which plans a list holds: each given criterion must hold (AND)."""

    owner_organ_id: UUID | None = None
    kind: str | None = None
    in_force: bool | None = None
    """True: plans whose span holds the date and that are not closed on it; False: the rest."""
    name_contains: str | None = None


@dataclass(frozen=True)
class ListedPlan(PlanRow):
    sort_key: str
    in_force: bool
    """Whether its span holds the date read and it is not closed on it."""


class PlanListView:
    requires = ("plan_tree",)

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def page(
        self,
        cursor: Cursor,
        on: date,
        position: int,
        where: PlanFilter,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[ListedPlan]:
        """Plans adopted on or before `on` (closed ones and those whose span is over or yet
        to come too, unless `in_force` says otherwise), as they read on `on`, by name."""
        source, stab = stabbing(self.dialect, PLAN_VERSIONS.name)
        clauses, params = [stab], list[object](stabbing_params(self.dialect, on, position))
        if where.owner_organ_id is not None:
            clauses.append("v.owner_organ_id = ?")
            params.append(str(where.owner_organ_id))
        if where.kind is not None:
            clauses.append("v.kind = ?")
            params.append(where.kind)
        if where.in_force is not None:
            in_force = "v.span_from <= ? AND v.span_to > ? AND (v.closed = 0 OR v.closed > ?)"
            clauses.append(in_force if where.in_force else f"NOT ({in_force})")
            params.extend([day(on)] * 3)
        if where.name_contains:
            clauses.append("v.sort_key LIKE ? ESCAPE '\\'")
            params.append(search_pattern(where.name_contains))
        if after is not None:
            clauses.append("(v.sort_key > ? OR (v.sort_key = ? AND v.plan_id > ?))")
            params.extend([after[0], after[0], after[1]])
        cursor.execute(
            f"SELECT {COLUMNS} FROM {source} WHERE {' AND '.join(clauses)}"
            " ORDER BY v.sort_key, v.plan_id LIMIT ?",
            [*params, limit],
        )
        return [_plan(row, on) for row in cursor.fetchall()]


def _plan(r: Row, on: date) -> ListedPlan:
    valid_from, valid_to = from_day(r[4]), None if r[5] == OPEN else from_day(r[5])
    closed_on = from_day(r[6]) if r[6] else None
    return ListedPlan(
        plan_id=uuid_of(r[0]),
        name=r[1],
        kind=r[2],
        owner_organ_id=uuid_of(r[3]),
        valid_from=valid_from,
        valid_to=valid_to,
        closed_on=closed_on,
        decision_id=uuid_of(r[7]),
        sort_key=r[8],
        in_force=valid_from <= on
        and (valid_to is None or on < valid_to)
        and (closed_on is None or on < closed_on),
    )
