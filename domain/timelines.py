"""Valid-time timelines (giltighetstid): a value that holds from a date until the next change."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


class Timeline(Generic[T]):
    """Values keyed by the first day they hold (från och med); a later value for the
    same day supersedes the earlier one, as a correction does."""

    __slots__ = ("_dates", "_values")

    def __init__(self, items: Iterable[tuple[date, T]] = ()) -> None:
        self._dates: list[date] = []
        self._values: list[T] = []
        for on, value in items:
            self.set(on, value)

    def set(self, on: date, value: T) -> None:
        i = bisect_left(self._dates, on)
        if i < len(self._dates) and self._dates[i] == on:
            self._values[i] = value
        else:
            self._dates.insert(i, on)
            self._values.insert(i, value)

    def has(self, on: date) -> bool:
        """Whether some value holds on the date (a value set on or before it)."""
        return bisect_right(self._dates, on) > 0

    def at(self, on: date) -> T:
        """The value holding on the date; KeyError before the first change."""
        i = bisect_right(self._dates, on)
        if i == 0:
            raise KeyError(on)
        return self._values[i - 1]

    def spans(self, start: date, end: date | None) -> Iterator[tuple[T, date, date | None]]:
        """Each value holding somewhere in [start, end), with the part of it that it holds."""
        i = max(bisect_right(self._dates, start) - 1, 0)
        while i < len(self._dates) and (end is None or self._dates[i] < end):
            following = self._dates[i + 1] if i + 1 < len(self._dates) else None
            lo = max(self._dates[i], start)
            hi = following if end is None else (end if following is None else min(following, end))
            if hi is None or lo < hi:
                yield self._values[i], lo, hi
            i += 1

    def dates(self) -> list[date]:
        return list(self._dates)

    def items(self) -> list[tuple[date, T]]:
        return list(zip(self._dates, self._values, strict=True))

    def last_date(self) -> date | None:
        return self._dates[-1] if self._dates else None

    def __iter__(self) -> Iterator[tuple[date, T]]:
        return iter(self.items())

    def __len__(self) -> int:
        return len(self._dates)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Timeline) and self.items() == other.items()

    def __repr__(self) -> str:
        return f"Timeline({self.items()!r})"


Window = tuple[UUID | None, date, date | None]
"""An ancestor (or none) and the dates [start, end) in which it is one."""


def first_cycle(
    self_id: UUID,
    new_edge: Window,
    parents_within: Callable[[UUID, date, date | None], Iterable[Window]],
) -> date | None:
    """A date from which `self_id` would be its own ancestor, or None.

    Trees over valid time had no cycle before a move, so a cycle would run through the
    new edge while it holds: `new_edge` is the new parent and those dates. Walking up,
    `parents_within(node, start, end)` gives the node's parents in [start, end) within
    its life; each ancestor is visited once per window of dates in which it is one.
    """
    pending = [new_edge]
    seen: set[Window] = set()
    while pending:
        window = pending.pop()
        node_id, start, end = window
        if node_id is None or window in seen:
            continue
        seen.add(window)
        if node_id == self_id:
            return start
        pending.extend(parents_within(node_id, start, end))
    return None


def within_life(
    start: date, end: date | None, born: date, ended: date | None
) -> tuple[date, date | None] | None:
    """[start, end) cut to a life [born, ended); None when nothing is left."""
    lo = max(start, born)
    hi = end if ended is None else min(end or ended, ended)
    return None if hi is not None and lo >= hi else (lo, hi)
