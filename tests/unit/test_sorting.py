from __future__ import annotations

import sqlite3

from projections.sorting import search_pattern, sort_key


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


def matches(q: str, name: str) -> bool:
    """LIKE with ESCAPE '\\' as both stores run it, on the stored key."""
    with sqlite3.connect(":memory:") as db:
        row = db.execute("SELECT ? LIKE ? ESCAPE '\\'", (sort_key(name), search_pattern(q)))
        return bool(row.fetchone()[0])


def test_a_name_search_folds_case_and_accents_and_takes_wildcards_literally() -> None:
    assert matches("östra", "Östra hälso- och sjukvårdsnämnden")
    assert matches("ÅSA", "Åsa Öberg")
    assert not matches("osa", "Åsa Öberg")
    assert matches("rene", "René Lind")
    assert matches("100%", "Ängeltofta 100% ideell")
    assert not matches("100%", "100 procent")
    assert not matches("o_a", "Oxa")
    assert matches("a\u030asa", "Åsa"), "a decomposed å is å"
