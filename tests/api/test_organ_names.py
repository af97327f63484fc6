"""Organs findable by name: case-insensitive with å ä ö on every store, wildcards taken
literally, and by a name they had before the date read (seeds 002 and 004)."""

from __future__ import annotations

from typing import Any

from interfaces.demo.loader import key_id, load_demo
from tests.api.conftest import Api
from tests.support.pages import every_page, listed, refused


def found(api: Api, q: str, **params: Any) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in listed(api, "/organs", q=q, **params)}


def organs(api: Api) -> dict[str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    return {
        "region": region,
        "ostra": api.organ("Östra hälso- och sjukvårdsnämnden", "committee", registration,
                           parent_id=region),
        "angered": api.organ("Ängeltofta 100% ideell_förening", "external_party", registration),
        "plain": api.organ("Ostra sjukhuset 100 procent", "administration", registration,
                           parent_id=region),
    }  # fmt: skip


def test_a_name_search_folds_case_with_swedish_letters_on_every_store(api: Api) -> None:
    organs(api)
    on = {"valid_at": "2020-01-01"}
    assert set(found(api, "östra", **on)) == {"Östra hälso- och sjukvårdsnämnden"}
    assert set(found(api, "ÖSTRA HÄLSO", **on)) == {"Östra hälso- och sjukvårdsnämnden"}
    assert set(found(api, "ängel", **on)) == {"Ängeltofta 100% ideell_förening"}
    assert set(found(api, "GÖTALAND", **on)) == {"Västra Götalandsregionen"}
    assert set(found(api, "ostra", **on)) == {"Ostra sjukhuset 100 procent"}, "ö is no o"
    assert set(found(api, "sjuk", **on)) == {
        "Östra hälso- och sjukvårdsnämnden", "Ostra sjukhuset 100 procent",
    }  # fmt: skip
    listed_by_name = listed(api, "/organs", q="sjuk", **on)
    assert [o["matched_name"] for o in listed_by_name] == [o["name"] for o in listed_by_name]
    assert {o["former"] for o in listed_by_name} == {False}


def test_like_wildcards_in_a_search_are_themselves(api: Api) -> None:
    organs(api)
    on = {"valid_at": "2020-01-01"}
    assert set(found(api, "100%", **on)) == {"Ängeltofta 100% ideell_förening"}
    assert set(found(api, "l_f", **on)) == {"Ängeltofta 100% ideell_förening"}
    assert found(api, "%", **on).keys() == {"Ängeltofta 100% ideell_förening"}
    assert found(api, "_", **on).keys() == {"Ängeltofta 100% ideell_förening"}
    assert found(api, "o%a", **on) == {}


def test_a_search_of_more_than_500_characters_is_422(api: Api) -> None:
    organs(api)
    assert listed(api, "/organs", q="x" * 500) == []
    assert "q" in refused(api, "/organs", q="x" * 501)["errors"]
    assert "q" in refused(api, "/organs", q="nul\x00")["errors"]


def test_a_search_pages_through_its_matches_only(api: Api) -> None:
    registration = api.decision()
    for n in range(5):
        api.organ(f"Område {n}", "external_party", registration)
    api.organ("Nämnd", "external_party", registration)
    pages = every_page(api, "/organs", q="OMRÅDE", valid_at="2020-01-01", limit=3)
    assert [[o["name"] for o in page] for page in pages] == [
        ["Område 0", "Område 1", "Område 2"], ["Område 3", "Område 4"],
    ]  # fmt: skip


def test_an_organ_is_found_by_a_former_name_and_lists_its_names(api: Api) -> None:
    """Seed 004 speaks of "Hälso- och sjukvårdsförvaltningen" in 2020, after a rename."""
    registration = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", registration)
    office = api.organ(
        "Hälso- och sjukvårdsförvaltningen", "administration", registration, parent_id=region
    )
    renamed = api.post(
        f"/organs/{office}/renamings",
        {"name": "Förvaltningsområde hälso- och sjukvård", "effective_on": "2019-01-01",
         "decision_id": registration},
    )  # fmt: skip
    assert renamed.status_code == 200, renamed.get_json()

    (hit,) = listed(api, "/organs", q="sjukvårdsförvaltningen", valid_at="2020-03-01")
    assert (hit["id"], hit["name"]) == (office, "Förvaltningsområde hälso- och sjukvård")
    assert (hit["matched_name"], hit["former"]) == ("Hälso- och sjukvårdsförvaltningen", True)
    (now,) = listed(api, "/organs", q="förvaltningsområde", valid_at="2020-03-01")
    assert (now["matched_name"], now["former"]) == (now["name"], False)
    # Before the rename it is its name; a name it will only have later finds nothing.
    (before,) = listed(api, "/organs", q="sjukvårdsförvaltningen", valid_at="2018-06-01")
    assert before["former"] is False
    assert listed(api, "/organs", q="förvaltningsområde", valid_at="2018-06-01") == []
    # Other filters still apply to a former name's match.
    assert listed(api, "/organs", q="sjukvårdsförvaltningen", valid_at="2020-03-01",
                  kind="committee") == []  # fmt: skip

    read = api.get(f"/organs/{office}", valid_at="2020-03-01").get_json()
    assert read["names"] == [
        {"name": "Hälso- och sjukvårdsförvaltningen", "valid_from": "2000-01-01",
         "valid_to": "2019-01-01"},
        {"name": "Förvaltningsområde hälso- och sjukvård", "valid_from": "2019-01-01",
         "valid_to": None},
    ]  # fmt: skip
    # As known before the rename was recorded, the old name is its only one.
    known_before = api.get(f"/organs/{office}", valid_at="2020-03-01",
                           known_at=renamed.get_json()["position"] - 1)  # fmt: skip
    assert [n["name"] for n in known_before.get_json()["names"]] == [
        "Hälso- och sjukvårdsförvaltningen"
    ]


def test_seed_002_a_meeting_in_august_2024_finds_the_group_by_its_old_title(api: Api) -> None:
    load_demo(api.container)
    api.position = api.store_position()
    group = str(key_id("vgr-fg-utveckling"))

    hits = listed(api, "/organs", q="Funktionsgrupp utvecklingschefer", valid_at="2024-08-30")
    assert [(o["id"], o["name"], o["matched_name"], o["former"]) for o in hits] == [
        (group, "Samordnande grupp för utveckling inom hälso- och sjukvård",
         "Funktionsgrupp utvecklingschefer inom hälso- och sjukvård", True),
    ]  # fmt: skip
    names = api.get(f"/organs/{group}", valid_at="2024-08-30").get_json()["names"]
    assert [(n["name"], n["valid_to"]) for n in names] == [
        ("Funktionsgrupp utvecklingschefer inom hälso- och sjukvård", "2024-05-31"),
        ("Samordnande grupp för utveckling inom hälso- och sjukvård", None),
    ]
