from __future__ import annotations

from datetime import date

import pytest

from domain.timelines import Timeline


def test_value_holds_from_its_date_until_the_next_change() -> None:
    names = Timeline([(date(2010, 1, 1), "A"), (date(2015, 1, 1), "B")])
    assert names.at(date(2014, 12, 31)) == "A"
    assert names.at(date(2015, 1, 1)) == "B"
    assert names.at(date(2030, 1, 1)) == "B"


def test_nothing_holds_before_the_first_change() -> None:
    names = Timeline([(date(2010, 1, 1), "A")])
    assert not names.has(date(2009, 12, 31))
    with pytest.raises(KeyError):
        names.at(date(2009, 12, 31))


def test_a_later_value_for_the_same_day_supersedes_the_earlier() -> None:
    names = Timeline([(date(2010, 1, 1), "A")])
    names.set(date(2012, 1, 1), "B")
    names.set(date(2012, 1, 1), "C")
    assert names.items() == [(date(2010, 1, 1), "A"), (date(2012, 1, 1), "C")]


def test_back_dated_change_is_inserted_in_date_order() -> None:
    names = Timeline([(date(2010, 1, 1), "A"), (date(2015, 1, 1), "C")])
    names.set(date(2012, 6, 1), "B")
    assert names.dates() == [date(2010, 1, 1), date(2012, 6, 1), date(2015, 1, 1)]
    assert names.at(date(2013, 1, 1)) == "B"


def test_spans_clip_values_to_the_window() -> None:
    parents = Timeline([(date(2000, 1, 1), "A"), (date(2010, 1, 1), "B"), (date(2020, 1, 1), "C")])
    assert list(parents.spans(date(2005, 1, 1), date(2015, 1, 1))) == [
        ("A", date(2005, 1, 1), date(2010, 1, 1)),
        ("B", date(2010, 1, 1), date(2015, 1, 1)),
    ]
    assert list(parents.spans(date(2020, 6, 1), None)) == [("C", date(2020, 6, 1), None)]
    assert list(parents.spans(date(1990, 1, 1), date(2000, 1, 1))) == []
