"""An organ recorded by mistake (issue #16): its establishment annulled while nothing names
it; as known after, it is in no read but its history, and every write naming it is 404 or
4xx; as known before, every read is as it was."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_assignments_over_http import give
from tests.api.test_composition_over_http import appoint, person
from tests.api.test_seat_corrections_over_http import refused

WHY = "Nämnden registrerades av misstag: beslutet inrättade den aldrig"
MISTAKE = "Felregistrerade nämnden"


@pytest.fixture
def story(api: Api) -> dict[str, Any]:
    registration = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", registration)
    board = api.organ("Regionstyrelsen", "executive_board", registration, parent_id=region)
    mistake = api.organ(MISTAKE, "committee", registration, parent_id=board)
    return {"region": region, "board": board, "mistake": mistake, "registration": registration}


def annul(api: Api, story: dict[str, Any], organ: str | None = None) -> Any:
    body = {"decision_id": story["registration"], "reason": WHY}
    return api.post(f"/organs/{organ or story['mistake']}/changes/1/annulment", body)


def referenced(api: Api, story: dict[str, Any], organ: str | None = None) -> str:
    """The detail of an annulment refused because something names the organ."""
    path = f"/organs/{organ or story['mistake']}/changes/1/annulment"
    body = {"decision_id": story["registration"], "reason": WHY}
    assert refused(api, path, body, 409, "version").endswith("organ-is-referenced")
    return str(api.post(path, body).get_json()["detail"])


def in_tree(api: Api, organ: str, **params: Any) -> bool:
    tree = api.get("/organs/tree", valid_at="2010-01-01", **params)
    assert tree.status_code == 200, tree.get_json()

    def found(nodes: list[dict[str, Any]]) -> bool:
        return any(n["id"] == organ or found(n["children"]) for n in nodes)

    return found(tree.get_json()["trees"])


def test_an_organ_recorded_by_mistake_is_in_no_read_as_known_after(
    api: Api, story: dict[str, Any]
) -> None:
    before = api.position
    annulled = annul(api, story)
    assert annulled.status_code == 200, annulled.get_json()
    assert annulled.get_json()["id"] == story["mistake"]
    mistake = story["mistake"]
    assert not in_tree(api, mistake)
    assert api.get(f"/organs/{mistake}", valid_at="2010-01-01").status_code == 404
    listed = api.get("/organs", valid_at="2010-01-01", q="Felregistrerade").get_json()["items"]
    assert listed == []
    board = api.get(f"/organs/{story['board']}", valid_at="2010-01-01").get_json()
    assert board["children"] == []
    exported = api.get("/organs/export", format="csv", valid_at="2010-01-01")
    assert exported.status_code == 200
    assert MISTAKE not in exported.get_data(as_text=True)
    then = {"known_at": str(before)}
    was = api.get("/organs/export", format="csv", valid_at="2010-01-01", **then)
    assert MISTAKE in was.get_data(as_text=True)
    assert in_tree(api, mistake, **then)
    known = api.get(f"/organs/{mistake}", valid_at="2010-01-01", **then)
    assert known.status_code == 200
    assert known.get_json()["name"] == MISTAKE
    history = api.get(f"/organs/{mistake}/history")
    assert history.status_code == 200, history.get_json()
    entries = history.get_json()["items"]
    assert [h["event_type"] for h in entries] == ["Organ.Established", "Organ.ChangeAnnulled"]
    assert entries[1]["annuls"] == entries[0]["position"]
    assert entries[1]["reason"] == WHY


def test_every_write_naming_an_annulled_organ_is_refused(api: Api, story: dict[str, Any]) -> None:
    assert annul(api, story).status_code == 200
    mistake, registration = story["mistake"], story["registration"]
    body = {"decision_id": registration, "reason": WHY}
    for path, sent in (
        (f"/organs/{mistake}/changes/1/annulment", body),
        (f"/organs/{mistake}/changes/1/correction", {**body, "name": "Annat"}),
        (f"/organs/{mistake}/renamings", {"name": "Annat", "effective_on": "2010-01-01",
                                           "decision_id": registration}),
        (f"/organs/{mistake}/dissolution", {"effective_on": "2010-01-01",
                                             "decision_id": registration}),
    ):  # fmt: skip
        before = api.store_position()
        assert api.post(path, sent).status_code == 404, path
        assert api.store_position() == before
    child = {"name": "Utskott", "kind": "subcommittee", "effective_on": "2010-01-01",
             "decision_id": registration, "parent_id": mistake}  # fmt: skip
    refused(api, "/organs", child, 422, "parent_id")
    decision = {"decided_on": "2010-01-01", "title": "Beslut", "organ_id": mistake,
                "decision_type": "meeting_decision"}  # fmt: skip
    refused(api, "/decisions", decision, 422, "organ_id")
    assert api.get(f"/organs/{mistake}/members", valid_at="2010-01-01").status_code == 404


def test_the_parent_is_dissolved_as_if_the_organ_had_never_been(
    api: Api, story: dict[str, Any]
) -> None:
    assert annul(api, story).status_code == 200
    dissolution = {"effective_on": "2011-01-01", "decision_id": story["registration"]}
    dissolved = api.post(f"/organs/{story['board']}/dissolution", dissolution)
    assert dissolved.status_code == 200, dissolved.get_json()


def test_an_organ_something_names_cannot_be_annulled(api: Api, story: dict[str, Any]) -> None:
    mistake, registration, region = story["mistake"], story["registration"], story["region"]
    child = api.organ("Utskottet", "subcommittee", registration, parent_id=mistake)
    assert "a child organ" in referenced(api, story)
    assert child in referenced(api, story)
    seat = appoint(api, mistake, person(api, "Anna"), "2010-01-01", registration)
    detail = referenced(api, story)
    assert f"a seat in it ({seat})" in detail
    assert f"a child organ ({story['board']})" in referenced(api, story, region)
    other = api.organ("Annan nämnd", "committee", registration, parent_id=story["board"])
    assert api.post(f"/organs/{other}/changes/1/annulment",
                    {"decision_id": registration, "reason": WHY}).status_code == 200  # fmt: skip
    assert api.get(f"/organs/{other}", valid_at="2010-01-01").status_code == 404


@pytest.mark.parametrize("thing", ["decision", "plan", "item", "indicator", "assignment",
                                   "principal", "seat", "succession", "mandate"])  # fmt: skip
def test_each_kind_of_thing_naming_the_organ_is_named(
    api: Api, story: dict[str, Any], thing: str
) -> None:
    mistake, registration = story["mistake"], story["registration"]
    expected = {
        "decision": "a decision it took",
        "plan": "a plan it owns",
        "item": "a plan item it owns",
        "indicator": "an indicator of it",
        "assignment": "an assignment to it",
        "principal": "a collaboration it is a principal of",
        "seat": "a seat representing it",
        "succession": "an organ it succeeds",
        "mandate": "its mandate",
    }[thing]
    if thing == "decision":
        api.decision(organ_id=mistake, decided_on="2010-01-01", decision_type="meeting_decision")
    if thing == "plan":
        api.plan_with_indicator(registration, mistake)
    if thing in ("item", "indicator"):
        plan, _, _ = api.plan_with_indicator(registration, story["region"])
        owners = [{"role": "lead_organ", "organ_id": mistake}] if thing == "item" else []
        item = api.created(f"/plans/{plan}/items", {"kind": "goal", "title": "Mål 2",
                           "effective_on": "2024-01-01", "owners": owners})["id"]  # fmt: skip
        if thing == "indicator":
            api.created("/indicators", {"plan_item_id": item, "name": "Mått", "unit": "st",
                        "direction": "higher_is_better", "periodicity": "tertial",
                        "subject_organ_id": mistake})  # fmt: skip
    if thing == "assignment":
        decision = api.decision(decided_on="2010-01-01")
        give(api, decision, mistake, due_on="2011-01-01")
    if thing in ("principal", "seat"):
        other = api.organ("VästKom", "external_party", registration)
        vvg = api.organ("VVG", "collaboration", registration, effective_on="2010-01-01",
                        principal_ids=[mistake, other])  # fmt: skip
        if thing == "seat":
            appoint(api, vvg, person(api, "Anna"), "2010-01-01", registration,
                    representing_id=mistake)  # fmt: skip
    if thing == "succession":
        old = api.organ("Gamla nämnden", "committee", registration, parent_id=story["board"])
        dissolution = {"effective_on": "2010-01-01", "decision_id": registration,
                       "successor_ids": [mistake]}  # fmt: skip
        assert api.post(f"/organs/{old}/dissolution", dissolution).status_code == 200
    if thing == "mandate":
        body = {"mandate_type": "mandate_document", "purpose": "Vården",
                "effective_on": "2010-01-01", "decision_id": registration}  # fmt: skip
        response = api.client.put(f"/api/v1/organs/{mistake}/mandate", json=body)
        assert response.status_code == 200, response.get_json()
        api.position = response.get_json()["position"]
    assert expected in referenced(api, story)


def test_an_import_naming_an_annulled_organ_is_refused_naming_its_key(api: Api) -> None:
    rows = [
        {"record": "decision", "key": "reg", "decided_on": "1998-06-01",
         "title": "Registrering", "decision_type": "registration"},
        {"record": "organ", "key": "vgr", "name": "Västra Götalandsregionen",
         "kind": "region", "effective_on": "1999-01-01", "decision": "reg"},
        {"record": "organ", "key": "fel", "name": MISTAKE, "kind": "committee",
         "parent": "vgr", "effective_on": "2010-01-01", "decision": "reg"},
    ]  # fmt: skip
    assert api.post("/imports", {"rows": rows}).status_code == 201
    listed = api.get("/organs", q="Felregistrerade", valid_at="2010-01-01").get_json()["items"]
    (mistake,) = [o["id"] for o in listed]
    registration = api.get(f"/organs/{mistake}/history").get_json()["items"][0]["decision_id"]
    story = {"mistake": mistake, "registration": registration}
    assert annul(api, story).status_code == 200
    before = api.store_position()
    again = api.post("/imports", {"rows": rows})
    assert again.status_code == 422, again.get_json()
    problem = again.get_json()
    assert list(problem["errors"]) == ["rows.3.key"], problem
    assert "annulled" in problem["errors"]["rows.3.key"][0]
    assert api.store_position() == before
