"""Stalls: a projection that cannot apply an event stops before it, and says so.

The follower applies the saves before the event, records the stall (the projection, the
event's position, the error) in a small table beside the projections of its generation,
where `/readyz` in every process finds it, and goes on with the other projections. A stall
counts only while its projection is still before the event; the follower clears it in the
transaction that applies the event at last (after a fix, or in a rebuilt generation).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from projections.projection import TRACKING_TABLE
from projections.sql import Cursor

STALLS = "projection_stalls"
ERROR_CHARS = 500


@dataclass(frozen=True)
class Stall:
    projection: str
    position: int
    """The event it cannot apply."""
    applied_through: int
    error: str


class ProjectionStalled(Exception):
    """A projection cannot apply an event: its reads stay at the position before it."""

    def __init__(self, stalls: Sequence[Stall]) -> None:
        self.stalls = tuple(stalls)
        self.detail = "; ".join(
            f"projection {s.projection} cannot apply event {s.position}"
            f" (applied through {s.applied_through}): {s.error}"
            for s in self.stalls
        )
        self.extensions = {"stalls": [dataclasses.asdict(s) for s in self.stalls]}
        super().__init__(self.detail)


def create_stall_table(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {STALLS} (name TEXT PRIMARY KEY,"
        " position BIGINT NOT NULL, error TEXT NOT NULL)"
    )


def found_stalls(cursor: Cursor) -> list[Stall]:
    """The recorded stalls that still hold: their projection is before the event."""
    cursor.execute(
        f"SELECT s.name, s.position, t.position, s.error FROM {STALLS} s"
        f" JOIN {TRACKING_TABLE} t ON t.name = s.name WHERE t.position < s.position"
        " ORDER BY s.position, s.name"
    )
    return [Stall(str(n), int(p), int(t), str(e)) for n, p, t, e in cursor.fetchall()]


def record_stall(cursor: Cursor, name: str, position: int, error: str) -> bool:
    """Records the stall; False when just this one was recorded already."""
    cursor.execute(f"SELECT position, error FROM {STALLS} WHERE name = ?", (name,))
    if cursor.fetchone() == (position, error):
        return False
    cursor.execute(
        f"INSERT INTO {STALLS} (name, position, error) VALUES (?, ?, ?) ON CONFLICT (name)"
        " DO UPDATE SET position = excluded.position, error = excluded.error",
        (name, position, error),
    )
    return True


def clear_stall(cursor: Cursor, name: str) -> None:
    cursor.execute(f"DELETE FROM {STALLS} WHERE name = ?", (name,))


def describe(error: BaseException) -> str:
    """The error as text any store holds, short: it may quote the very text that failed."""
    text = f"{type(error).__name__}: {error}".replace("\x00", "\\x00")
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(text.split())[:ERROR_CHARS]
