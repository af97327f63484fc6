"""Shapes results and view rows into the dicts the response schemas dump."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

from application.organs import OrganSnapshot, OrganWritten
from domain.people import PersonalDetails
from projections.composition_view import SeatVersion
from projections.organ_tree_view import OrganTreeView
from projections.sql import Cursor


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


def seat(cursor: Cursor, organs: OrganTreeView, s: SeatVersion, position: int) -> dict[str, Any]:
    """A seat span with the names its organ and represented organ had when it began."""
    representing = None
    if s.representing_id is not None:
        representing = organs.name_on(cursor, s.representing_id, s.valid_from, position)
    return {
        **dataclasses.asdict(s),
        "organ_name": organs.name_on(cursor, s.organ_id, s.valid_from, position) or None,
        "representing_name": representing or None,
    }
