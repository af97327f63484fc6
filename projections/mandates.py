"""Mandates: which version of an organ's mandate was in force, on any date, as known when."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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


History = list[dict[str, Any]]


class Mandates(VersionedProjection):
    name = "mandates"
    version = 2
    """2: a version or a withdrawal corrected or annulled (issue #16)."""
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
        entry = _entry(event, {"version": event.version, "content": event.content})
        self._rewrite(cursor, event, lambda history: [*history, entry], position)

    @apply.register
    def _withdrawn(self, event: Mandate.Withdrawn, cursor: Cursor, position: int) -> None:
        self._rewrite(cursor, event, lambda history: [*history, _entry(event, {})], position)

    @apply.register
    def _corrected(self, event: Mandate.VersionCorrected, cursor: Cursor, position: int) -> None:
        entry = _entry(event, {"version": event.version, "content": event.content})

        def corrected(history: History) -> History:
            return [entry if e.get("version") == event.version else e for e in history]

        self._rewrite(cursor, event, corrected, position)

    @apply.register
    def _annulled(self, event: Mandate.VersionAnnulled, cursor: Cursor, position: int) -> None:
        def annulled(history: History) -> History:
            return [e for e in history if e.get("version") != event.version]

        self._rewrite(cursor, event, annulled, position)

    @apply.register
    def _withdrawal_corrected(
        self, event: Mandate.WithdrawalCorrected, cursor: Cursor, position: int
    ) -> None:
        withdrawn_on = day(event.withdrawn_on)

        def corrected(history: History) -> History:
            return [_entry(event, {}) if _withdrawal_on(e, withdrawn_on) else e for e in history]

        self._rewrite(cursor, event, corrected, position)

    @apply.register
    def _withdrawal_annulled(
        self, event: Mandate.WithdrawalAnnulled, cursor: Cursor, position: int
    ) -> None:
        withdrawn_on = day(event.effective_on)

        def annulled(history: History) -> History:
            return [e for e in history if not _withdrawal_on(e, withdrawn_on)]

        self._rewrite(cursor, event, annulled, position)

    def _rewrite(
        self,
        cursor: Cursor,
        event: Mandate.Change,
        change: Callable[[History], History],
        position: int,
    ) -> None:
        """The organ's mandate history (versions and withdrawals by date) as `change`
        leaves it; each version is in force until the entry after it."""
        organ_id = str(event.organ_id)
        found = STATE.find(cursor, organ_id)
        history = change(json.loads(found) if found else [])
        wanted = [
            _version(organ_id, entry, history[i + 1] if i + 1 < len(history) else None)
            for i, entry in enumerate(history)
            if "version" in entry
        ]
        VERSIONS.sync(cursor, self.dialect, organ_id, wanted, position)
        STATE.save(cursor, organ_id, json.dumps(history, ensure_ascii=False, sort_keys=True))


def _withdrawal_on(entry: dict[str, Any], on: int) -> bool:
    return "version" not in entry and entry["effective_on"] == on


def _entry(event: Mandate.Change, fields: dict[str, Any]) -> dict[str, Any]:
    return {"effective_on": day(event.effective_on), "decision_id": str(event.decision_id)} | fields


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
