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


EXPORT_PAGE = 1000
"""Items read at a time for a whole list (a spreadsheet): the JSON list's largest page."""


class ListTooLong(Exception):
    """The whole list holds more items than one export may (MAX_EXPORT_ROWS)."""

    def __init__(self, most: int) -> None:
        self.detail = (
            f"the list holds more than {most:,} rows (MAX_EXPORT_ROWS): narrow it by its"
            " filters, or read it as JSON page by page"
        )
        super().__init__(self.detail)


def whole_list(read_page: Callable[[Any, int], Page[Item]], most: int) -> list[Item]:
    """Every item of a paged list, page after page of `read_page(after, limit)`, all read
    at the first page's position; ListTooLong beyond `most` items, read no further."""
    items: list[Item] = []
    after: Any = None
    while True:
        page = read_page(after, min(EXPORT_PAGE, most + 1 - len(items)))
        items.extend(page.items)
        if len(items) > most:
            raise ListTooLong(most)
        if page.after is None:
            return items
        after = page.after
