"""Reads of the PlanTree projection: a plan and its item tree at (valid_at, position), each
item with its indicators (from the IndicatorSeries projection)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from projections.bitemporal import day, from_day
from projections.ids import uuid_of, uuid_or_none
from projections.indicator_series_view import IndicatorSeriesView
from projections.plan_tree import ITEM_VERSIONS, PLAN_VERSIONS
from projections.projection import OPEN
from projections.sorting import sort_key
from projections.sql import Cursor


@dataclass(frozen=True)
class PlanRow:
    plan_id: UUID
    name: str
    kind: str
    owner_organ_id: UUID
    valid_from: date
    valid_to: date | None
    closed_on: date | None
    decision_id: UUID
    """The adoption's or the revision's in force on the date read."""


@dataclass
class ItemNode:
    item_id: UUID
    kind: str
    title: str
    parent_id: UUID | None
    target_year: int | None
    owners: list[dict[str, str]]
    valid_from: date
    valid_to: date | None
    children: list[ItemNode] = field(default_factory=list)
    indicator_ids: list[UUID] = field(default_factory=list)


class PlanTreeView:
    requires = ("plan_tree", "indicator_series")

    def __init__(self, indicators: IndicatorSeriesView) -> None:
        self.indicators = indicators

    def plan(self, cursor: Cursor, plan_id: UUID, on: date, position: int) -> PlanRow | None:
        """The plan as it read on `on` (its first reading, before it was adopted)."""
        cursor.execute(
            "SELECT plan_id, name, kind, owner_organ_id, span_from, span_to, closed, valid_from,"
            f" valid_to, decision_id FROM {PLAN_VERSIONS.name} WHERE plan_id = ?"
            " AND recorded_to > ? AND recorded_from <= ? ORDER BY valid_from",
            (str(plan_id), position, position),
        )
        rows = cursor.fetchall()
        if not rows:
            return None
        holding = [r for r in rows if r[7] <= day(on) < r[8]]
        r = holding[0] if holding else rows[0]
        return PlanRow(
            plan_id=uuid_of(r[0]),
            name=r[1],
            kind=r[2],
            owner_organ_id=uuid_of(r[3]),
            valid_from=from_day(r[4]),
            valid_to=None if r[5] == OPEN else from_day(r[5]),
            closed_on=from_day(r[6]) if r[6] else None,
            decision_id=uuid_of(r[9]),
        )

    def item(
        self, cursor: Cursor, plan_id: UUID, item_id: UUID, on: date, position: int
    ) -> ItemNode | None:
        """One of the plan's items as it read on `on` (before it was added, its first
        reading; after it was removed, its last), without its children; None unless it
        is the plan's and known at `position`."""
        cursor.execute(
            "SELECT item_id, kind, title, parent_id, target_year, owners, valid_from, valid_to"
            f" FROM {ITEM_VERSIONS.name} WHERE item_id = ? AND plan_id = ? AND recorded_to > ?"
            " AND recorded_from <= ? ORDER BY valid_from",
            (str(item_id), str(plan_id), position, position),
        )
        rows = cursor.fetchall()
        if not rows:
            return None
        holding = [r for r in rows if r[6] <= day(on) < r[7]]
        r = holding[0] if holding else rows[0] if day(on) < rows[0][6] else rows[-1]
        return ItemNode(
            item_id=uuid_of(r[0]),
            kind=r[1],
            title=r[2],
            parent_id=uuid_or_none(r[3]),
            target_year=r[4],
            owners=json.loads(r[5]),
            valid_from=from_day(r[6]),
            valid_to=None if r[7] == OPEN else from_day(r[7]),
            indicator_ids=self.indicators.ids_by_item(cursor, plan_id, position).get(item_id, []),
        )

    def tree(self, cursor: Cursor, plan_id: UUID, on: date, position: int) -> list[ItemNode]:
        """The plan's items on `on`, as a tree ordered by title."""
        cursor.execute(
            "SELECT item_id, kind, title, parent_id, target_year, owners, valid_from, valid_to"
            f" FROM {ITEM_VERSIONS.name} WHERE plan_id = ? AND recorded_to > ?"
            " AND recorded_from <= ? AND valid_from <= ? AND valid_to > ?",
            (str(plan_id), position, position, day(on), day(on)),
        )
        nodes = {
            uuid_of(r[0]): ItemNode(
                item_id=uuid_of(r[0]),
                kind=r[1],
                title=r[2],
                parent_id=uuid_or_none(r[3]),
                target_year=r[4],
                owners=json.loads(r[5]),
                valid_from=from_day(r[6]),
                valid_to=None if r[7] == OPEN else from_day(r[7]),
            )
            for r in cursor.fetchall()
        }
        for item_id, indicator_ids in self.indicators.ids_by_item(
            cursor, plan_id, position
        ).items():
            if item_id in nodes:
                nodes[item_id].indicator_ids.extend(indicator_ids)
        roots: list[ItemNode] = []
        for node in sorted(nodes.values(), key=lambda n: (sort_key(n.title), str(n.item_id))):
            parent = nodes.get(node.parent_id) if node.parent_id else None
            (parent.children if parent else roots).append(node)
        return roots
