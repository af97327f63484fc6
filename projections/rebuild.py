"""Rebuilding projections from the store, and checking a rebuild against the live tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.follower import EventSource, Follower
from projections.projection import Projection, create_tracking, forget, tracked_positions
from projections.sql import Database, Row


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
class Snapshot:
    """Projections as one read transaction saw them: each one's tracked position and the
    canonical rows of each of its tables, keyed by (projection, table)."""

    positions: dict[str, int]
    rows: dict[tuple[str, str], list[Row]]


def snapshot(db: Database, projections: Sequence[Projection]) -> Snapshot:
    """Reads the tracking rows and every table in one transaction, so that each projection's
    rows are those of its tracked position however far its follower goes meanwhile."""
    with db.reading() as cursor:
        positions = tracked_positions(cursor, [p.name for p in projections])
        rows = {(p.name, t): p.canonical_rows(cursor, t) for p in projections for t in p.tables()}
    return Snapshot(positions, rows)


@dataclass(frozen=True)
class Difference:
    projection: str
    table: str
    position: int
    only_live: int
    only_rebuilt: int
    example: str


def differences(live: Snapshot, rebuilt: Snapshot) -> list[Difference]:
    """Row-by-row differences in the tables of `rebuilt`, surrogate keys aside."""
    found = []
    for (projection, table), b in rebuilt.rows.items():
        a = live.rows[projection, table]
        if a != b:
            only_a = [r for r in a if r not in b]
            only_b = [r for r in b if r not in a]
            example = repr((only_a or only_b or [("rows in another order",)])[0])[:300]
            position = live.positions[projection]
            found.append(Difference(projection, table, position, len(only_a), len(only_b), example))
    return found


def compare(
    live: Database,
    rebuilt: Database,
    live_projections: Sequence[Projection],
    rebuilt_projections: Sequence[Projection],
) -> list[Difference]:
    """Row-by-row differences between two databases' projections, each read in one snapshot."""
    return differences(snapshot(live, live_projections), snapshot(rebuilt, rebuilt_projections))


def check(
    live: Database,
    seen: Snapshot,
    source: EventSource,
    make_projections: Callable[[Database], Sequence[Projection]],
    progress: Callable[[int], None] | None = None,
) -> list[Difference]:
    """Compares `seen`, a snapshot of `live`, with a scratch rebuild of each projection up to
    the position its tracking row had in that snapshot; writes nothing to `live`."""
    # The snapshot holds its rows in memory (every live row of every projection at once), so
    # that its transaction ends before a rebuild that may take minutes: a long REPEATABLE
    # READ transaction keeps PostgreSQL's vacuum (the follower's too) from reclaiming the
    # row versions that closing versions leave behind, and a long SQLite read keeps the WAL
    # from being checkpointed.
    scratch = live.scratch()
    try:
        rebuilt = make_projections(scratch)
        follower = Follower(scratch, source, rebuilt, batch_size=1000)
        follower.create_tables()
        found: list[Difference] = []
        # The store is append-only, so a rebuild up to a position is the same whenever it
        # runs; projections tracked at different positions are compared in stages, each
        # when the scratch copy reaches its position.
        for position in sorted(set(seen.positions.values())):
            follower.catch_up(progress, until=position)
            due = [p for p in rebuilt if seen.positions[p.name] == position]
            found += differences(seen, snapshot(scratch, due))
    finally:
        scratch.discard()
    return found
