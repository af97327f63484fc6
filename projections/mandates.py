"""Mandates: which version of an organ's mandate was in force, on any date, as known when."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any

from domain.mandates import Mandate
from projections.bitemporal import day, day_or_open
from projections.projection import Recorded, StateTable
from projections.sql import Cursor
from projections.versioned import VersionedProjection, VersionedTable

STATE = StateTable("mandate_state", "organ_id", "history")
VERSIONS = VersionedTable(
    "mandate_versions",
    (
        ("organ_id", "TEXT NOT NULL"),
        ("version", "BIGINT NOT NULL"),
        ("decision_id", "TEXT NOT NULL"),
        ("effective_on", "BIGINT NOT NULL"),
        ("content", "TEXT NOT NULL"),
    ),
    indexes=(("organ", "organ_id, recorded_to"),),
)


class Mandates(VersionedProjection):
    name = "mandates"
    versioned = (VERSIONS,)

    def tables(self) -> Sequence[str]:
        return [STATE.name, *VERSIONS.tables(self.dialect)]

    def create(self, cursor: Cursor) -> None:
        STATE.create(cursor)
        VERSIONS.create(cursor, self.dialect)

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events (a mandate's opening among them) change nothing here."""

    @apply.register
    def _issued(self, event: Mandate.Issued, cursor: Cursor, position: int) -> None:
        self._append(cursor, event, {"version": event.version, "content": event.content}, position)

    @apply.register
    def _withdrawn(self, event: Mandate.Withdrawn, cursor: Cursor, position: int) -> None:
        self._append(cursor, event, {}, position)

    def _append(
        self, cursor: Cursor, event: Mandate.Change, fields: dict[str, Any], position: int
    ) -> None:
        """The organ's mandate history with this version or withdrawal at its end."""
        organ_id = str(event.organ_id)
        found = STATE.find(cursor, organ_id)
        history: list[dict[str, Any]] = json.loads(found) if found else []
        history.append(
            {"effective_on": day(event.effective_on), "decision_id": str(event.decision_id)}
            | fields
        )
        wanted = [
            _version(organ_id, entry, history[i + 1] if i + 1 < len(history) else None)
            for i, entry in enumerate(history)
            if "version" in entry
        ]
        VERSIONS.sync(cursor, self.dialect, organ_id, wanted, position)
        STATE.save(cursor, organ_id, json.dumps(history, ensure_ascii=False, sort_keys=True))


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
