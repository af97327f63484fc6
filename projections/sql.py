"""The projections' view of a SQL database: SQLite embedded, PostgreSQL in production."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol

Row = tuple[Any, ...]
Dialect = Literal["sqlite", "postgresql"]


class ProjectionStoreUnavailable(Exception):
    """The projections' database cannot be reached (or stays locked) just now."""


class Cursor(Protocol):
    """Statements use `?` placeholders whatever the database."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> list[Row]: ...


class Database(ABC):
    dialect: Dialect

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Cursor]:
        """A read-write transaction: committed on success, rolled back on error."""

    @abstractmethod
    def reading(self) -> AbstractContextManager[Cursor]:
        """A read-only transaction, one consistent snapshot."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def scratch(self) -> Database:
        """An empty database of the same kind, for rebuilding side by side."""

    @abstractmethod
    def discard(self) -> None:
        """Deletes this database's tables and storage (scratch copies only)."""

    def table_names(self) -> list[str]:
        raise NotImplementedError

    def vacuum(self, tables: Sequence[str]) -> None:  # noqa: B027 - only PostgreSQL needs it
        """Reclaims the row versions that updates left behind (outside any transaction)."""

    def purge_deleted(self, tables: Sequence[str]) -> None:  # noqa: B027 - memory has nothing
        """Drops, as far as the database can, what rows deleted from these tables left
        behind in its files (after an erasure of personal data)."""

    def check_serves(self, names: Sequence[str]) -> None:  # noqa: B027 - generations need it
        """Refuses a read of projections this database does not hold at the code's version."""


def has_table(cursor: Cursor, dialect: Dialect, name: str) -> bool:
    """Whether the table is there (PostgreSQL: in the search path), by one cheap lookup."""
    if dialect == "sqlite":
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return cursor.fetchone() is not None
    cursor.execute("SELECT to_regclass(?) IS NOT NULL", (name,))
    row = cursor.fetchone()
    return bool(row and row[0])
