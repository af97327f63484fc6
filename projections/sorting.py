"""Swedish alphabetical order that SQLite and PostgreSQL (COLLATE "C") sort alike."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# After z come å, ä, ö in Swedish; '{', '|', '}' follow 'z' in byte order.
_LAST_LETTERS = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    folded = name.casefold().translate(_LAST_LETTERS)
    # Other accents sort with their base letter (é with e, ü with u).
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
