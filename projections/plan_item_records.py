"""A plan item's valid-time record as JSON, kept by the PlanTree projection between events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.plan_items import ItemKind, ItemRecord, ItemState, Owner, OwnerRole
from domain.timelines import Timeline


def dump_item(record: ItemRecord) -> str:
    return json.dumps(
        {
            "item_id": str(record.item_id),
            "plan_id": str(record.plan_id),
            "kind": record.kind.value,
            "added_on": record.added_on.isoformat(),
            "removed_on": record.removed_on.isoformat() if record.removed_on else None,
            "child_ids": [str(c) for c in record.child_ids],
            "states": [
                [d.isoformat(), s.title, str(s.parent_id) if s.parent_id else None,
                 s.target_year, [_owner(o) for o in s.owners]]
                for d, s in record.states
            ],
        },
        ensure_ascii=False,
    )  # fmt: skip


def load_item(text: str) -> ItemRecord:
    data = json.loads(text)
    states = [
        (
            date.fromisoformat(d),
            ItemState(t, UUID(p) if p else None, y, tuple(_owner_of(o) for o in owners)),
        )
        for d, t, p, y, owners in data["states"]
    ]
    record = ItemRecord(
        UUID(data["item_id"]),
        UUID(data["plan_id"]),
        ItemKind(data["kind"]),
        date.fromisoformat(data["added_on"]),
        states[0][1],
    )
    record.states = Timeline(states)
    record.removed_on = date.fromisoformat(data["removed_on"]) if data["removed_on"] else None
    record.child_ids = tuple(UUID(c) for c in data["child_ids"])
    return record


def owners_json(owners: Sequence[Owner]) -> str:
    """An item's owners as the versions table holds them: role and id as text."""
    return json.dumps([_owner(o) for o in owners], sort_keys=True)


def _owner(owner: Owner) -> dict[str, str]:
    found = {"role": owner.role.value}
    if owner.person_id is not None:
        found["person_id"] = str(owner.person_id)
    if owner.organ_id is not None:
        found["organ_id"] = str(owner.organ_id)
    return found


def _owner_of(data: dict[str, str]) -> Owner:
    person, organ = data.get("person_id"), data.get("organ_id")
    return Owner(
        OwnerRole(data["role"]), UUID(person) if person else None, UUID(organ) if organ else None
    )
