"""The SQLite store: the library's recorder, plus save ends and claims in its transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, Notification, OperationalError, StoredEvent
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteFactory,
)
from eventsourcing.utils import retry

from application.app import Claim
from interfaces.store.save_ends import CLAIMS, RECENT_SAVE, SAVE_ENDS, legacy_ends, save_kwargs

# The database's clock in microseconds (SQLite's 'now' has millisecond precision). A
# save's recorded_at is the later of it and the save before's plus 1 µs: strictly rising, so
# that a time resolves to one save end even when two saves fall in one millisecond.
NOW = "CAST(round((julianday('now') - 2440587.5) * 86400000000.0) AS INTEGER)"


class SaveEndsSQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {SAVE_ENDS} (position INTEGER PRIMARY KEY,"
            " recorded_at INTEGER NOT NULL, save_id BLOB)",
            f"CREATE TABLE IF NOT EXISTS {CLAIMS} (key_id TEXT PRIMARY KEY,"
            " position INTEGER NOT NULL, claimed_at INTEGER NOT NULL)",
        ]

    # A lock that outlasts its timeout is retried once, as the PostgreSQL store does.
    @retry((InterfaceError, OperationalError), max_attempts=2, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return super().insert_events(stored_events, **kwargs)

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if not ids:
            return ids
        save_id, claim = save_kwargs(kwargs)
        # The insert above holds the write lock: no other save can come between.
        c.execute(
            f"INSERT INTO {SAVE_ENDS} (position, recorded_at, save_id) SELECT ?, max({NOW},"
            f" coalesce((SELECT recorded_at FROM {SAVE_ENDS} ORDER BY position DESC LIMIT 1)"
            " + 1, 0)), ?",
            (ids[-1], save_id.bytes if save_id else None),
        )
        if claim is not None:
            c.execute(
                f"DELETE FROM {CLAIMS} WHERE key_id = ? AND claimed_at < {NOW} - ?",
                (claim.key_id.hex, int(claim.ttl_seconds * 1_000_000)),
            )
            c.execute(
                f"INSERT INTO {CLAIMS} (key_id, position, claimed_at) VALUES (?, ?, {NOW})",
                (claim.key_id.hex, ids[-1]),
            )
        return ids

    def save_end_of(self, save_id: UUID) -> int | None:
        return self._one(RECENT_SAVE.format(SAVE_ENDS), save_id.bytes)

    def claimed_at_position(self, claim: Claim) -> int | None:
        return self._one(
            f"SELECT position FROM {CLAIMS} WHERE key_id = ? AND claimed_at >= {NOW} - ?",
            claim.key_id.hex,
            int(claim.ttl_seconds * 1_000_000),
        )

    def last_save_end(self) -> int:
        return self._one(f"SELECT max(position) FROM {SAVE_ENDS}") or 0

    def save_end_before(self, position: int) -> int:
        return self._one(f"SELECT max(position) FROM {SAVE_ENDS} WHERE position < ?", position) or 0

    def select_save_ends(self, after: int, stop: int | None, limit: int) -> list[tuple[int, int]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, recorded_at FROM {SAVE_ENDS} WHERE position > ?"
                " AND position <= ? ORDER BY position LIMIT ?",
                (after, stop if stop is not None else 2**62, limit),
            )
            return [(int(r[0]), int(r[1])) for r in c.fetchall()]

    def backfill_save_ends(self, timestamp_of: Callable[[Notification], datetime]) -> int:
        """Gives every event written before save ends were recorded a save end of its own;
        returns how many. Runs under the write lock, so no save can come between."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {SAVE_ENDS} WHERE 0")  # takes the write lock first
            c.execute(f"SELECT max(position), max(recorded_at) FROM {SAVE_ENDS}")
            last, running = c.fetchone()
            c.execute(
                f"SELECT rowid, * FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid",
                (last or 0,),
            )
            legacy = [
                Notification(
                    id=row["rowid"],
                    originator_id=self.convert_originator_id(row["originator_id"]),
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=row["state"],
                )
                for row in c.fetchall()
            ]
            ends = legacy_ends(legacy, timestamp_of, running or 0)
            c.executemany(f"INSERT INTO {SAVE_ENDS} (position, recorded_at) VALUES (?, ?)", ends)
            return len(ends)

    def _one(self, statement: str, *params: Any) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            row = c.fetchone()
            return None if row is None or row[0] is None else int(row[0])


class StatementCachingPool(SQLiteConnectionPool):
    """The library's pool, but its connections keep their prepared statements: the library
    opens them with `cached_statements=True`, a cache of one, so each save would parse
    every statement of its transaction again."""

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,
                cached_statements=64,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        if not self.is_sqlite_memory_mode and not self.is_journal_mode_wal:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            self.is_journal_mode_wal = True
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class SaveEndsSQLiteFactory(SQLiteFactory):
    application_recorder_class = SaveEndsSQLiteRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        library_pool = self.datastore.pool
        self.datastore.pool = StatementCachingPool(
            db_name=library_pool.db_name, lock_timeout=library_pool.lock_timeout
        )
        library_pool.close()
