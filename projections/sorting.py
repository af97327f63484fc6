"""Swedish alphabetical order that SQLite and PostgreSQL (COLLATE "C") sort alike, and name
search over the same folded key."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from projections.sql import Dialect

# After z come å, ä, ö in Swedish; '{', '|', '}' follow 'z' in byte order.
_LAST_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def bytewise(dialect: Dialect) -> str:
    """A sort key column's type: byte order, so that both databases sort it alike."""
    return 'TEXT COLLATE "C" NOT NULL' if dialect == "postgresql" else "TEXT NOT NULL"


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    folded = name.casefold().translate(_LAST_LETTERS)
    # Other accents sort with their base letter (é with e, ü with u).
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_pattern(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') that finds the folded text anywhere in a sort key.

    The key folds case with Python's rules (å ä ö too, which SQLite's LIKE and LOWER leave
    alone), so a substring of a key compares alike in both databases; `%` and `_` in the
    text are themselves, not wildcards."""
    return f"%{like_literal(sort_key(unicodedata.normalize('NFC', text)))}%"


def like_literal(text: str) -> str:
    """The text as a LIKE pattern that matches only itself (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
