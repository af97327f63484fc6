"""Rows of period-keyed facts (indicator values, item follow-ups and assessments): each
is open until a later fact for the same key supersedes it, and is read with the recorded
time of its position."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.audit_trail import from_micros
from projections.projection import OPEN
from projections.sql import Cursor


def supersede(
    cursor: Cursor, table: str, key: dict[str, str], row: dict[str, Any], position: int
) -> None:
    """A period's fact reported again: the open row for `key` is closed at `position` and
    `row` inserted, open. The earlier row stays, for reads at earlier positions."""
    where = " AND ".join(f"{column} = ?" for column in key)
    cursor.execute(
        f"UPDATE {table} SET recorded_to = ? WHERE {where} AND recorded_to = ?",
        (position, *key.values(), OPEN),
    )
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )


def recorded_at_of(micros: int | None) -> datetime | None:
    """`recorded_times.recorded_at` (microseconds), joined beside a row, as a time.

    `recorded_times` is the audit trail's; every read's position has passed it (AsOfResolver)."""
    return None if micros is None else from_micros(int(micros))
