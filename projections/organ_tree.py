"""OrganTree: which organs existed, named what, under whom — at any date, as known at any time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any

from domain.organ_record import OrganRecord, OrganState
from domain.organs import Organ
from projections.bitemporal import day, day_or_open
from projections.organ_records import dump_record, load_record
from projections.projection import OPEN, Recorded, StateTable
from projections.sorting import sort_key
from projections.sql import Cursor, Dialect
from projections.versioned import VersionedProjection, VersionedTable


def _bytewise(dialect: Dialect) -> str:
    """Byte order, so that both databases sort the Swedish sort key alike."""
    return 'TEXT COLLATE "C" NOT NULL' if dialect == "postgresql" else "TEXT NOT NULL"


STATE = StateTable("organ_tree_state", "organ_id", "record")
VERSIONS = VersionedTable(
    "organ_versions",
    (
        ("organ_id", "TEXT NOT NULL"),
        ("organisation_id", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("sort_key", _bytewise),
        ("kind", "TEXT NOT NULL"),
        ("group_type", "TEXT"),
        ("governance_level", "TEXT"),
        ("code", "TEXT"),
        ("parent_id", "TEXT"),
        ("principal_ids", "TEXT NOT NULL"),
    ),
    indexes=(("organ", "organ_id, recorded_to"), ("parent", "parent_id")),
)


class OrganTree(VersionedProjection):
    name = "organ_tree"
    version = 3
    """2: changes can be corrected and annulled; the state keeps the changes in force,
    `organ_changes_in_force` which of them make a difference, as known at each position.
    3: an establishment can be annulled (the state says so, the organ has no versions
    after it); `organ_principals` indexes collaborations by their principals.
    (An establishment's corrected code and principals, ChangeCorrected version 2, need no
    new version: a correction of version 1 keeps them, so no existing table changes.)"""
    versioned = (VERSIONS,)

    def tables(self) -> Sequence[str]:
        return [
            STATE.name,
            "organ_successions",
            "organ_changes_in_force",
            "organ_principals",
            *VERSIONS.tables(self.dialect),
        ]

    def create(self, cursor: Cursor) -> None:
        STATE.create(cursor)
        VERSIONS.create(cursor, self.dialect)
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
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS organ_changes_in_force (organ_id TEXT NOT NULL,"
            " version BIGINT NOT NULL, recorded_from BIGINT NOT NULL,"
            " recorded_to BIGINT NOT NULL, PRIMARY KEY (organ_id, version, recorded_from))"
        )

        cursor.execute(
            "CREATE TABLE IF NOT EXISTS organ_principals (principal_id TEXT NOT NULL,"
            " organ_id TEXT NOT NULL, PRIMARY KEY (principal_id, organ_id))"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other aggregates' events change nothing here."""

    @apply.register
    def _established(self, event: Organ.Established, cursor: Cursor, position: int) -> None:
        record = event.new_record()
        cursor.executemany(
            "INSERT INTO organ_principals VALUES (?, ?)",
            [(str(p), str(record.organ_id)) for p in record.principal_ids],
        )
        self._save(cursor, record, position)

    @apply.register
    def _changed(self, event: Organ.Event, cursor: Cursor, position: int) -> None:
        """Renamed, moved, dissolved, corrected, annulled …: the domain's own evolve."""
        record = self._load(cursor, str(event.originator_id))
        principals = record.principal_ids
        event.evolve(record)
        if record.principal_ids != principals:  # an establishment's correction
            organ_id = str(record.organ_id)
            cursor.executemany(
                "DELETE FROM organ_principals WHERE principal_id = ? AND organ_id = ?",
                [(str(p), organ_id) for p in principals],
            )
            cursor.executemany(
                "INSERT INTO organ_principals VALUES (?, ?)",
                [(str(p), organ_id) for p in record.principal_ids],
            )
        self._save(cursor, record, position)

    def _save(self, cursor: Cursor, record: OrganRecord, position: int) -> None:
        self._sync_versions(cursor, record, position)
        organ_id = str(record.organ_id)
        successions = set()
        if record.dissolved_on is not None:
            successions = {(str(s), day(record.dissolved_on)) for s in record.successor_ids}
        _sync(cursor, "organ_successions", "predecessor_id", organ_id, successions, position)
        in_force = {(v,) for v in record.in_force()}
        _sync(cursor, "organ_changes_in_force", "organ_id", organ_id, in_force, position)
        STATE.save(cursor, organ_id, dump_record(record))

    def _load(self, cursor: Cursor, organ_id: str) -> OrganRecord:
        return load_record(STATE.load(cursor, organ_id))

    def _sync_versions(self, cursor: Cursor, record: OrganRecord, position: int) -> None:
        wanted = [_version(record, state) for state in record.segments()]
        VERSIONS.sync(cursor, self.dialect, str(record.organ_id), wanted, position)


def _sync(
    cursor: Cursor,
    table: str,
    key: str,
    key_value: str,
    wanted: set[tuple[Any, ...]],
    position: int,
) -> None:
    """Closes at `position` the open rows of `key_value` that are no longer wanted, and
    opens the wanted ones not yet there; a row is the key, its values, then its range."""
    columns = {
        "organ_successions": ("successor_id", "effective_on"),
        "organ_changes_in_force": ("version",),
    }[table]
    cursor.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {key} = ? AND recorded_to = ?",
        (key_value, OPEN),
    )
    held = {tuple(row) for row in cursor.fetchall()}
    match = " AND ".join(f"{c} = ?" for c in columns)
    if closed := sorted(held - wanted):
        cursor.executemany(
            f"UPDATE {table} SET recorded_to = ? WHERE {key} = ? AND {match} AND recorded_to = ?",
            [(position, key_value, *row, OPEN) for row in closed],
        )
    if opened := sorted(wanted - held):
        cursor.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * (len(columns) + 3))})",
            [(key_value, *row, position, OPEN) for row in opened],
        )


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
