"""A page of a list: its items, where it was read, and the key the next page starts after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from projections.as_of import AsOf

Item = TypeVar("Item")


@dataclass(frozen=True)
class RecordedAt:
    """Where a read in recorded time alone stood: it states no valid time."""

    known_at: str
    position: int
    valid_at: None = None


@dataclass(frozen=True)
class Page(Generic[Item]):
    items: list[Item]
    after: Any
    """The last item's key when the page is full (a next page may follow), else None."""
    as_of: AsOf | RecordedAt


def page_of(
    items: list[Item], limit: int, as_of: AsOf | RecordedAt, key: Callable[[Item], Any]
) -> Page[Item]:
    """The items read with `limit`: a full page ends at its last item's key."""
    return Page(items, key(items[-1]) if len(items) == limit else None, as_of)
