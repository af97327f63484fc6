from __future__ import annotations

from projections.sorting import sort_key


def test_swedish_order_ignores_case_and_puts_a_ring_a_umlaut_o_umlaut_last() -> None:
    names = ["Österåker", "Ale", "Åmål", "ärende", "Borås", "alingsås", "Zeta", "Émile"]
    assert sorted(names, key=sort_key) == [
        "Ale",
        "alingsås",
        "Borås",
        "Émile",
        "Zeta",
        "Åmål",
        "ärende",
        "Österåker",
    ]


def test_case_does_not_split_a_name_list() -> None:
    names = [
        "Styrelsen för Södra Älvsborgs Sjukhus",
        "Styrelsen för fastighet",
        "Styrelsen för Folktandvården",
    ]
    assert sorted(names, key=sort_key) == [
        "Styrelsen för fastighet",
        "Styrelsen för Folktandvården",
        "Styrelsen för Södra Älvsborgs Sjukhus",
    ]
