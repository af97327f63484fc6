"""Mandates: which version of an organ's mandate was in force, on any date, as known when."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from domain.mandates import Mandate
from projections.bitemporal import (
    RANGE_COLUMNS,
    box_tables,
    canonical_versions,
    create_box_index,
    day,
    day_or_open,
    surrogate_key,
    sync_versions,
)
from projections.projection import Projection, Recorded, StateTable
from projections.sql import Cursor, Row

STATE = StateTable("mandate_state", "organ_id", "history")
VERSIONS = "mandate_versions"
CONTENT = ("organ_id", "version", "decision_id", "effective_on", "content")


class Mandates(Projection):
    name = "mandates"

    def tables(self) -> Sequence[str]:
        return [STATE.name, VERSIONS, *box_tables(self.dialect, VERSIONS)]

    def create(self, cursor: Cursor) -> None:
        STATE.create(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSIONS} ({surrogate_key(self.dialect)},"
            " organ_id TEXT NOT NULL, version BIGINT NOT NULL, decision_id TEXT NOT NULL,"
            f" effective_on BIGINT NOT NULL, content TEXT NOT NULL, {RANGE_COLUMNS})"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {VERSIONS}_organ ON {VERSIONS} (organ_id, recorded_to)"
        )
        create_box_index(cursor, self.dialect, VERSIONS)

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        event = recorded.event
        if not isinstance(event, Mandate.Issued | Mandate.Withdrawn):
            return
        organ_id = str(event.organ_id)
        found = STATE.find(cursor, organ_id)
        history: list[dict[str, Any]] = json.loads(found) if found else []
        entry: dict[str, Any] = {
            "effective_on": day(event.effective_on),
            "decision_id": str(event.decision_id),
        }
        if isinstance(event, Mandate.Issued):
            entry |= {"version": event.version, "content": event.content}
        history.append(entry)
        wanted = [
            _version(organ_id, entry, history[i + 1] if i + 1 < len(history) else None)
            for i, entry in enumerate(history)
            if "version" in entry
        ]
        key = ("organ_id", organ_id)
        sync_versions(cursor, self.dialect, VERSIONS, key, CONTENT, wanted, recorded.position)
        STATE.save(cursor, organ_id, json.dumps(history, ensure_ascii=False, sort_keys=True))

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        found = canonical_versions(cursor, self.dialect, VERSIONS, CONTENT, table)
        return super().canonical_rows(cursor, table) if found is None else found


def _version(
    organ_id: str, entry: dict[str, Any], following: dict[str, Any] | None
) -> tuple[Any, ...]:
    valid_to = following["effective_on"] if following else day_or_open(None)
    return (
        entry["effective_on"],
        valid_to,
        organ_id,
        entry["version"],
        entry["decision_id"],
        entry["effective_on"],
        json.dumps(entry["content"], ensure_ascii=False, sort_keys=True),
    )
