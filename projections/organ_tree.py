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
    close_version,
    create_box_index,
    day,
    day_or_open,
    insert_version,
    surrogate_key,
)
from projections.organ_records import dump_record, load_record
from projections.projection import OPEN, Projection, Recorded
from projections.sorting import sort_key
from projections.sql import Cursor, Row

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
            "organ_tree_state",
            "organ_successions",
            VERSIONS,
            *box_tables(self.dialect, VERSIONS),
        ]

    def create(self, cursor: Cursor) -> None:
        dialect = self.dialect
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS organ_tree_state"
            " (organ_id TEXT PRIMARY KEY, record TEXT NOT NULL)"
        )
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
        cursor.execute(
            "INSERT INTO organ_tree_state (organ_id, record) VALUES (?, ?)"
            " ON CONFLICT (organ_id) DO UPDATE SET record = excluded.record",
            (str(record.organ_id), dump_record(record)),
        )

    def _load(self, cursor: Cursor, organ_id: str) -> OrganRecord:
        cursor.execute("SELECT record FROM organ_tree_state WHERE organ_id = ?", (organ_id,))
        row = cursor.fetchone()
        assert row is not None, f"organ {organ_id} changed before it was established"
        return load_record(row[0])

    def _sync_versions(self, cursor: Cursor, record: OrganRecord, position: int) -> None:
        """Closes the open rows the event made untrue and inserts the rows it made true."""
        cursor.execute(
            f"SELECT row_id, recorded_from, valid_from, valid_to, {', '.join(CONTENT)}"
            f" FROM {VERSIONS} WHERE organ_id = ? AND recorded_to = ?",
            (str(record.organ_id), OPEN),
        )
        current = {tuple(row[2:]): (row[0], row[1]) for row in cursor.fetchall()}
        wanted = [_version(record, state) for state in record.segments()]
        for key, (row_id, recorded_from) in current.items():
            if key not in wanted:
                close_version(cursor, self.dialect, VERSIONS, row_id, recorded_from, position)
        for key in wanted:
            if key not in current:
                insert_version(
                    cursor, self.dialect, VERSIONS, CONTENT, key[2:], (key[0], key[1]), position
                )

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        columns = f"{', '.join(CONTENT)}, valid_from, valid_to, recorded_from, recorded_to"
        if table == VERSIONS and self.dialect == "sqlite":
            cursor.execute(
                f"SELECT {columns}, b.valid_lo, b.valid_hi, b.recorded_lo, b.recorded_hi"
                f" FROM {VERSIONS} v LEFT JOIN {VERSIONS}_box b ON b.row_id = v.row_id"
            )
        elif table == VERSIONS:
            cursor.execute(f"SELECT {columns} FROM {VERSIONS}")
        elif table == f"{VERSIONS}_box":
            # Every box belongs to a row (the rows carry their own box in the check above).
            cursor.execute(
                f"SELECT count(*) FROM {VERSIONS}_box b"
                f" LEFT JOIN {VERSIONS} v ON v.row_id = b.row_id WHERE v.row_id IS NULL"
            )
        else:
            return super().canonical_rows(cursor, table)
        return sorted(cursor.fetchall(), key=repr)


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
