"""PlanTree: plans and their item trees over valid time, as known at any time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import singledispatchmethod
from typing import Any

from domain.plan_items import ItemRecord, PlanItem
from domain.plans import Plan
from projections.bitemporal import day, day_or_open
from projections.plan_item_records import dump_item, load_item, owners_json
from projections.projection import Recorded, StateTable
from projections.sorting import bytewise, sort_key
from projections.sql import Cursor
from projections.versioned import VersionedProjection, VersionedTable

PLAN_STATE = StateTable("plan_state", "plan_id", "state")
ITEM_STATE = StateTable("plan_item_state", "item_id", "record")
PLAN_VERSIONS = VersionedTable(
    "plan_versions",
    (
        ("plan_id", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("sort_key", bytewise),
        ("kind", "TEXT NOT NULL"),
        ("owner_organ_id", "TEXT NOT NULL"),
        ("span_from", "BIGINT NOT NULL"),
        ("span_to", "BIGINT NOT NULL"),
        ("closed", "BIGINT NOT NULL"),
        ("decision_id", "TEXT NOT NULL"),
    ),
    indexes=(("plan_id", "plan_id, recorded_to"), ("owner", "owner_organ_id, sort_key")),
)
ITEM_VERSIONS = VersionedTable(
    "plan_item_versions",
    (
        ("item_id", "TEXT NOT NULL"),
        ("plan_id", "TEXT NOT NULL"),
        ("kind", "TEXT NOT NULL"),
        ("title", "TEXT NOT NULL"),
        ("parent_id", "TEXT"),
        ("target_year", "BIGINT"),
        ("owners", "TEXT NOT NULL"),
    ),
    indexes=(("item_id", "item_id, recorded_to"), ("plan_id", "plan_id, recorded_to")),
)


class PlanTree(VersionedProjection):
    name = "plan_tree"
    version = 4
    """2: each span of a plan's own fields names the decision that adopted or revised it.
    3: plans keep their name's sort key and are indexed by owner organ (the plan list).
    4: `plan_item_owners` indexes the items by the organs that own them (an organ's
    establishment is annulled only while none does)."""
    versioned = (PLAN_VERSIONS, ITEM_VERSIONS)

    def tables(self) -> Sequence[str]:
        return [
            PLAN_STATE.name,
            *PLAN_VERSIONS.tables(self.dialect),
            ITEM_STATE.name,
            *ITEM_VERSIONS.tables(self.dialect),
            "plan_item_owners",
        ]

    def create(self, cursor: Cursor) -> None:
        PLAN_STATE.create(cursor)
        PLAN_VERSIONS.create(cursor, self.dialect)
        ITEM_STATE.create(cursor)
        ITEM_VERSIONS.create(cursor, self.dialect)
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS plan_item_owners (organ_id TEXT NOT NULL,"
            " item_id TEXT NOT NULL, PRIMARY KEY (organ_id, item_id))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS plan_item_owners_item ON plan_item_owners (item_id)"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events (period-keyed facts among them) change nothing here."""

    @apply.register
    def _adopted(self, event: Plan.Adopted, cursor: Cursor, position: int) -> None:
        state: dict[str, Any] = {
            "kind": event.kind.value,
            "owner_organ_id": str(event.owner_organ_id),
            "adopted_on": event.effective_on.isoformat(),
            "closed_on": None,
            "states": [],
        }
        self._plan(cursor, event, _revised(state, event), position)

    @apply.register
    def _plan_revised(self, event: Plan.Revised, cursor: Cursor, position: int) -> None:
        state = json.loads(PLAN_STATE.load(cursor, str(event.originator_id)))
        self._plan(cursor, event, _revised(state, event), position)

    @apply.register
    def _closed(self, event: Plan.Closed, cursor: Cursor, position: int) -> None:
        state = json.loads(PLAN_STATE.load(cursor, str(event.originator_id)))
        state["closed_on"] = event.effective_on.isoformat()
        self._plan(cursor, event, state, position)

    @apply.register
    def _item_added(self, event: PlanItem.Added, cursor: Cursor, position: int) -> None:
        self._item(cursor, event.new_record(), position)

    @apply.register
    def _item_changed(self, event: PlanItem.Change, cursor: Cursor, position: int) -> None:
        """An item revised (moved), removed or given a child: the domain's own evolve."""
        record = load_item(ITEM_STATE.load(cursor, str(event.originator_id)))
        event.evolve(record)
        self._item(cursor, record, position)

    def _plan(self, cursor: Cursor, event: Plan.Change, state: dict[str, Any], at: int) -> None:
        plan_id = str(event.originator_id)
        PLAN_VERSIONS.sync(cursor, self.dialect, plan_id, _plan_rows(plan_id, state), at)
        PLAN_STATE.save(cursor, plan_id, json.dumps(state, ensure_ascii=False))

    def _item(self, cursor: Cursor, record: ItemRecord, position: int) -> None:
        item_id = str(record.item_id)
        wanted = [
            (
                day(span.valid_from),
                day_or_open(span.valid_to),
                item_id,
                str(record.plan_id),
                record.kind.value,
                span.state.title,
                str(span.state.parent_id) if span.state.parent_id else None,
                span.state.target_year,
                owners_json(span.state.owners),
            )
            for span in record.spans()
        ]
        ITEM_VERSIONS.sync(cursor, self.dialect, item_id, wanted, position)
        ITEM_STATE.save(cursor, item_id, dump_item(record))
        organs = {
            str(o.organ_id) for span in record.spans() for o in span.state.owners if o.organ_id
        }
        cursor.execute("DELETE FROM plan_item_owners WHERE item_id = ?", (item_id,))
        cursor.executemany(
            "INSERT INTO plan_item_owners VALUES (?, ?)", [(o, item_id) for o in sorted(organs)]
        )


def _revised(state: dict[str, Any], event: Plan.Adopted | Plan.Revised) -> dict[str, Any]:
    """The plan's own fields from the event's date on; a revision on a date already
    revised supersedes it."""
    on = event.effective_on.isoformat()
    to = event.valid_to.isoformat() if event.valid_to else None
    entry = [on, event.name, event.valid_from.isoformat(), to, str(event.decision_id)]
    kept = [s for s in state["states"] if s[0] != on]
    state["states"] = sorted([*kept, entry], key=lambda s: str(s[0]))
    return state


def _plan_rows(plan_id: str, state: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per span of the plan's own fields, from adoption on."""
    states = state["states"]
    closed = state["closed_on"]
    rows = []
    for i, (on, name, span_from, span_to, decision_id) in enumerate(states):
        end = states[i + 1][0] if i + 1 < len(states) else None
        rows.append(
            (
                day(date.fromisoformat(on)),
                day_or_open(date.fromisoformat(end) if end else None),
                plan_id,
                name,
                sort_key(name),
                state["kind"],
                state["owner_organ_id"],
                day(date.fromisoformat(span_from)),
                day_or_open(date.fromisoformat(span_to) if span_to else None),
                0 if closed is None else day(date.fromisoformat(closed)),
                decision_id,
            )
        )
    return rows
