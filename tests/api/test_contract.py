"""The API answers what it documents and takes only what it says it takes: the published
OpenAPI document fits the answers, 405 names the allowed methods, a CSV names its charset
once, a malformed CSV row is named, `q` is text, dates are `YYYY-MM-DD` and times RFC 3339
in ASCII digits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, put, setting_up
from tests.support.openapi import mismatches

ZELDA = {"name": "Zelda Zorkmoid", "title": "Sekreterare"}
ARABIC_12 = "\u0661\u0662"  # Arabic-Indic digits
FULLWIDTH_12 = "\uff11\uff12"
FULLWIDTH_2024 = "\uff12\uff10\uff12\uff14"


def spec(api: Api) -> dict[str, Any]:
    document: dict[str, Any] = api.client.get("/api/v1/openapi.json").get_json()
    return document


def test_a_person_is_answered_as_the_document_says(api: Api) -> None:
    document = spec(api)
    registered = api.post("/people", ZELDA)
    assert mismatches(document, "POST", "/api/v1/people", registered) == []
    person = registered.get_json()["id"]
    read = api.get(f"/people/{person}")
    assert read.status_code == 200
    assert mismatches(document, "GET", "/api/v1/people/{person_id}", read) == []
    assert read.get_json()["as_of"]["position"] == api.position
    erased = api.post(f"/people/{person}/erasure", {"reason": "Begäran"})
    assert mismatches(document, "POST", "/api/v1/people/{person_id}/erasure", erased) == []
    after = api.get(f"/people/{person}")
    assert mismatches(document, "GET", "/api/v1/people/{person_id}", after) == []
    parameters = document["paths"]["/api/v1/people/{person_id}"]["get"]["parameters"]
    known_at = next(p for p in parameters if p["name"] == "known_at")
    assert "string" in known_at["schema"]["type"]


def test_an_import_answers_every_documented_status(api: Api) -> None:
    document = spec(api)
    rows = {"rows": [{"record": "person", "key": "zelda", **ZELDA}]}
    dry_run = api.post("/imports?dry_run=true", rows)
    assert (dry_run.status_code, dry_run.get_json()["written"]) == (200, 1)
    assert mismatches(document, "POST", "/api/v1/imports", dry_run) == []
    written = api.post("/imports", rows)
    assert written.status_code == 201
    assert mismatches(document, "POST", "/api/v1/imports", written) == []
    again = api.post("/imports", rows)
    assert (again.status_code, again.get_json()["already"]) == (200, 1)
    assert mismatches(document, "POST", "/api/v1/imports", again) == []


def test_a_method_not_allowed_names_the_allowed_ones_in_a_problem(api: Api) -> None:
    for method, path, allowed in (
        ("DELETE", "/api/v1/people", {"POST"}),
        ("PUT", "/api/v1/organs", {"GET", "POST"}),
        ("POST", "/api/v1/events", {"GET"}),
    ):
        response = api.client.open(path, method=method)
        assert response.status_code == 405, (method, path)
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == 405
        named = {m.strip() for m in response.headers["Allow"].split(",")}
        assert allowed <= named, (path, named)
        assert method not in named


def test_a_csv_export_names_its_charset_once(api: Api) -> None:
    plan, region, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    indicator = api.created(
        "/indicators",
        {"plan_item_id": area, "subject_organ_id": region, "name": "Andel", "unit": "%",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    assert put(api, f"/indicators/{indicator}/outcomes/2024-T1", {"value": 5}).status_code == 200
    for path, params in (
        (f"/indicators/{indicator}/export", {"format": "csv"}),
        (f"/plans/{plan}/report/export", {"format": "csv", "period": "2024-T1"}),
        ("/organs/export", {"format": "csv"}),
        (f"/organs/{region}/members/export", {"format": "csv"}),
        ("/decisions/export", {"format": "csv"}),
        ("/assignments/export", {"format": "csv"}),
    ):
        response = api.get(path, **params)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", path
    documented = spec(api)["paths"]["/api/v1/indicators/{indicator_id}/export"]["get"]
    assert set(documented["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_an_unterminated_quote_in_an_import_csv_is_refused_naming_its_row(api: Api) -> None:
    start = api.store_position()  # the tests' grants
    text = 'record,key,name,title\nperson,a,Anna,Chef\nperson,b,"Bertil,Chef\nperson,c,Cecilia,\n'
    response = api.client.post(
        "/api/v1/imports", data=text.encode(), headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()
    assert list(problem["errors"]) == ["rows.2"], problem
    assert "line 3" in problem["detail"]
    assert "quote" in problem["detail"]
    after_quote = 'record,key,name\nperson,a,"Anna"s\n'
    response = api.client.post(
        "/api/v1/imports", data=after_quote.encode(), headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["rows.1"]
    assert api.store_position() == start  # nothing was written


def test_an_unterminated_quote_in_period_values_is_refused_naming_its_row(api: Api) -> None:
    plan, region, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    indicator = api.created(
        "/indicators",
        {"plan_item_id": area, "subject_organ_id": region, "name": "Andel", "unit": "%",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    before = api.store_position()
    text = f'indicator_id;value;comment\n{indicator};5;"Bra\n{indicator};6;Sämre\n'
    response = api.client.post(
        f"/api/v1/plans/{plan}/periods/2024-T1/values",
        data=text.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["rows.1"]
    assert api.store_position() == before


@pytest.mark.parametrize("wildcard", ["%", "_", "\\"])
def test_like_wildcards_in_q_match_only_themselves(api: Api, wildcard: str) -> None:
    registration = api.decision()
    plain = api.organ("Regionen", "region", registration)
    marked = api.organ(f"Grupp 50{wildcard} ", "group", registration, parent_id=plain,
                       group_type="network")  # fmt: skip
    found = api.get("/organs", q=wildcard, valid_at="2020-01-01")
    assert found.status_code == 200
    assert [o["id"] for o in found.get_json()["items"]] == [marked]
    assert api.get("/organs", q=f"50{wildcard}", valid_at="2020-01-01").get_json()["items"]


@pytest.mark.parametrize(
    "valid_at",
    ["20240101", "2024-W01", "2024-W01-1", "2024-001", FULLWIDTH_2024 + "-01-01", "2024-1-1"],
)
def test_valid_at_is_a_date_written_yyyy_mm_dd(api: Api, valid_at: str) -> None:
    response = api.get("/organs", valid_at=valid_at)
    assert response.status_code == 422, valid_at
    assert "valid_at" in response.get_json()["errors"]


def test_dates_in_bodies_are_written_yyyy_mm_dd(api: Api) -> None:
    before = api.store_position()
    for decided_on in ("20240101", "2024-W01", "2024-W01-1"):
        body = {"decided_on": decided_on, "title": "Beslut", "decision_type": "registration"}
        response = api.post("/decisions", body)
        assert response.status_code == 422, decided_on
        assert "decided_on" in response.get_json()["errors"]
    rows = {"rows": [{"record": "decision", "key": "d", "decided_on": "20240101",
                      "title": "Beslut", "decision_type": "registration"}]}  # fmt: skip
    imported = api.post("/imports", rows)
    assert imported.status_code == 422
    assert list(imported.get_json()["errors"]) == ["rows.1.decided_on"]
    assert api.store_position() == before
    assert api.post("/decisions", {**body, "decided_on": "2024-01-01"}).status_code == 201


@pytest.mark.parametrize(
    "known_at",
    [
        ARABIC_12,  # int() reads them as 12
        FULLWIDTH_12,
        "2024-01-01T00:00:00+0\u0967:00",  # a Devanagari 1
        "20240101T000000Z",
        "2024-01-01T00+01:00",
        "2024-01-01T00:00Z",
        "2024-W01-1T00:00:00Z",
        "2024-01-01T00:00:00,5Z",
        "2024-01-01T00:00:00+0100",
    ],
)
def test_known_at_is_a_position_or_an_rfc_3339_time_in_ascii_digits(
    api: Api, known_at: str
) -> None:
    response = api.get("/organs", known_at=known_at)
    assert response.status_code == 422, known_at
    assert "known_at" in response.get_json()["errors"]
    changes = api.get("/changes", **{"from": known_at, "to": "0"})
    assert changes.status_code == 422, known_at


def test_rfc_3339_times_and_ascii_positions_are_taken(api: Api) -> None:
    for known_at in ("0", "2024-01-01T00:00:00Z", "2024-01-01t00:00:00.25z",
                     "2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00 01:00"):  # fmt: skip
        response = api.get("/organs", known_at=known_at)
        assert response.status_code == 200, (known_at, response.get_json())


def test_positions_and_numbers_in_query_are_ascii_digits(api: Api) -> None:
    for params in (
        {"min_position": ARABIC_12},
        {"limit": FULLWIDTH_12},
        {"limit": "1_0"},
        {"limit": " 10"},
    ):
        response = api.client.get("/api/v1/organs", query_string=params)
        assert response.status_code == 422, params
    assert api.client.get("/api/v1/events", query_string={"after": ARABIC_12}).status_code == 422
    registration = api.decision()
    organ = api.organ("Regionen", "region", registration)
    renamed = api.post(
        f"/organs/{organ}/renamings",
        {"name": "Region", "effective_on": "2021-01-01", "decision_id": registration},
        headers={"If-Match": '"²"'},
    )
    assert renamed.status_code == 412, renamed.get_json()


def test_an_unknown_query_parameter_is_422_naming_it(api: Api) -> None:
    for path in ("/organs", "/organs/tree", "/decisions", "/assignments", "/events"):
        response = api.client.get(f"/api/v1{path}", query_string={"valid_on": "2020-01-01"})
        assert response.status_code == 422, (path, response.get_json())
        assert response.mimetype == "application/problem+json"
        assert "valid_on" in response.get_json()["errors"], path
