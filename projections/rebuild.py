"""Rebuilding projections from the store, and checking a rebuild against the live tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.follower import EventSource, Follower
from projections.projection import Projection, create_tracking, forget
from projections.sql import Database


def drop(db: Database, projections: Sequence[Projection]) -> None:
    with db.transaction() as cursor:
        create_tracking(cursor)
        for projection in projections:
            for table in projection.tables():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            forget(cursor, projection.name)


def rebuild(
    db: Database,
    source: EventSource,
    projections: Sequence[Projection],
    progress: Callable[[int], None] | None = None,
    batch_size: int = 1000,
    until: int | None = None,
) -> int:
    """Drops every projection's tables and applies the store again (up to `until`)."""
    drop(db, projections)
    follower = Follower(db, source, projections, batch_size=batch_size)
    follower.create_tables()
    return follower.catch_up(progress, until=until)


@dataclass(frozen=True)
class Difference:
    projection: str
    table: str
    only_live: int
    only_rebuilt: int
    example: str


def compare(
    live: Database,
    rebuilt: Database,
    live_projections: Sequence[Projection],
    rebuilt_projections: Sequence[Projection],
) -> list[Difference]:
    """Row-by-row differences between two databases' projections, surrogate keys aside."""
    differences = []
    for mine, theirs in zip(live_projections, rebuilt_projections, strict=True):
        for table in mine.tables():
            with live.reading() as cursor:
                a = mine.canonical_rows(cursor, table)
            with rebuilt.reading() as cursor:
                b = theirs.canonical_rows(cursor, table)
            if a != b:
                only_a = [r for r in a if r not in b]
                only_b = [r for r in b if r not in a]
                example = repr((only_a or only_b or [("rows in another order",)])[0])[:300]
                differences.append(Difference(mine.name, table, len(only_a), len(only_b), example))
    return differences
