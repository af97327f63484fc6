"""Shapes the results of writes into the dicts the response schemas dump."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.organs import OrganSnapshot, OrganWritten
from domain.people import PersonalDetails


def written_organ(written: OrganWritten) -> dict[str, Any]:
    return {
        **snapshot(written.organ),
        "position": written.position,
        "successors": [snapshot(s) for s in written.successors],
    }


def snapshot(s: OrganSnapshot) -> dict[str, Any]:
    c = s.classification
    return {
        "id": s.organ_id,
        "organisation_id": s.organisation_id,
        "valid_at": s.valid_at,
        "name": s.name,
        "kind": c.kind.value,
        "group_type": c.group_type.value if c.group_type else None,
        "governance_level": c.governance_level.value if c.governance_level else None,
        "code": s.code,
        "parent_id": s.parent_id,
        "principal_ids": list(s.principal_ids),
        "established_on": s.established_on,
        "dissolved_on": s.dissolved_on,
        "successor_ids": list(s.successor_ids),
        "version": s.version,
    }


def person(person_id: UUID, details: PersonalDetails | None) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": details.name if details else None,
        "title": details.title if details else None,
        "employer_organ_id": details.employer_organ_id if details else None,
        "erased": details is None,
    }
