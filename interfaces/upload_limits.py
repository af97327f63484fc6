"""Limits on uploads, checked before the work they would cost: the rows one import may
hold; and how many refused rows a refusal lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

LISTED_REFUSALS = 100  # refused rows an import's refusal lists; it counts them all


class TooManyRows(Exception):
    """An import holds more rows than MAX_IMPORT_ROWS; none of them was looked at."""

    def __init__(self, limit: int, field: str = "body") -> None:
        self.detail = (
            f"more than {limit:,} rows: one import holds at most {limit:,} (MAX_IMPORT_ROWS);"
            " split it"
        )
        super().__init__(self.detail)
        self.field = field


def at_most(rows: Iterable[T], limit: int, field: str = "body") -> list[T]:
    """The rows, reading no further than one past `limit`; more than `limit` is refused."""
    taken: list[T] = []
    for row in rows:
        if len(taken) == limit:
            raise TooManyRows(limit, field)
        taken.append(row)
    return taken
