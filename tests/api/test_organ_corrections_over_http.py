"""Seed 003 over HTTP with a dissolution dated wrong, then corrected, and a rename annulled:
reads as known before show what was first recorded, reads as known after the correction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_bad_input import assert_problem
from tests.support.auth import PRINCIPAL

LISA = "Ledning i samverkan (LiSA)"
VVG = "Vårdsamverkan Västra Götaland (VVG)"
WHY = "Datum felregistrerat: VVG ersätter LiSA från 2017-01-01"


@pytest.fixture
def story(api: Api) -> dict[str, Any]:
    registration = api.decision()
    vgr = api.organ("Västra Götalandsregionen", "region", registration, effective_on="1999-01-01")
    vastkom = api.organ("VästKom", "external_party", registration)
    principals = {"principal_ids": [vgr, vastkom]}
    lisa = api.organ(LISA, "collaboration", registration, effective_on="2010-01-01", **principals)
    decision = api.decision(
        organ_id=lisa,
        decided_on="2016-09-19",
        title="Ny struktur för samverkan i Västra Götaland",
        decision_type="recommendation",
    )
    vvg = api.organ(VVG, "collaboration", decision, effective_on="2017-01-01", **principals)
    wrong = api.post(
        f"/organs/{lisa}/dissolution",
        {"effective_on": "2018-01-01", "decision_id": decision, "successor_ids": [vvg]},
    )
    assert wrong.status_code == 200, wrong.get_json()
    before = api.position
    corrected = api.post(
        f"/organs/{lisa}/dissolution",
        {
            "effective_on": "2017-01-01",
            "decision_id": decision,
            "successor_ids": [vvg],
            "reason": WHY,
        },
    )
    assert corrected.status_code == 200, corrected.get_json()
    assert corrected.get_json()["dissolved_on"] == "2017-01-01"
    return {
        "lisa": lisa,
        "vvg": vvg,
        "vgr": vgr,
        "registration": registration,
        "decision": decision,
        "dissolved": wrong.get_json()["version"],
        "before": before,
        "after": api.position,
    }


def collaborations(api: Api, story: dict[str, Any], **params: Any) -> list[str]:
    tree = api.get("/organs/tree", valid_at="2017-06-01", **params)
    assert tree.status_code == 200, tree.get_json()
    vgr = next(t for t in tree.get_json()["trees"] if t["id"] == story["vgr"])
    return [c["name"] for c in vgr["collaborations"]]


def test_the_tree_between_the_two_dates_shows_lisa_only_as_known_before(
    api: Api, story: dict[str, Any]
) -> None:
    assert collaborations(api, story, known_at=str(story["before"])) == [LISA, VVG]
    assert collaborations(api, story) == [VVG]
    assert collaborations(api, story, known_at=str(story["after"])) == [VVG]


def test_lisa_between_the_two_dates_as_known_before_and_after(
    api: Api, story: dict[str, Any]
) -> None:
    now = api.get(f"/organs/{story['lisa']}", valid_at="2017-06-01").get_json()
    assert (now["exists"], now["dissolved_on"]) == (False, "2017-01-01")
    assert [s["name"] for s in now["successors"]] == [VVG]
    then = api.get(
        f"/organs/{story['lisa']}", valid_at="2017-06-01", known_at=str(story["before"])
    ).get_json()
    assert (then["exists"], then["dissolved_on"]) == (True, "2018-01-01")
    assert then["successors"] == []


def test_vvg_has_lisa_as_predecessor_from_the_corrected_date(
    api: Api, story: dict[str, Any]
) -> None:
    vvg = api.get(f"/organs/{story['vvg']}", valid_at="2017-06-01").get_json()
    assert [(p["id"], p["effective_on"]) for p in vvg["predecessors"]] == [
        (story["lisa"], "2017-01-01")
    ]
    then = api.get(
        f"/organs/{story['vvg']}", valid_at="2017-06-01", known_at=str(story["before"])
    ).get_json()
    assert then["predecessors"] == []


def test_history_lists_the_dissolution_and_its_correction(api: Api, story: dict[str, Any]) -> None:
    for organ in ("lisa", "vvg"):
        history = api.get(f"/organs/{story[organ]}/history").get_json()["items"]
        dissolved = next(h for h in history if h["event_type"] == "Organ.Dissolved")
        correction = next(h for h in history if h["event_type"] == "Organ.ChangeCorrected")
        assert dissolved["effective_on"] == "2018-01-01"
        assert dissolved["version"] == story["dissolved"]
        assert correction["corrects"] == dissolved["position"]
        assert correction["data"]["corrected_version"] == story["dissolved"]
        assert correction["annuls"] is None
        assert correction["effective_on"] == "2017-01-01"
        assert correction["reason"] == WHY
        assert correction["decision_id"] == story["decision"]
        assert correction["actor"] == PRINCIPAL
        assert correction["position"] > story["before"]
        assert correction["recorded_at"].endswith("+00:00")


def test_pending_changes_list_the_dissolution_once_as_corrected(
    api: Api, story: dict[str, Any]
) -> None:
    def pending(**params: Any) -> list[tuple[str, str]]:
        lisa = api.get(f"/organs/{story['lisa']}", valid_at="2016-12-31", **params).get_json()
        return [(c["event_type"], c["effective_on"]) for c in lisa["pending_changes"]]

    assert pending() == [("Organ.ChangeCorrected", "2017-01-01")]
    assert pending(known_at=str(story["before"])) == [("Organ.Dissolved", "2018-01-01")]


def test_a_second_dissolution_without_a_reason_is_409_saying_how_to_correct(
    api: Api, story: dict[str, Any]
) -> None:
    before = api.store_position()
    again = api.post(
        f"/organs/{story['lisa']}/dissolution",
        {"effective_on": "2016-01-01", "decision_id": story["decision"]},
    )
    problem = assert_problem(api, again, 409)
    assert problem["type"] == "urn:styrlogg:problem:already-dissolved"
    assert "reason" in problem["detail"]
    assert api.store_position() == before


def test_a_corrected_dissolution_date_before_the_successor_exists_is_409(
    api: Api, story: dict[str, Any]
) -> None:
    before = api.store_position()
    early = api.post(
        f"/organs/{story['lisa']}/changes/{story['dissolved']}/correction",
        {"effective_on": "2016-06-01", "decision_id": story["decision"], "reason": "fel"},
    )
    problem = assert_problem(api, early, 409, "successor_ids")
    assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
    assert api.store_position() == before


def test_an_annulled_dissolution_leaves_lisa_alive_as_known_after(
    api: Api, story: dict[str, Any]
) -> None:
    annulled = api.post(
        f"/organs/{story['lisa']}/changes/{story['dissolved']}/annulment",
        {"decision_id": story["decision"], "reason": "Beslutet upphävt"},
    )
    assert annulled.status_code == 200, annulled.get_json()
    lisa = api.get(f"/organs/{story['lisa']}", valid_at="2019-01-01").get_json()
    assert (lisa["exists"], lisa["dissolved_on"], lisa["successors"]) == (True, None, [])
    assert collaborations(api, story) == [LISA, VVG]
    assert collaborations(api, story, known_at=str(story["after"])) == [VVG]


def renamed(api: Api, story: dict[str, Any]) -> int:
    response = api.post(
        f"/organs/{story['lisa']}/renamings",
        {"effective_on": "2012-01-01", "decision_id": story["registration"], "name": "LiSA?"},
    )
    assert response.status_code == 200, response.get_json()
    version: int = response.get_json()["version"]
    return version


def test_an_annulled_rename_reads_as_never_recorded_as_known_after(
    api: Api, story: dict[str, Any]
) -> None:
    version = renamed(api, story)
    before = api.position
    body = {"decision_id": story["registration"], "reason": "Felaktigt registrerat namn"}
    annulment = api.post(f"/organs/{story['lisa']}/changes/{version}/annulment", body)
    assert annulment.status_code == 200, annulment.get_json()
    assert annulment.get_json()["name"] == LISA
    lisa = api.get(f"/organs/{story['lisa']}", valid_at="2013-01-01").get_json()
    assert lisa["name"] == LISA
    then = api.get(f"/organs/{story['lisa']}", valid_at="2013-01-01", known_at=str(before))
    assert then.get_json()["name"] == "LiSA?"
    history = api.get(f"/organs/{story['lisa']}/history").get_json()["items"]
    entry = next(h for h in history if h["event_type"] == "Organ.ChangeAnnulled")
    annulled = next(h for h in history if h["version"] == version)
    assert annulled["event_type"] == "Organ.Renamed"
    assert (entry["annuls"], entry["data"]["annulled_version"]) == (annulled["position"], version)
    assert entry["corrects"] is None
    assert entry["reason"] == "Felaktigt registrerat namn"
    assert entry["decision_id"] == story["registration"]
    assert entry["effective_on"] == "2012-01-01"
    assert (entry["actor"], entry["position"]) == (PRINCIPAL, api.position)
    assert "Organ.Renamed" in [h["event_type"] for h in history]


def test_annulling_what_cannot_be_annulled_is_409_naming_version(
    api: Api, story: dict[str, Any]
) -> None:
    version = renamed(api, story)
    body = {"decision_id": story["registration"], "reason": "fel"}
    path = f"/organs/{story['lisa']}/changes"
    assert api.post(f"{path}/{version}/annulment", body).status_code == 200
    before = api.store_position()
    twice = assert_problem(api, api.post(f"{path}/{version}/annulment", body), 409, "version")
    assert twice["type"] == "urn:styrlogg:problem:already-annulled"
    first = assert_problem(api, api.post(f"{path}/1/annulment", body), 409, "version")
    assert first["type"] == "urn:styrlogg:problem:organ-is-referenced"  # LiSA's seats, …
    unknown = assert_problem(api, api.post(f"{path}/9999/annulment", body), 409, "version")
    assert unknown["type"] == "urn:styrlogg:problem:no-such-change"
    assert api.store_position() == before


def test_an_annulment_needs_a_reason_and_a_decision(api: Api, story: dict[str, Any]) -> None:
    version = renamed(api, story)
    path = f"/organs/{story['lisa']}/changes/{version}/annulment"
    before = api.store_position()
    assert_problem(api, api.post(path, {"decision_id": story["registration"]}), 422, "reason")
    assert_problem(api, api.post(path, {"reason": "fel"}), 422, "decision_id")
    blank = {"decision_id": story["registration"], "reason": "  "}
    assert_problem(api, api.post(path, blank), 422, "reason")
    assert api.store_position() == before


def test_a_corrected_rename_shows_its_new_name_as_known_after(
    api: Api, story: dict[str, Any]
) -> None:
    version = renamed(api, story)
    path = f"/organs/{story['lisa']}/changes/{version}/correction"
    body = {"decision_id": story["registration"], "reason": "stavfel"}
    wrong_field = api.post(path, {**body, "kind": "federation"})
    assert_problem(api, wrong_field, 422, "kind")
    fixed = api.post(path, {**body, "name": "LiSA (samverkan)", "effective_on": "2013-01-01"})
    assert fixed.status_code == 200, fixed.get_json()
    lisa = api.get(f"/organs/{story['lisa']}", valid_at="2012-06-01").get_json()
    assert lisa["name"] == LISA
    lisa = api.get(f"/organs/{story['lisa']}", valid_at="2013-06-01").get_json()
    assert lisa["name"] == "LiSA (samverkan)"
    history = api.get(f"/organs/{story['lisa']}/history").get_json()["items"]
    entry = next(
        h
        for h in history
        if h["event_type"] == "Organ.ChangeCorrected"
        and h["corrects"] == next(o["position"] for o in history if o["version"] == version)
    )
    assert entry["data"]["name"] == "LiSA (samverkan)"


def test_a_rename_and_its_retraction_are_no_pending_changes(api: Api) -> None:
    registration = api.decision()
    region = api.organ("Region", "region", registration)
    committee = api.organ("Nämnd", "committee", registration, parent_id=region)
    decided = api.decision(organ_id=region, decided_on="2016-09-19", decision_type="executive")
    rename = {"effective_on": "2017-06-01", "decision_id": decided}
    assert api.post(f"/organs/{committee}/renamings", {**rename, "name": "Ny"}).status_code == 200
    back = api.post(f"/organs/{committee}/renamings", {**rename, "name": "Nämnd"})
    assert back.status_code == 200, back.get_json()
    detail = api.get(f"/organs/{committee}", valid_at="2017-01-01").get_json()
    assert detail["pending_changes"] == []
    dissolved = api.post(
        f"/organs/{committee}/dissolution", {"effective_on": "2017-03-01", "decision_id": decided}
    )
    assert dissolved.status_code == 200, dissolved.get_json()


def test_an_annulled_forward_dated_change_is_no_pending_change(api: Api) -> None:
    registration = api.decision()
    region = api.organ("Region", "region", registration)
    committee = api.organ("Nämnd", "committee", registration, parent_id=region)
    decided = api.decision(organ_id=region, decided_on="2016-09-19", decision_type="executive")
    rename = {"effective_on": "2017-06-01", "decision_id": decided, "name": "Ny"}
    version = api.post(f"/organs/{committee}/renamings", rename).get_json()["version"]
    pending = api.get(f"/organs/{committee}", valid_at="2017-01-01").get_json()["pending_changes"]
    assert [c["event_type"] for c in pending] == ["Organ.Renamed"]
    body = {"decision_id": decided, "reason": "Beslutet återkallat"}
    assert api.post(f"/organs/{committee}/changes/{version}/annulment", body).status_code == 200
    detail = api.get(f"/organs/{committee}", valid_at="2017-01-01").get_json()
    assert detail["pending_changes"] == []


def test_a_stale_if_match_on_an_annulment_is_412(api: Api, story: dict[str, Any]) -> None:
    version = renamed(api, story)
    body = {"decision_id": story["registration"], "reason": "fel"}
    path = f"/organs/{story['lisa']}/changes/{version}/annulment"
    before = api.store_position()
    stale = api.post(path, body, headers={"If-Match": '"1"'})
    assert_problem(api, stale, 412)
    assert api.store_position() == before
    current = api.post(path, body, headers={"If-Match": f'"{version}"'})
    assert current.status_code == 200, current.get_json()
    assert current.headers["ETag"] == f'"{version + 1}"'
