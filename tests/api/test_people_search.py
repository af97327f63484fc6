"""GET /people?q=: people findable by name in the personal-data register (issue #16)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.support.pages import every_page, listed, refused


def person(api: Api, name: str, title: str | None = None) -> dict[str, Any]:
    return api.created("/people", {"name": name, "title": title})


def names(items: list[dict[str, Any]]) -> list[str]:
    return [i["name"] for i in items]


def test_people_are_found_by_part_of_their_name_with_swedish_letters(api: Api) -> None:
    asa = person(api, "Åsa Öberg", "Regiondirektör")
    person(api, "Östen Ärlig")
    person(api, "Anna Andersson")
    person(api, "Oskar Oberg")

    assert names(listed(api, "/people", q="öberg")) == ["Åsa Öberg"]
    assert names(listed(api, "/people", q="ÅSA ÖB")) == ["Åsa Öberg"]
    assert names(listed(api, "/people", q="ärl")) == ["Östen Ärlig"]
    assert names(listed(api, "/people", q="berg")) == ["Oskar Oberg", "Åsa Öberg"]
    assert names(listed(api, "/people", q="50%")) == []
    assert names(listed(api, "/people", q="a_a")) == []
    (found,) = listed(api, "/people", q="Öberg")
    assert found == {
        "id": asa["id"], "name": "Åsa Öberg", "title": "Regiondirektör",
        "employer_organ_id": None, "erased": False,
    }  # fmt: skip
    # Without q: everyone, by name (Swedish order: å, ä, ö after z).
    assert names(listed(api, "/people")) == [
        "Anna Andersson", "Oskar Oberg", "Åsa Öberg", "Östen Ärlig",
    ]  # fmt: skip


def test_an_erased_person_never_matches(api: Api) -> None:
    anna = person(api, "Anna Andersson")
    before_erasure = api.position
    person(api, "Annika Berg")
    erased = api.post(f"/people/{anna['id']}/erasure", {"reason": "Begäran om radering"})
    assert erased.status_code == 200, erased.get_json()

    assert names(listed(api, "/people", q="ann")) == ["Annika Berg"]
    # The register keeps no history: as known before the erasure it is gone too.
    assert names(listed(api, "/people", q="ann", known_at=str(before_erasure))) == []


def test_people_are_listed_as_known_at_and_never_cached(api: Api) -> None:
    person(api, "Per Persson")
    first = api.position
    person(api, "Pia Persson")
    assert names(listed(api, "/people", q="persson")) == ["Per Persson", "Pia Persson"]
    assert names(listed(api, "/people", q="persson", known_at=str(first))) == ["Per Persson"]
    answer = api.get("/people", q="persson", valid_at="2024-01-01", known_at=str(first))
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert answer.get_json()["as_of"]["position"] == first


def test_a_people_search_pages_through_its_matches(api: Api) -> None:
    for n in range(5):
        person(api, f"Lindqvist {n}")
    person(api, "Karlsson")
    pages = every_page(api, "/people", q="LINDQVIST", limit=3)
    assert [names(p) for p in pages] == [
        ["Lindqvist 0", "Lindqvist 1", "Lindqvist 2"], ["Lindqvist 3", "Lindqvist 4"],
    ]  # fmt: skip


def test_bad_people_searches_are_422_naming_the_parameter(api: Api) -> None:
    assert "q" in refused(api, "/people", q="å" * 501)["errors"]
    assert "q" in refused(api, "/people", q="a\x00")["errors"]
    assert "name" in refused(api, "/people", name="Anna")["errors"]
    assert listed(api, "/people", q="å" * 500) == []
