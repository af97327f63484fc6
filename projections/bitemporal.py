"""Bitemporal rows: [valid_from, valid_to) × [recorded_from, recorded_to), indexed as boxes.

A half-open row becomes the closed box [valid_from, valid_to − 1] × [recorded_from,
recorded_to − 1] over day numbers and store positions; a read at (day d, position p) asks
for the boxes containing the point (d, p). SQLite indexes the boxes in an R*Tree,
PostgreSQL in an SP-GiST index over a `box` expression: a GiST index keeps the bounding
boxes its pages had, and closing a row leaves its open box in them, so after many closings
a read searched most of a GiST index; SP-GiST partitions space and has no such boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from projections.projection import OPEN
from projections.sql import Cursor, Dialect

RANGE_COLUMNS = "valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL,"
RANGE_COLUMNS += " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL"


def day(on: date) -> int:
    return on.toordinal()


def from_day(number: int) -> date:
    return date.fromordinal(number)


def day_or_open(on: date | None) -> int:
    return OPEN if on is None else day(on)


def surrogate_key(dialect: Dialect) -> str:
    if dialect == "sqlite":
        return "row_id INTEGER PRIMARY KEY"
    return "row_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"


def create_box_index(cursor: Cursor, dialect: Dialect, table: str) -> None:
    if dialect == "sqlite":
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_box USING rtree_i32"
            "(row_id, valid_lo, valid_hi, recorded_lo, recorded_hi)"
        )
    else:
        cursor.execute(f"DROP INDEX IF EXISTS {table}_box")  # the GiST index it replaces
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_spbox ON {table} USING spgist"
            " (box(point(valid_from, recorded_from), point(valid_to - 1, recorded_to - 1)))"
        )


def box_tables(dialect: Dialect, table: str) -> list[str]:
    return [f"{table}_box"] if dialect == "sqlite" else []


def stabbing(dialect: Dialect, table: str, alias: str = "v") -> tuple[str, str]:
    """FROM and WHERE clauses for rows whose box contains the point (day, position).

    The WHERE clause takes its four parameters from `stabbing_params`, before any others.
    """
    if dialect == "sqlite":
        return (
            f"{table} {alias} JOIN {table}_box b ON b.row_id = {alias}.row_id",
            "b.valid_lo <= ? AND b.valid_hi >= ? AND b.recorded_lo <= ? AND b.recorded_hi >= ?",
        )
    return (
        f"{table} {alias}",
        f"box(point({alias}.valid_from, {alias}.recorded_from),"
        f" point({alias}.valid_to - 1, {alias}.recorded_to - 1))"
        " @> box(point(?::float8, ?::float8), point(?::float8, ?::float8))",
    )


def stabbing_params(dialect: Dialect, on: date, position: int) -> tuple[int, int, int, int]:
    d = day(on)
    if dialect == "sqlite":
        return (d, d, position, position)
    return (d, position, d, position)


def insert_version(
    cursor: Cursor,
    dialect: Dialect,
    table: str,
    columns: Sequence[str],
    values: Sequence[Any],
    valid: tuple[int, int],
    position: int,
) -> None:
    names = ", ".join([*columns, "valid_from", "valid_to", "recorded_from", "recorded_to"])
    marks = ", ".join("?" * (len(columns) + 4))
    cursor.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING row_id",
        (*values, valid[0], valid[1], position, OPEN),
    )
    row = cursor.fetchone()
    assert row is not None
    if dialect == "sqlite":
        cursor.execute(
            f"INSERT INTO {table}_box VALUES (?, ?, ?, ?, ?)",
            (row[0], valid[0], valid[1] - 1, position, OPEN - 1),
        )


def close_version(
    cursor: Cursor, dialect: Dialect, table: str, row_id: int, recorded_from: int, position: int
) -> None:
    """Ends a row's recorded range at `position`; a row recorded at that very position goes."""
    if recorded_from >= position:
        cursor.execute(f"DELETE FROM {table} WHERE row_id = ?", (row_id,))
        if dialect == "sqlite":
            cursor.execute(f"DELETE FROM {table}_box WHERE row_id = ?", (row_id,))
        return
    cursor.execute(f"UPDATE {table} SET recorded_to = ? WHERE row_id = ?", (position, row_id))
    if dialect == "sqlite":
        cursor.execute(
            f"UPDATE {table}_box SET recorded_hi = ? WHERE row_id = ?", (position - 1, row_id)
        )


def sync_versions(
    cursor: Cursor,
    dialect: Dialect,
    table: str,
    key: tuple[str, str],
    columns: Sequence[str],
    wanted: Sequence[tuple[Any, ...]],
    position: int,
) -> None:
    """Makes the open rows of one thing (`key`: column, value) equal `wanted`.

    Each wanted row is (valid_from day, valid_to day, *values of `columns`). Open rows the
    event made untrue are closed at `position`; rows it made true are inserted.
    """
    column, value = key
    cursor.execute(
        f"SELECT row_id, recorded_from, valid_from, valid_to, {', '.join(columns)}"
        f" FROM {table} WHERE {column} = ? AND recorded_to = ?",
        (value, OPEN),
    )
    current = {tuple(row[2:]): (row[0], row[1]) for row in cursor.fetchall()}
    for row, (row_id, recorded_from) in current.items():
        if row not in wanted:
            close_version(cursor, dialect, table, row_id, recorded_from, position)
    for row in wanted:
        if row not in current:
            insert_version(cursor, dialect, table, columns, row[2:], (row[0], row[1]), position)


def canonical_versions(
    cursor: Cursor, dialect: Dialect, table: str, columns: Sequence[str], name: str
) -> list[Any] | None:
    """Rows of a versioned table (or its box table) without surrogate keys, for comparing a
    rebuild with the live projection; None when `name` is neither."""
    selected = f"{', '.join(columns)}, valid_from, valid_to, recorded_from, recorded_to"
    if name == table and dialect == "sqlite":
        cursor.execute(
            f"SELECT {selected}, b.valid_lo, b.valid_hi, b.recorded_lo, b.recorded_hi"
            f" FROM {table} v LEFT JOIN {table}_box b ON b.row_id = v.row_id"
        )
    elif name == table:
        cursor.execute(f"SELECT {selected} FROM {table}")
    elif name == f"{table}_box":
        # Every box belongs to a row (the rows carry their own box in the check above).
        cursor.execute(
            f"SELECT count(*) FROM {table}_box b"
            f" LEFT JOIN {table} v ON v.row_id = b.row_id WHERE v.row_id IS NULL"
        )
    else:
        return None
    return sorted(cursor.fetchall(), key=repr)
