"""An organ's valid-time record as JSON, kept by the OrganTree projection between events:
what it was established as, and the changes in force (from which the record is replayed)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organ_record import OrganRecord, RecordedChange


def dump_record(record: OrganRecord) -> str:
    name, classification, parent_id = record.established
    return json.dumps(
        {
            "organ_id": str(record.organ_id),
            "organisation_id": str(record.organisation_id),
            "code": record.code,
            "principal_ids": [str(i) for i in record.principal_ids],
            "established_on": record.established_on.isoformat(),
            "name": name,
            "classification": _dump_class(classification),
            "parent_id": str(parent_id) if parent_id else None,
            "child_ids": [str(i) for i in record.child_ids],
            "changes": [_dump_change(record.changes[slot]) for slot in sorted(record.changes)],
            "slots": sorted([v, s] for v, s in record.slots.items()),
            "annulled": sorted(record.annulled),
            "unfounded": record.unfounded,
        },
        ensure_ascii=False,
    )


def load_record(text: str) -> OrganRecord:
    data = json.loads(text)
    record = OrganRecord(
        organ_id=UUID(data["organ_id"]),
        organisation_id=UUID(data["organisation_id"]),
        code=data["code"],
        principal_ids=tuple(UUID(i) for i in data["principal_ids"]),
        established_on=date.fromisoformat(data["established_on"]),
        name=data["name"],
        classification=_load_class(data["classification"]),
        parent_id=UUID(data["parent_id"]) if data["parent_id"] else None,
    )
    record.child_ids = tuple(UUID(i) for i in data["child_ids"])
    record.changes = {c.slot: c for c in map(_load_change, data["changes"])}
    record.slots = {int(v): int(s) for v, s in data["slots"]}
    record.annulled = set(data["annulled"])
    record.unfounded = bool(data["unfounded"])
    record.replay()
    return record


def _dump_change(change: RecordedChange) -> dict[str, Any]:
    c = change.classification
    return {
        "slot": change.slot,
        "version": change.version,
        "what": change.what,
        "effective_on": change.effective_on.isoformat(),
        "name": change.name,
        "classification": _dump_class(c) if c else None,
        "parent_id": str(change.parent_id) if change.parent_id else None,
        "successor_ids": [str(i) for i in change.successor_ids],
    }


def _load_change(data: dict[str, Any]) -> RecordedChange:
    return RecordedChange(
        slot=data["slot"],
        version=data["version"],
        what=data["what"],
        effective_on=date.fromisoformat(data["effective_on"]),
        name=data["name"],
        classification=_load_class(data["classification"]) if data["classification"] else None,
        parent_id=UUID(data["parent_id"]) if data["parent_id"] else None,
        successor_ids=tuple(UUID(i) for i in data["successor_ids"]),
    )


def _dump_class(c: Classification) -> dict[str, Any]:
    return {
        "kind": c.kind.value,
        "group_type": c.group_type.value if c.group_type else None,
        "governance_level": c.governance_level.value if c.governance_level else None,
    }


def _load_class(data: dict[str, Any]) -> Classification:
    return Classification(
        OrganKind(data["kind"]),
        GroupType(data["group_type"]) if data["group_type"] else None,
        GovernanceLevel(data["governance_level"]) if data["governance_level"] else None,
    )
