"""Bad input gets a precise RFC 9457 problem naming the field, and writes nothing."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from tests.api.conftest import Api


@pytest.fixture
def base(api: Api) -> dict[str, str]:
    registration = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", registration)
    committee = api.organ(
        "Hälso- och sjukvårdsnämnden", "committee", registration, parent_id=region
    )
    return {"decision": registration, "region": region, "committee": committee}


def organ_body(base: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Nämnd",
        "kind": "committee",
        "parent_id": base["region"],
        "effective_on": "2010-01-01",
        "decision_id": base["decision"],
    }
    return {**body, **fields}


def assert_problem(
    api: Api, response: Any, status: int, field: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem: dict[str, Any] = response.get_json()
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    assert problem["type"]
    if field is not None:
        assert field in problem["errors"], problem
    return problem


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"effective_on": "2017-13-01"}, "effective_on"),
        ({"effective_on": None}, "effective_on"),
        ({"kind": "nämnd"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"parent_id": "not-a-uuid"}, "parent_id"),
        ({"decision_id": str(uuid.uuid4())}, "decision_id"),
        ({"parent_id": str(uuid.uuid4())}, "parent_id"),
        ({"group_type": "function_group"}, "group_type"),
        ({"kind": "group"}, "group_type"),
        ({"unexpected": 1}, "unexpected"),
        ({"principal_ids": [str(uuid.uuid4())]}, "principal_ids"),
    ],
)
def test_bad_new_organ_is_422_naming_the_field(
    api: Api, base: dict[str, str], fields: dict[str, Any], field: str
) -> None:
    before = api.store_position()
    response = api.post("/organs", organ_body(base, **fields))
    assert_problem(api, response, 422, field)
    assert api.store_position() == before


def test_missing_name_is_422(api: Api, base: dict[str, str]) -> None:
    body = organ_body(base)
    del body["name"]
    assert_problem(api, api.post("/organs", body), 422, "name")


def test_body_that_is_not_json_is_400(api: Api) -> None:
    response = api.client.post("/api/v1/organs", data="{not json", content_type="application/json")
    assert_problem(api, response, 400)


def test_body_that_is_not_an_object_is_400(api: Api) -> None:
    assert_problem(api, api.post("/organs", ["a", "list"]), 400)


def test_body_sent_as_a_form_is_400(api: Api) -> None:
    response = api.client.post("/api/v1/organs", data={"name": "x"})
    assert_problem(api, response, 400)


def test_unknown_organ_in_path_is_404(api: Api, base: dict[str, str]) -> None:
    body = {"name": "Ny", "effective_on": "2012-01-01", "decision_id": base["decision"]}
    assert_problem(api, api.post(f"/organs/{uuid.uuid4()}/renamings", body), 404)
    assert_problem(api, api.get(f"/organs/{uuid.uuid4()}"), 404)
    assert_problem(api, api.get(f"/organs/{uuid.uuid4()}/history"), 404)
    assert_problem(api, api.get(f"/decisions/{uuid.uuid4()}"), 404)


def test_path_id_that_is_not_a_uuid_is_404(api: Api) -> None:
    assert_problem(api, api.get("/organs/nämnden"), 404)


def test_renaming_a_dissolved_organ_is_409(api: Api, base: dict[str, str]) -> None:
    change = {"effective_on": "2015-01-01", "decision_id": base["decision"]}
    assert api.post(f"/organs/{base['committee']}/dissolution", change).status_code == 200
    before = api.store_position()
    problem = assert_problem(
        api, api.post(f"/organs/{base['committee']}/renamings", {**change, "name": "Ny"}), 409
    )
    assert "dissolved from 2015-01-01" in problem["detail"]
    assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
    again = assert_problem(api, api.post(f"/organs/{base['committee']}/dissolution", change), 409)
    assert again["type"] == "urn:styrlogg:problem:already-dissolved"
    assert api.store_position() == before


def test_effective_date_before_the_organ_existed_is_409(api: Api, base: dict[str, str]) -> None:
    body = {"name": "Ny", "effective_on": "1999-12-31", "decision_id": base["decision"]}
    problem = assert_problem(
        api, api.post(f"/organs/{base['committee']}/renamings", body), 409, "effective_on"
    )
    assert "not established until 2000-01-01" in problem["detail"]


def test_a_move_that_makes_a_cycle_is_409(api: Api, base: dict[str, str]) -> None:
    sub = api.organ("Arbetsutskott", "subcommittee", base["decision"], parent_id=base["committee"])
    body = {"parent_id": sub, "effective_on": "2012-01-01", "decision_id": base["decision"]}
    problem = assert_problem(
        api, api.post(f"/organs/{base['committee']}/moves", body), 409, "parent_id"
    )
    assert problem["type"] == "urn:styrlogg:problem:move-would-make-cycle"


def test_a_duplicate_paragraph_is_409(api: Api, base: dict[str, str]) -> None:
    decision = {
        "organ_id": base["committee"],
        "decided_on": "2020-04-02",
        "paragraph": "§26",
        "title": "Användning av medel",
        "decision_type": "meeting_decision",
    }
    assert api.post("/decisions", decision).status_code == 201
    before = api.store_position()
    problem = assert_problem(
        api, api.post("/decisions", {**decision, "paragraph": "§ 26"}), 409, "paragraph"
    )
    assert "already recorded" in problem["detail"]
    assert api.store_position() == before


def test_bad_decisions_are_422_naming_the_field(api: Api, base: dict[str, str]) -> None:
    good = {
        "decided_on": "2020-04-02",
        "title": "Beslut",
        "decision_type": "meeting_decision",
        "organ_id": base["committee"],
    }
    assert_problem(
        api, api.post("/decisions", {**good, "decision_type": "beslut"}), 422, "decision_type"
    )
    assert_problem(api, api.post("/decisions", {**good, "organ_id": None}), 422, "organ_id")
    assert_problem(
        api, api.post("/decisions", {**good, "organ_id": str(uuid.uuid4())}), 422, "organ_id"
    )
    assert_problem(
        api, api.post("/decisions", {**good, "decided_on": "2 april"}), 422, "decided_on"
    )
    assert_problem(api, api.post("/decisions", {**good, "outcome": "ok"}), 422, "outcome")


def test_a_decision_by_an_organ_not_in_existence_on_its_date_is_409(
    api: Api, base: dict[str, str]
) -> None:
    """Issue 16: a LiSA decision dated after LiSA was dissolved, an HSN decision dated
    before HSN was established, are refused."""
    dissolution = {"effective_on": "2015-01-01", "decision_id": base["decision"]}
    assert api.post(f"/organs/{base['committee']}/dissolution", dissolution).status_code == 200
    good = {"title": "Beslut", "decision_type": "meeting_decision", "organ_id": base["committee"]}
    before = api.store_position()
    for decided_on, said in (
        ("1999-12-31", "not established until 2000-01-01"),
        ("2015-01-01", "dissolved from 2015-01-01"),
        ("2019-06-12", "dissolved from 2015-01-01"),
    ):
        response = api.post("/decisions", {**good, "decided_on": decided_on})
        problem = assert_problem(api, response, 409, "organ_id")
        assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
        assert said in problem["detail"], problem
    assert api.store_position() == before
    assert api.post("/decisions", {**good, "decided_on": "2014-12-31"}).status_code == 201


@pytest.mark.parametrize(
    ("kind", "fields", "takes"),
    [
        ("preparatory_committee", {}, ["recommendation"]),
        ("group", {"group_type": "coordinating_group"}, ["recommendation", "group_position"]),
    ],
)
def test_an_organ_that_decides_nothing_takes_no_decision_proper(
    api: Api, base: dict[str, str], kind: str, fields: dict[str, str], takes: list[str]
) -> None:
    """Seed 001: a beredning has "ingen beslutsrätt"; seed 002: "Grupperna i sig fattar inga
    beslut". Each takes a recommendation, a group a group position."""
    organ = api.organ("Beredning", kind, base["decision"], parent_id=base["region"], **fields)
    good = {"title": "Ställningstagande", "decided_on": "2020-04-02", "organ_id": organ}
    before = api.store_position()
    for decision_type in ("meeting_decision", "delegated", "executive", "chair_urgent"):
        response = api.post("/decisions", {**good, "decision_type": decision_type})
        problem = assert_problem(api, response, 409, "decision_type")
        assert problem["type"] == "urn:styrlogg:problem:organ-decides-nothing"
        assert kind in problem["detail"], problem
    assert api.store_position() == before
    for decision_type in takes:
        taken = api.post("/decisions", {**good, "decision_type": decision_type})
        assert taken.status_code == 201, taken.get_json()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"valid_at": "igår"}, "valid_at"),
        ({"known_at": "2020-01-01"}, "known_at"),
        ({"known_at": "2020-01-01T10:00:00"}, "known_at"),
        ({"known_at": "yesterday"}, "known_at"),
        ({"min_position": "-1"}, "min_position"),
        ({"limit": "0"}, "limit"),
        ({"kind": "board"}, "kind"),
        ({"cursor": "garbage"}, "cursor"),
    ],
)
def test_bad_read_arguments_are_422_naming_the_field(
    api: Api, params: dict[str, str], field: str
) -> None:
    assert_problem(api, api.client.get("/api/v1/organs", query_string=params), 422, field)


def test_unreached_min_position_is_503_with_retry_after(api: Api) -> None:
    api.container.settings = replace(api.container.settings, min_position_timeout_seconds=0.1)
    response = api.client.get("/api/v1/organs", query_string={"min_position": 10**9})
    assert_problem(api, response, 503)
    assert response.headers["Retry-After"]


def test_unknown_route_and_method_are_problems(api: Api) -> None:
    assert_problem(api, api.client.get("/api/v1/nothing-here"), 404)
    assert_problem(api, api.client.delete("/api/v1/organs"), 405)
