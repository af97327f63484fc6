"""What every projection is: tables it owns, a handler per event, and a tracking row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.sql import Cursor, Dialect, Row

# Open ends of valid and recorded ranges are clamped to this finite sentinel, which fits
# SQLite's 32-bit R*Tree and PostgreSQL's box alike.
OPEN = 2**31 - 1


@dataclass(frozen=True)
class Recorded:
    """An event as read from the store: its position, its save's recorded time (the
    database's clock), and whether it is the last event of its save."""

    position: int
    event: Any
    recorded_at: datetime
    save_end: bool = True


class Projection(ABC):
    """A read model answering one question; `handle` runs in the tracking transaction.

    `version` is the schema version of its tables and of what they mean: raise it with any
    change to either, and the follower builds the new version in a new generation of the
    projections, beside the live one, before it serves reads (projections.generations)."""

    name: str
    version: int = 1

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    @abstractmethod
    def create(self, cursor: Cursor) -> None:
        """Creates the projection's tables and indexes if they do not exist."""

    @abstractmethod
    def tables(self) -> Sequence[str]:
        """The tables this projection owns, dropped and compared as a unit."""

    @abstractmethod
    def handle(self, cursor: Cursor, recorded: Recorded) -> None: ...

    def begin_batch(self, cursor: Cursor) -> None:  # noqa: B027 - an optional hook
        """Called in the transaction before a batch's events; for per-batch state."""

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        """A table's rows without surrogate keys, sorted: rebuild and live compare equal."""
        cursor.execute(f"SELECT * FROM {table}")
        return sorted(cursor.fetchall(), key=repr)


TRACKING_TABLE = "projection_tracking"


def create_tracking(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE}"
        " (name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL)"
    )


def tracked_position(cursor: Cursor, name: str) -> int:
    cursor.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?", (name,))
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def tracked_positions(cursor: Cursor, names: Sequence[str]) -> dict[str, int]:
    cursor.execute(f"SELECT name, position FROM {TRACKING_TABLE}")
    found = {str(name): int(position) for name, position in cursor.fetchall()}
    return {name: found.get(name, 0) for name in names}


def track(cursor: Cursor, name: str, position: int, version: int) -> None:
    cursor.execute(
        f"INSERT INTO {TRACKING_TABLE} (name, position, version) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET position = excluded.position,"
        " version = excluded.version",
        (name, position, version),
    )


def forget(cursor: Cursor, name: str) -> None:
    cursor.execute(f"DELETE FROM {TRACKING_TABLE} WHERE name = ?", (name,))


@dataclass(frozen=True)
class StateTable:
    """A projection's working state between events: one text (JSON) value per key."""

    name: str
    key: str
    value: str

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.name}"
            f" ({self.key} TEXT PRIMARY KEY, {self.value} TEXT NOT NULL)"
        )

    def load(self, cursor: Cursor, key: str) -> str:
        cursor.execute(f"SELECT {self.value} FROM {self.name} WHERE {self.key} = ?", (key,))
        row = cursor.fetchone()
        assert row is not None, f"{self.name}: no state for {key} (an event before its first?)"
        return str(row[0])

    def find(self, cursor: Cursor, key: str) -> str | None:
        cursor.execute(f"SELECT {self.value} FROM {self.name} WHERE {self.key} = ?", (key,))
        row = cursor.fetchone()
        return None if row is None else str(row[0])

    def save(self, cursor: Cursor, key: str, text: str) -> None:
        cursor.execute(
            f"INSERT INTO {self.name} ({self.key}, {self.value}) VALUES (?, ?)"
            f" ON CONFLICT ({self.key}) DO UPDATE SET {self.value} = excluded.{self.value}",
            (key, text),
        )
