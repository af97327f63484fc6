"""Dates (datum) as Styrlogg reads them from text: ISO 8601's calendar date, `YYYY-MM-DD`,
and nothing else (Python's `date.fromisoformat` also takes `20240101` and `2024-W01`)."""

from __future__ import annotations

import re
from datetime import date

CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> date:
    """The date `text` names; ValueError unless it is `YYYY-MM-DD` in ASCII digits."""
    if not CALENDAR_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(text)
