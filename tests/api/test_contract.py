"""The API answers what it documents and takes only what it says it takes: the published
OpenAPI document fits the answers, 405 names the allowed methods, a CSV names its charset
once, a malformed CSV row is named, `q` is text, dates are `YYYY-MM-DD` and times RFC 3339
in ASCII digits."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
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
