"""How reads pick their position (min_position awaited, known_at resolved, a page cursor
followed), how a page gives out the cursor to the next, and whether an answer may be
cached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic

from flask import request

from domain.periods import Period
from interfaces.http.cursors import PageCursor, read_cursor, sign_cursor
from interfaces.http.errors import PositionNotReached
from interfaces.http.requests import container, period_argument
from interfaces.http.schemas.common import today_in_stockholm
from interfaces.queries.pages import Item, Page, RecordedAt
from projections.as_of import AsOf, KnownAt

IMMUTABLE = "public, max-age=31536000, immutable"


def read_at(args: dict[str, Any], requires: Sequence[str]) -> AsOf:
    """The position to read at; a page cursor pins the position and date of its first page.

    The answer is pinned (sent immutable) only when the position is and `valid_at` was
    given: read at the default, today, it changes tomorrow. Later pages are pinned exactly
    when their first page was."""
    c = container()
    page = _page(args)
    min_position = args.get("min_position")
    if min_position is not None and not c.resolver.wait_for(
        requires, min_position, c.settings.min_position_timeout_seconds
    ):
        raise PositionNotReached(
            f"the projections have not yet reached position {min_position}; retry shortly"
        )
    if page is not None:
        return AsOf(page.valid_at, page.known_at, page.position, page.pinned)
    known_at: KnownAt | None = args.get("known_at")
    given: date | None = args.get("valid_at")  # absent when not in the request
    if given is None:
        as_of = c.resolver.resolve(requires, today_in_stockholm(), known_at)
        return replace(as_of, pinned=False)
    return c.resolver.resolve(requires, given, known_at)


def read_period_at(args: dict[str, Any], requires: Sequence[str]) -> tuple[Period, AsOf]:
    """A read about one period (`args["period"]`): on its last day, at `known_at`."""
    period = period_argument(args["period"])
    return period, read_at({**args, "valid_at": period.last_day()}, requires)


def read_between(args: dict[str, Any], requires: Sequence[str]) -> tuple[int, AsOf]:
    """A read of what was recorded after `args["from_"]` up to `args["to"]` (times or
    positions): the position it starts after, and where it reads, pinned when `to` and
    `from` are (a later page when its first was). Valid time plays no part: the date is
    today's, for the cursor to carry."""
    resolver = container().resolver
    today = resolver.now().date()
    to = read_at({**args, "known_at": args["to"], "valid_at": today}, requires)
    start = resolver.resolve(requires, today, args["from_"]) if args["from_"] else None
    to = replace(to, pinned=to.pinned and (start is None or start.pinned))
    return cursor_after(args) or (start.position if start else 0), to


NAMES_PEOPLE = "private, no-store"
MAY_CHANGE = "no-cache"


def cache_headers(
    as_of: AsOf, *, names_people: bool = False, counts_from_today: bool = False
) -> dict[str, str]:
    """A pinned answer (see `read_at`) never changes, unless it counts from today or names
    people: their personal data lives outside the store and an erasure must take effect at
    once, so such an answer is never stored."""
    if names_people:
        return {"Cache-Control": NAMES_PEOPLE}
    pinned = as_of.pinned and not counts_from_today
    return {"Cache-Control": IMMUTABLE if pinned else MAY_CHANGE}


@dataclass(frozen=True)
class SignedPage(Generic[Item]):
    """A page as answered: where the next one starts, as a cursor for this list."""

    items: list[Item]
    next_cursor: str | None
    as_of: AsOf | RecordedAt


def signed(page: Page[Item], read: AsOf) -> SignedPage[Item]:
    """The page with a cursor to the next (none on the last), signed for this path. The
    cursor pins the read's position and date (`read`, the first page's), which a page in
    recorded time alone does not state."""
    return SignedPage(page.items, next_cursor(read, page.after), page.as_of)


def next_cursor(read: AsOf, after: Any) -> str | None:
    if after is None:
        return None
    page = PageCursor(read.valid_at, read.known_at, read.position, read.pinned, after)
    return sign_cursor(container().secret_key, request.path, page)


def cursor_after(args: dict[str, Any]) -> Any:
    page = _page(args)
    return page.after if page else None


def _page(args: dict[str, Any]) -> PageCursor | None:
    text: str | None = args.get("cursor")
    return None if text is None else read_cursor(container().secret_key, request.path, text)
