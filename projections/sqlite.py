"""Projections in an embedded SQLite file (WAL), or in memory for tests."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


# In-memory databases of one process share one lock: they attach one another through one
# shared cache, whose table locks fail at once instead of waiting.
MEMORY_LOCK = threading.RLock()


class SQLiteDatabase(Database):
    """A file with one connection per thread, or (path None) one shared in-memory database,
    with other databases attached by name (a generation of projections sees the registers).
    With `secure_delete` (the registers, which hold personal data) a deleted row is
    overwritten with zeros, in the file and its write-ahead log, instead of left in a free
    part of its page."""

    dialect: Dialect = "sqlite"

    def __init__(
        self,
        path: str | Path | None,
        *,
        attach: Mapping[str, SQLiteDatabase] | None = None,
        secure_delete: bool = False,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.attach = dict(attach or {})
        self.secure_delete = secure_delete
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.RLock()
        self._shared: sqlite3.Connection | None = None
        if self.path is None:
            self._lock = MEMORY_LOCK
            # One connection, serialised by a lock: in-memory databases are for tests. It
            # is named and shared-cache, so that another connection can attach it.
            self.name = f"file:styrlogg-{uuid.uuid4().hex}?mode=memory&cache=shared"
            self._shared = self._connect(self.name)
        else:
            self.name = str(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def _connect(self, target: str) -> sqlite3.Connection:
        connection = sqlite3.connect(
            target, isolation_level=None, timeout=30, check_same_thread=False, uri=True
        )
        if self.secure_delete:
            connection.execute("PRAGMA secure_delete=ON")
        for alias, other in self.attach.items():
            connection.execute("ATTACH DATABASE ? AS " + alias, (other.name,))
        return connection

    def _connection(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            # Used by its own thread only; closed by whichever thread closes the database.
            connection = self._connect(self.name)
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

    def purge_deleted(self, tables: Sequence[str]) -> None:
        """Deleted rows are zeros already (secure_delete); the write-ahead log still holds
        the pages as they were before, until a checkpoint copies it into the file and it is
        truncated: do that now (waiting for readers, up to the busy timeout)."""
        if self.path is None:
            return
        with self._lock:
            self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def scratch(self) -> SQLiteDatabase:
        if self.path is None:
            return SQLiteDatabase(None)
        return SQLiteDatabase(self.path.with_name(f"{self.path.name}.scratch-{uuid.uuid4().hex}"))

    def sibling(self, suffix: str, *, attach: Mapping[str, SQLiteDatabase]) -> SQLiteDatabase:
        """Another database beside this one (a file next to it, or another in memory)."""
        if self.path is None:
            return SQLiteDatabase(None, attach=attach)
        name = f"{self.path.stem}-{suffix}{self.path.suffix}"
        return SQLiteDatabase(self.path.with_name(name), attach=attach)

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
