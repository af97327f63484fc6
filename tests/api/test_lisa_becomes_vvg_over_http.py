"""Seed 003 over HTTP: the worked example of the README."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.support.auth import PRINCIPAL


@pytest.fixture
def seeded(api: Api) -> dict[str, Any]:
    registration = api.decision()
    vgr = api.organ("Västra Götalandsregionen", "region", registration, effective_on="1999-01-01")
    vastkom = api.organ("VästKom", "external_party", registration)
    lisa = api.organ(
        "Ledning i samverkan (LiSA)",
        "collaboration",
        registration,
        principal_ids=[vgr, vastkom],
        effective_on="2010-01-01",
    )
    before = api.position
    decision = api.decision(
        organ_id=lisa,
        decided_on="2016-09-19",
        title="Ny struktur för samverkan i Västra Götaland",
        decision_type="recommendation",
    )
    dissolution = api.post(
        f"/organs/{lisa}/dissolution",
        {
            "effective_on": "2017-01-01",
            "decision_id": decision,
            "reason": "LiSA avvecklas och ersätts av VVG",
            "successors": [
                {
                    "name": "Vårdsamverkan Västra Götaland (VVG)",
                    "kind": "collaboration",
                    "principal_ids": [vgr, vastkom],
                }
            ],
        },
    )
    assert dissolution.status_code == 200, dissolution.get_json()
    vvg = dissolution.get_json()["successors"][0]["id"]
    return {"lisa": lisa, "vvg": vvg, "vgr": vgr, "decision": decision, "before": before}


def names(api: Api, **params: Any) -> set[str]:
    response = api.get("/organs", **params)
    assert response.status_code == 200, response.get_json()
    return {o["name"] for o in response.get_json()["items"]}


def test_the_day_before_shows_lisa_and_no_vvg(api: Api, seeded: dict[str, Any]) -> None:
    found = names(api, valid_at="2016-12-31")
    assert "Ledning i samverkan (LiSA)" in found
    assert "Vårdsamverkan Västra Götaland (VVG)" not in found


def test_the_effective_day_shows_vvg_with_lisa_as_predecessor(
    api: Api, seeded: dict[str, Any]
) -> None:
    assert "Ledning i samverkan (LiSA)" not in names(api, valid_at="2017-01-01")
    vvg = api.get(f"/organs/{seeded['vvg']}", valid_at="2017-01-01").get_json()
    assert vvg["name"] == "Vårdsamverkan Västra Götaland (VVG)"
    assert [(p["id"], p["name"]) for p in vvg["predecessors"]] == [
        (seeded["lisa"], "Ledning i samverkan (LiSA)")
    ]
    assert vvg["as_of"]["valid_at"] == "2017-01-01"


def test_known_at_before_the_recording_shows_neither_change(
    api: Api, seeded: dict[str, Any]
) -> None:
    found = names(api, valid_at="2017-01-01", known_at=str(seeded["before"]))
    assert "Ledning i samverkan (LiSA)" in found
    assert "Vårdsamverkan Västra Götaland (VVG)" not in found


def test_the_decision_lists_both_effects(api: Api, seeded: dict[str, Any]) -> None:
    decision = api.get(f"/decisions/{seeded['decision']}").get_json()
    assert decision["decided_on"] == "2016-09-19"
    effects = {(e["event_type"], e["aggregate_id"]) for e in decision["effects"]}
    assert effects == {("Organ.Established", seeded["vvg"]), ("Organ.Dissolved", seeded["lisa"])}


def test_lisa_lists_the_pending_dissolution_before_it_takes_effect(
    api: Api, seeded: dict[str, Any]
) -> None:
    lisa = api.get(f"/organs/{seeded['lisa']}", valid_at="2016-12-31").get_json()
    assert lisa["exists"] is True
    assert [c["event_type"] for c in lisa["pending_changes"]] == ["Organ.Dissolved"]
    assert lisa["pending_changes"][0]["effective_on"] == "2017-01-01"
    after = api.get(f"/organs/{seeded['lisa']}", valid_at="2017-01-01").get_json()
    assert after["exists"] is False
    assert after["dissolved_on"] == "2017-01-01"
    assert [s["name"] for s in after["successors"]] == ["Vårdsamverkan Västra Götaland (VVG)"]


def test_history_shows_valid_and_recorded_time_actor_decision_and_reason(
    api: Api, seeded: dict[str, Any]
) -> None:
    history = api.get(f"/organs/{seeded['lisa']}/history").get_json()["items"]
    dissolved = [h for h in history if h["event_type"] == "Organ.Dissolved"]
    assert len(dissolved) == 1
    entry = dissolved[0]
    assert entry["effective_on"] == "2017-01-01"
    assert entry["decision_id"] == seeded["decision"]
    assert entry["actor"] == PRINCIPAL
    assert entry["reason"] == "LiSA avvecklas och ersätts av VVG"
    assert entry["position"] > seeded["before"]
    assert entry["recorded_at"].endswith("+00:00")


def test_the_tree_lists_collaborations_under_their_principals(
    api: Api, seeded: dict[str, Any]
) -> None:
    tree = api.get("/organs/tree", valid_at="2017-06-01").get_json()
    vgr = next(t for t in tree["trees"] if t["id"] == seeded["vgr"])
    assert [c["name"] for c in vgr["collaborations"]] == ["Vårdsamverkan Västra Götaland (VVG)"]
    roots = {t["name"] for t in tree["trees"]}
    assert "Vårdsamverkan Västra Götaland (VVG)" in roots
