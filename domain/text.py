"""Text (text) that every store can hold, the rule every edge checks input against.

No text anywhere may hold NUL (PostgreSQL's text columns cannot) or a lone surrogate
(U+D800–U+DFFF: not a character, and not encodable as UTF-8, so neither SQLite nor
PostgreSQL nor the event store's JSON can take it). A one-line field (a name, title, code,
case number) holds no other control character either (C0, DEL, C1); a multi-line field (a
comment, reason, summary, report text) may hold tab, line feed and carriage return.
"""

from __future__ import annotations

import re

from domain.errors import InvalidCommand

_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_IN_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_fault(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored, or None when it can."""
    found = (_NOT_IN_PROSE if multiline else _NOT_IN_A_LINE).search(value)
    if found is None:
        return None
    code = ord(found.group())
    where = f"U+{code:04X} at character {found.start() + 1}"
    if code == 0:
        return f"must not contain NUL ({where})"
    if 0xD800 <= code <= 0xDFFF:
        return f"must not contain a lone surrogate ({where}): it is not a character"
    if multiline:
        return f"must not contain control characters but tab and line breaks ({where})"
    return f"must be one line without control characters ({where})"


def check_text(value: str, field: str, *, multiline: bool = False) -> str:
    """`value`, or InvalidCommand naming `field` when a store cannot hold it."""
    fault = text_fault(value, multiline=multiline)
    if fault is not None:
        raise InvalidCommand(f"{field} {fault}", field=field)
    return value
