"""Reads of the Mandates projection: the version in force, all versions, one version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from projections.bitemporal import day, from_day
from projections.mandates import VERSIONS
from projections.projection import OPEN
from projections.sql import Cursor, Row

COLUMNS = "version, decision_id, effective_on, valid_to, content, recorded_from, recorded_to"


@dataclass(frozen=True)
class MandateRow:
    organ_id: UUID
    version: int
    decision_id: UUID
    effective_on: date
    valid_to: date | None
    """The first day it is no longer in force: the next version or a withdrawal."""
    content: dict[str, Any]
    recorded_from: int
    recorded_to: int | None


class MandatesView:
    requires = ("mandates",)

    def in_force(
        self, cursor: Cursor, organ_id: UUID, on: date, position: int
    ) -> MandateRow | None:
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} WHERE organ_id = ? AND recorded_to > ?"
            " AND recorded_from <= ? AND valid_from <= ? AND valid_to > ?",
            (str(organ_id), position, position, day(on), day(on)),
        )
        row = cursor.fetchone()
        return _row(organ_id, row) if row else None

    def versions(self, cursor: Cursor, organ_id: UUID, position: int) -> list[MandateRow]:
        cursor.execute(
            f"SELECT {COLUMNS} FROM {VERSIONS.name} WHERE organ_id = ? AND recorded_to > ?"
            " AND recorded_from <= ? ORDER BY version",
            (str(organ_id), position, position),
        )
        return [_row(organ_id, row) for row in cursor.fetchall()]


def _row(organ_id: UUID, row: Row) -> MandateRow:
    return MandateRow(
        organ_id=organ_id,
        version=int(row[0]),
        decision_id=UUID(row[1]),
        effective_on=from_day(row[2]),
        valid_to=None if row[3] == OPEN else from_day(row[3]),
        content=json.loads(row[4]),
        recorded_from=int(row[5]),
        recorded_to=None if row[6] == OPEN else int(row[6]),
    )
