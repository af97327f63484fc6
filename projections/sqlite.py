"""Projections in an embedded SQLite file (WAL), or in memory for tests."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from projections.sql import Cursor, Database, Dialect, ProjectionStoreUnavailable, Row


class SQLiteCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(sql, rows)

    def fetchone(self) -> Row | None:
        row: Row | None = self._cursor.fetchone()
        return row

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()


class SQLiteDatabase(Database):
    """A file with one connection per thread, or (path None) one shared in-memory database."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.RLock()
        self._shared: sqlite3.Connection | None = None
        if self.path is None:
            # One connection, serialised by a lock: in-memory databases are for tests.
            self._shared = sqlite3.connect(
                ":memory:", isolation_level=None, check_same_thread=False
            )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def _connection(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # Used by its own thread only; closed by whichever thread closes the database.
            connection = sqlite3.connect(
                self.path or "", isolation_level=None, timeout=30, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            # Reads touch rows scattered over large tables: keep more of them in memory.
            connection.execute("PRAGMA cache_size=-65536")
            connection.execute("PRAGMA mmap_size=268435456")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Cursor]:
        with self._lock if self._shared is not None else _nothing():
            connection = self._connection()
            try:
                connection.execute(begin)
            except sqlite3.OperationalError as error:
                # Locked past the busy timeout, or the file cannot be opened.
                raise ProjectionStoreUnavailable(str(error)) from error
            try:
                yield SQLiteCursor(connection.cursor())
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def transaction(self) -> Any:
        return self._transaction("BEGIN IMMEDIATE")

    def reading(self) -> Any:
        return self._transaction("BEGIN")

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._local = threading.local()

    def scratch(self) -> SQLiteDatabase:
        if self.path is None:
            return SQLiteDatabase(None)
        return SQLiteDatabase(self.path.with_name(f"{self.path.name}.scratch-{uuid.uuid4().hex}"))

    def discard(self) -> None:
        self.close()
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def table_names(self) -> list[str]:
        with self.reading() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE"
                " 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT GLOB '*_box_*'"
            )
            return sorted(row[0] for row in cursor.fetchall())


@contextmanager
def _nothing() -> Iterator[None]:
    yield
