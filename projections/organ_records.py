"""An organ's valid-time record as JSON, kept by the OrganTree projection between events."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organ_record import OrganRecord
from domain.timelines import Timeline


def dump_record(record: OrganRecord) -> str:
    return json.dumps(
        {
            "organ_id": str(record.organ_id),
            "organisation_id": str(record.organisation_id),
            "code": record.code,
            "principal_ids": [str(i) for i in record.principal_ids],
            "established_on": record.established_on.isoformat(),
            "dissolved_on": record.dissolved_on.isoformat() if record.dissolved_on else None,
            "successor_ids": [str(i) for i in record.successor_ids],
            "child_ids": [str(i) for i in record.child_ids],
            "names": [[d.isoformat(), v] for d, v in record.names],
            "classifications": [[d.isoformat(), _dump_class(c)] for d, c in record.classifications],
            "parents": [[d.isoformat(), str(p) if p else None] for d, p in record.parents],
        },
        ensure_ascii=False,
    )


def load_record(text: str) -> OrganRecord:
    data = json.loads(text)
    names = [(date.fromisoformat(d), v) for d, v in data["names"]]
    classes = [(date.fromisoformat(d), _load_class(c)) for d, c in data["classifications"]]
    parents = [(date.fromisoformat(d), UUID(p) if p else None) for d, p in data["parents"]]
    record = OrganRecord(
        organ_id=UUID(data["organ_id"]),
        organisation_id=UUID(data["organisation_id"]),
        code=data["code"],
        principal_ids=tuple(UUID(i) for i in data["principal_ids"]),
        established_on=date.fromisoformat(data["established_on"]),
        name=names[0][1],
        classification=classes[0][1],
        parent_id=parents[0][1],
    )
    record.names = Timeline(names)
    record.classifications = Timeline(classes)
    record.parents = Timeline(parents)
    if data["dissolved_on"]:
        record.dissolved_on = date.fromisoformat(data["dissolved_on"])
    record.successor_ids = tuple(UUID(i) for i in data["successor_ids"])
    record.child_ids = tuple(UUID(i) for i in data["child_ids"])
    return record


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
