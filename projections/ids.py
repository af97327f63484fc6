"""Ids read back from projection tables, where they are stored as text."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID


@lru_cache(maxsize=65536)
def uuid_of(text: str) -> UUID:
    """Ids repeat across rows and reads (parents, plans, organisations): parse each once."""
    return UUID(text)


def uuid_or_none(text: str | None) -> UUID | None:
    return uuid_of(text) if text else None
