"""Periods: parsing, validation, calendar spans and ordering."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidCommand
from domain.periods import Period, Periodicity


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024-T1", date(2024, 1, 1), date(2024, 4, 30)),
        ("2024-T2", date(2024, 5, 1), date(2024, 8, 31)),
        ("2023-T3", date(2023, 9, 1), date(2023, 12, 31)),
        ("2024-M02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-M02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_a_period_spans_its_calendar_days(text: str, first: date, last: date) -> None:
    period = Period.parse(text)
    assert (period.first_day(), period.last_day()) == (first, last)
    assert str(period) == text


@pytest.mark.parametrize(
    "text", ["2024-T4", "2024-T0", "2024-M13", "2024-M3", "2024-Q5", "2024-H3", "24-T1", "T1", ""]
)
def test_malformed_periods_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        Period.parse(text, field="due_period")
    assert caught.value.field == "due_period"


def test_periods_order_by_first_day_then_length() -> None:
    texts = ["2024-T2", "2024", "2023-T3", "2024-M01", "2024-T1", "2024-Q1"]
    ordered = sorted(Period.parse(t) for t in texts)
    assert [str(p) for p in ordered] == [
        "2023-T3",
        "2024-M01",
        "2024-Q1",
        "2024-T1",
        "2024",
        "2024-T2",
    ]


def test_containment() -> None:
    year, t1 = Period.parse("2024"), Period.parse("2024-T1")
    assert year.contains(t1)
    assert t1.contains(Period.parse("2024-M04"))
    assert not t1.contains(Period.parse("2024-Q2"))


@given(
    st.integers(1900, 2200),
    st.sampled_from(list(Periodicity)),
    st.integers(1, 12),
)
def test_text_form_round_trips_and_periods_tile_the_year(
    year: int, periodicity: Periodicity, index: int
) -> None:
    count = {"tertial": 3, "month": 12, "quarter": 4, "half_year": 2, "year": 1}
    index = (index - 1) % count[periodicity.value] + 1
    period = Period(year, periodicity, index)
    assert Period.parse(str(period)) == period
    if index < count[periodicity.value]:
        following = Period(year, periodicity, index + 1)
        assert (following.first_day() - period.last_day()).days == 1


def test_the_periods_inside_a_period() -> None:
    year = Period.parse("2024")
    assert [str(p) for p in year.inside(Periodicity.TERTIAL)] == ["2024-T1", "2024-T2", "2024-T3"]
    t1 = Period.parse("2024-T1")
    assert [str(p) for p in t1.inside(Periodicity.MONTH)] == [f"2024-M0{m}" for m in range(1, 5)]
    assert [str(p) for p in t1.inside(Periodicity.QUARTER)] == ["2024-Q1"]
    assert Period.parse("2024-T2").inside(Periodicity.QUARTER) == []
    assert t1.inside(Periodicity.TERTIAL) == [t1]


@pytest.mark.parametrize("text", ["\u0662\u0660\u0662\u0664", "2024-T\u0661", "\uff12024-M01"])
def test_a_period_is_written_in_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidCommand):
        Period.parse(text)
