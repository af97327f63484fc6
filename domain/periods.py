"""Periods (perioder): calendar spans that facts are reported for.

`2024-T1` (tertial: Jan–Apr, May–Aug, Sep–Dec), `2024-M03` (month), `2024-Q1` (quarter),
`2024-H1` (half year) and `2024` (year). Periods order by their first day, then by length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from domain.errors import InvalidCommand


class Periodicity(Enum):
    TERTIAL = "tertial"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


# Per periodicity: the letter in the text form, and how many months a period spans.
_LETTERS = {"T": Periodicity.TERTIAL, "M": Periodicity.MONTH, "Q": Periodicity.QUARTER}
_LETTERS["H"] = Periodicity.HALF_YEAR
_MONTHS = {
    Periodicity.TERTIAL: 4,
    Periodicity.MONTH: 1,
    Periodicity.QUARTER: 3,
    Periodicity.HALF_YEAR: 6,
    Periodicity.YEAR: 12,
}
_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<letter>[TMQH])(?P<index>[0-9]{1,2}))?")


@dataclass(frozen=True, order=False)
class Period:
    year: int
    periodicity: Periodicity
    index: int = 1
    """1-based: the tertial, month, quarter or half within the year (1 for a year)."""

    @classmethod
    def parse(cls, text: str, field: str = "period") -> Period:
        match = _PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise InvalidCommand(
                f"{text!r} is not a period: write 2024-T1, 2024-M03, 2024-Q1, 2024-H1 or 2024",
                field=field,
            )
        year = int(match["year"])
        if match["letter"] is None:
            return cls(year, Periodicity.YEAR)
        periodicity = _LETTERS[match["letter"]]
        index = int(match["index"])
        count = 12 // _MONTHS[periodicity]
        if not 1 <= index <= count or (periodicity is Periodicity.MONTH) != (
            len(match["index"]) == 2
        ):
            raise InvalidCommand(
                f"{text!r} is not a period: a year has {count} {periodicity.value} periods,"
                + (" written with two digits" if periodicity is Periodicity.MONTH else ""),
                field=field,
            )
        if year < 1900:
            raise InvalidCommand(f"{text!r}: the year is out of range", field=field)
        return cls(year, periodicity, index)

    def first_day(self) -> date:
        months = _MONTHS[self.periodicity]
        return date(self.year, 1 + (self.index - 1) * months, 1)

    def last_day(self) -> date:
        months = _MONTHS[self.periodicity]
        month = self.index * months  # the period's last month
        following = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return following - timedelta(days=1)

    def contains(self, other: Period) -> bool:
        """Whether `other` lies wholly inside this period."""
        return self.first_day() <= other.first_day() and other.last_day() <= self.last_day()

    def inside(self, periodicity: Periodicity) -> list[Period]:
        """The periods of `periodicity` that lie wholly inside this one, in order."""
        count = 12 // _MONTHS[periodicity]
        return [
            candidate
            for year in range(self.year, self.last_day().year + 1)
            for index in range(1, count + 1)
            if self.contains(candidate := Period(year, periodicity, index))
        ]

    def sort_key(self) -> tuple[date, date]:
        return (self.first_day(), self.last_day())

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        if self.periodicity is Periodicity.YEAR:
            return str(self.year)
        letter = next(k for k, v in _LETTERS.items() if v is self.periodicity)
        width = 2 if self.periodicity is Periodicity.MONTH else 1
        return f"{self.year}-{letter}{self.index:0{width}d}"
