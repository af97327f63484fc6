"""Gaps: events in the store that a projection passed without applying them.

The findings live in a small table beside the projections, so that every process (web
workers run no follower) reports them; `gap_checks` says how far a watchdog last verified.
Neither table belongs to a projection, so a rebuild keeps them: a finding counts only while
its projection's tracked position is at or past it, and the watchdog forgets it once the
projection holds the event (see projections.gap_watchdog).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from projections.projection import TRACKING_TABLE
from projections.sql import Cursor

GAPS = "projection_gaps"
CHECKS = "gap_checks"
REPORTED = 10  # positions named in one answer


@dataclass(frozen=True)
class Gap:
    projection: str
    position: int
    applied_through: int


class ProjectionGap(Exception):
    """A projection passed events it never applied: it is wrong for good until rebuilt."""

    def __init__(self, gaps: Sequence[Gap]) -> None:
        self.gaps = tuple(gaps)
        parts = []
        for name in dict.fromkeys(g.projection for g in self.gaps):
            mine = [g for g in self.gaps if g.projection == name]
            events = "event" if len(mine) == 1 else "events"
            positions = ", ".join(str(g.position) for g in mine)
            parts.append(
                f"projection {name} missed {events} {positions}"
                f" (applied through {mine[0].applied_through})"
            )
        self.detail = "; ".join(parts) + ": rebuild the projections"
        self.extensions = {"gaps": [dataclasses.asdict(g) for g in self.gaps]}
        super().__init__(self.detail)


def create_gap_tables(cursor: Cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {GAPS} (name TEXT NOT NULL, position BIGINT NOT NULL,"
        " PRIMARY KEY (name, position))"
    )
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {CHECKS}"
        " (name TEXT PRIMARY KEY, verified_through BIGINT NOT NULL)"
    )


def found_gaps(cursor: Cursor) -> list[Gap]:
    """The recorded gaps that still hold: their projection is at or past them."""
    cursor.execute(
        f"SELECT g.name, g.position, t.position FROM {GAPS} g"
        f" JOIN {TRACKING_TABLE} t ON t.name = g.name WHERE g.position <= t.position"
        f" ORDER BY g.position, g.name LIMIT {REPORTED}"
    )
    return [Gap(str(n), int(p), int(t)) for n, p, t in cursor.fetchall()]


def verified_through(cursor: Cursor) -> dict[str, int]:
    """How far a gap watchdog last verified each projection it watches."""
    cursor.execute(f"SELECT name, verified_through FROM {CHECKS}")
    return {str(name): int(position) for name, position in cursor.fetchall()}


def record_check(cursor: Cursor, name: str, verified: int, missing: Sequence[int]) -> None:
    cursor.executemany(
        f"INSERT INTO {GAPS} (name, position) VALUES (?, ?) ON CONFLICT (name, position)"
        " DO NOTHING",
        [(name, position) for position in missing[:REPORTED]],
    )
    cursor.execute(
        f"INSERT INTO {CHECKS} (name, verified_through) VALUES (?, ?) ON CONFLICT (name)"
        " DO UPDATE SET verified_through = excluded.verified_through",
        (name, verified),
    )


def recorded_gaps(cursor: Cursor, name: str) -> list[int]:
    """Every position recorded as a gap of the projection, whether it still holds or not."""
    cursor.execute(f"SELECT position FROM {GAPS} WHERE name = ? ORDER BY position", (name,))
    return [int(row[0]) for row in cursor.fetchall()]


def forget_gaps(cursor: Cursor, name: str, positions: Sequence[int]) -> None:
    cursor.executemany(
        f"DELETE FROM {GAPS} WHERE name = ? AND position = ?", [(name, p) for p in positions]
    )
