"""OrganTree: which organs existed, named what, under whom — at any date, as known at any time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from domain.organ_record import OrganRecord, OrganState
from domain.organs import Organ
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
from projections.organ_records import dump_record, load_record
from projections.projection import OPEN, Projection, Recorded, StateTable
from projections.sorting import sort_key
from projections.sql import Cursor, Row

STATE = StateTable("organ_tree_state", "organ_id", "record")
VERSIONS = "organ_versions"
CONTENT = (
    "organ_id",
    "organisation_id",
    "name",
    "sort_key",
    "kind",
    "group_type",
    "governance_level",
    "code",
    "parent_id",
    "principal_ids",
)


class OrganTree(Projection):
    name = "organ_tree"

    def tables(self) -> Sequence[str]:
        return [
            STATE.name,
            "organ_successions",
            VERSIONS,
            *box_tables(self.dialect, VERSIONS),
        ]

    def create(self, cursor: Cursor) -> None:
        dialect = self.dialect
        STATE.create(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSIONS} ({surrogate_key(dialect)},"
            " organ_id TEXT NOT NULL, organisation_id TEXT NOT NULL, name TEXT NOT NULL,"
            f" sort_key TEXT {_binary(dialect)} NOT NULL,"
            " kind TEXT NOT NULL, group_type TEXT, governance_level TEXT, code TEXT,"
            f" parent_id TEXT, principal_ids TEXT NOT NULL, {RANGE_COLUMNS})"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {VERSIONS}_organ ON {VERSIONS} (organ_id, recorded_to)"
        )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {VERSIONS}_parent ON {VERSIONS} (parent_id)")
        create_box_index(cursor, dialect, VERSIONS)
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS organ_successions (predecessor_id TEXT NOT NULL,"
            " successor_id TEXT NOT NULL, effective_on BIGINT NOT NULL,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (predecessor_id, successor_id, recorded_from))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS organ_successions_successor"
            " ON organ_successions (successor_id)"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        event = recorded.event
        if isinstance(event, Organ.Established):
            record = event.new_record()
        elif isinstance(event, Organ.Event):
            record = self._load(cursor, str(event.originator_id))
            event.evolve(record)
            if isinstance(event, Organ.Dissolved):
                cursor.executemany(
                    "INSERT INTO organ_successions VALUES (?, ?, ?, ?, ?)",
                    [
                        (
                            str(record.organ_id),
                            str(s),
                            day(event.effective_on),
                            recorded.position,
                            OPEN,
                        )
                        for s in event.successor_ids
                    ],
                )
        else:
            return
        self._sync_versions(cursor, record, recorded.position)
        STATE.save(cursor, str(record.organ_id), dump_record(record))

    def _load(self, cursor: Cursor, organ_id: str) -> OrganRecord:
        return load_record(STATE.load(cursor, organ_id))

    def _sync_versions(self, cursor: Cursor, record: OrganRecord, position: int) -> None:
        wanted = [_version(record, state) for state in record.segments()]
        key = ("organ_id", str(record.organ_id))
        sync_versions(cursor, self.dialect, VERSIONS, key, CONTENT, wanted, position)

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        found = canonical_versions(cursor, self.dialect, VERSIONS, CONTENT, table)
        return super().canonical_rows(cursor, table) if found is None else found


def _binary(dialect: str) -> str:
    """Byte order, so that both databases sort the Swedish sort key alike."""
    return 'COLLATE "C"' if dialect == "postgresql" else ""


def _version(record: OrganRecord, state: OrganState) -> tuple[Any, ...]:
    c = state.classification
    return (
        day(state.valid_from),
        day_or_open(state.valid_to),
        str(record.organ_id),
        str(record.organisation_id),
        state.name,
        sort_key(state.name),
        c.kind.value,
        c.group_type.value if c.group_type else None,
        c.governance_level.value if c.governance_level else None,
        record.code,
        str(state.parent_id) if state.parent_id else None,
        json.dumps([str(i) for i in record.principal_ids]),
    )
