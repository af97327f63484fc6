"""Page cursors: where a list's first page was read, signed so that no client can edit one.

A cursor carries the first page's `valid_at`, `known_at`, position and whether it was
pinned, and where the next page starts. It is signed with the deployment's secret and
bound to the path that gave it out (a cursor of one list is not one of another).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from itsdangerous import BadData, URLSafeSerializer

from interfaces.arguments import InvalidArgument
from interfaces.http.schemas.common import LARGEST_INTEGER


@dataclass(frozen=True)
class PageCursor:
    valid_at: date
    known_at: str
    position: int
    pinned: bool
    """Whether the first page was pinned: later pages are sent immutable exactly when it was."""
    after: Any


def sign_cursor(secret: str, path: str, page: PageCursor) -> str:
    payload = {
        "valid_at": page.valid_at.isoformat(),
        "known_at": page.known_at,
        "position": page.position,
        "pinned": page.pinned,
        "after": page.after,
    }
    return str(_serializer(secret, path).dumps(payload))


def read_cursor(secret: str, path: str, text: str) -> PageCursor:
    """The cursor's page; 422 naming `cursor` unless this server gave it out for `path`."""
    try:
        payload = _serializer(secret, path).loads(text)
        page = PageCursor(
            date.fromisoformat(payload["valid_at"]),
            payload["known_at"],
            payload["position"],
            payload["pinned"],
            payload["after"],
        )
    except (BadData, UnicodeError, KeyError, TypeError, ValueError):
        raise InvalidArgument("cursor", "not a cursor this server gave out for this list") from None
    if not _well_formed(page):
        raise InvalidArgument("cursor", "not a cursor this server gave out for this list")
    return page


def _well_formed(page: PageCursor) -> bool:
    """Even signed, a cursor reaches SQL only with the shapes and ranges the lists give out
    (should a secret leak): a position and keys that a store's integers hold."""
    after = page.after if isinstance(page.after, list) else [page.after]
    return (
        isinstance(page.known_at, str)
        and isinstance(page.pinned, bool)
        and _storable(page.position)
        and all(k is None or isinstance(k, str) or _storable(k) for k in after)
    )


def _storable(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LARGEST_INTEGER


def _serializer(secret: str, path: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=f"styrlogg page cursor {path}")
