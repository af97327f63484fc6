"""Conditional writes, paging, the event feed, changes between times, request ids, OpenAPI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api


@pytest.fixture
def base(api: Api) -> dict[str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    return {"decision": registration, "region": region}


def group(api: Api, base: dict[str, str], name: str) -> dict[str, Any]:
    return api.created(
        "/organs",
        {
            "name": name,
            "kind": "group",
            "group_type": "function_group",
            "parent_id": base["region"],
            "effective_on": "2020-01-01",
            "decision_id": base["decision"],
        },
    )


def test_writes_answer_with_etag_and_position(api: Api, base: dict[str, str]) -> None:
    response = api.post(
        "/organs",
        {
            "name": "Funktionsgrupp HR",
            "kind": "group",
            "group_type": "function_group",
            "parent_id": base["region"],
            "effective_on": "2020-01-01",
            "decision_id": base["decision"],
        },
    )
    assert response.status_code == 201
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(response.get_json()["id"])
    assert response.get_json()["position"] == api.store_position()


def test_stale_if_match_is_412_and_writes_nothing(api: Api, base: dict[str, str]) -> None:
    organ = group(api, base, "Funktionsgrupp kanslichefer")
    rename = {
        "name": "Funktionsgrupp kansli",
        "effective_on": "2024-05-31",
        "decision_id": base["decision"],
    }
    first = api.post(f"/organs/{organ['id']}/renamings", rename, headers={"If-Match": '"1"'})
    assert first.status_code == 200, first.get_json()
    assert first.headers["ETag"] == '"2"'
    before = api.store_position()
    stale = api.post(
        f"/organs/{organ['id']}/renamings",
        {**rename, "name": "Annat", "effective_on": "2025-01-01"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert "current version is 2" in stale.get_json()["detail"]
    assert api.store_position() == before


def test_reclassification_holds_from_its_date(api: Api, base: dict[str, str]) -> None:
    organ = group(api, base, "Funktionsgrupp produktionschefer")
    body = {
        "kind": "group",
        "group_type": "coordinating_group",
        "effective_on": "2024-05-31",
        "decision_id": base["decision"],
    }
    assert api.post(f"/organs/{organ['id']}/reclassifications", body).status_code == 200
    before = api.get(f"/organs/{organ['id']}", valid_at="2024-05-30").get_json()
    after = api.get(f"/organs/{organ['id']}", valid_at="2024-06-01").get_json()
    assert (before["group_type"], after["group_type"]) == ("function_group", "coordinating_group")
    assert [v["group_type"] for v in after["versions"]] == ["function_group", "coordinating_group"]


def test_organ_list_pages_with_a_cursor_pinned_to_one_position(
    api: Api, base: dict[str, str]
) -> None:
    for name in ("Funktionsgrupp A", "Funktionsgrupp B", "Funktionsgrupp C"):
        group(api, base, name)
    first = api.get("/organs", kind="group", limit=2, valid_at="2021-01-01").get_json()
    assert [o["name"] for o in first["items"]] == ["Funktionsgrupp A", "Funktionsgrupp B"]
    group(api, base, "Funktionsgrupp Aa")  # recorded after the first page: not on the next
    second = api.get("/organs", kind="group", limit=2, cursor=first["next_cursor"]).get_json()
    assert [o["name"] for o in second["items"]] == ["Funktionsgrupp C"]
    assert second["next_cursor"] is None
    assert second["as_of"]["position"] == first["as_of"]["position"]


def test_event_feed_pages_by_position(api: Api, base: dict[str, str]) -> None:
    group(api, base, "Funktionsgrupp ekonomi")
    everything = api.client.get("/api/v1/events").get_json()["events"]
    grants = [e["position"] for e in everything if e["type"].startswith("Access.")]
    assert grants == list(range(1, len(grants) + 1))  # the tests' grants come first
    after = {"after": len(grants), "limit": 2}
    first = api.client.get("/api/v1/events", query_string=after).get_json()
    assert [e["position"] for e in first["events"]] == sorted(
        e["position"] for e in first["events"]
    )
    assert first["events"][0]["type"] == "Decision.Recorded"
    rest = api.client.get(
        "/api/v1/events", query_string={"after": first["last_position"]}
    ).get_json()
    assert rest["events"][0]["position"] > first["last_position"]
    assert rest["last_position"] == api.store_position()
    established = [e for e in rest["events"] if e["data"].get("name") == "Funktionsgrupp ekonomi"]
    assert established[0]["type"] == "Organ.Established"
    assert established[0]["data"]["group_type"] == "function_group"
    empty = api.client.get(
        "/api/v1/events", query_string={"after": rest["last_position"]}
    ).get_json()
    assert empty == {"events": [], "last_position": rest["last_position"]}


def test_changes_between_two_positions(api: Api, base: dict[str, str]) -> None:
    start = api.position
    organ = group(api, base, "Funktionsgrupp digitalisering")
    end = api.position
    group(api, base, "Funktionsgrupp säkerhet och beredskap")
    changes = api.get("/changes", **{"from": start, "to": end}).get_json()
    assert {(c["event_type"], c["data"].get("name")) for c in changes["items"]} >= {
        ("Organ.Established", "Funktionsgrupp digitalisering")
    }
    assert all(start < c["position"] <= end for c in changes["items"])
    assert organ["id"] in {c["aggregate_id"] for c in changes["items"]}


def test_known_at_as_a_time_long_past_reads_before_everything(
    api: Api, base: dict[str, str]
) -> None:
    past = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    page = api.get("/organs", known_at=past).get_json()
    assert page["items"] == []
    assert page["as_of"]["known_at"] == past


def test_request_id_is_echoed_and_recorded_as_correlation_id(
    api: Api, base: dict[str, str]
) -> None:
    response = api.post(
        "/organs",
        {
            "name": "Funktionsgrupp kommunikation",
            "kind": "group",
            "group_type": "function_group",
            "parent_id": base["region"],
            "effective_on": "2020-01-01",
            "decision_id": base["decision"],
        },
        headers={"X-Request-ID": "req-42"},
    )
    assert response.headers["X-Request-ID"] == "req-42"
    history = api.get(f"/organs/{response.get_json()['id']}/history").get_json()["items"]
    assert history[0]["correlation_id"] == "req-42"


def test_a_pinned_answer_may_be_cached_forever(api: Api, base: dict[str, str]) -> None:
    pinned = api.get("/organs", known_at=str(api.position), valid_at="2021-01-01")
    assert pinned.headers["Cache-Control"].startswith("public")
    assert "no-cache" in api.get("/organs").headers["Cache-Control"]


def test_openapi_document_and_docs_are_served(api: Api) -> None:
    spec = api.client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/organs/{organ_id}/dissolution" in spec["paths"]
    assert spec["components"]["schemas"]["Problem"]["properties"]["detail"]
    assert api.client.get("/api/v1/docs").status_code == 200
    assert api.client.get("/").status_code == 302


def test_health_reports_positions(api: Api, base: dict[str, str]) -> None:
    health = api.get("/health").get_json()
    assert health["store_position"] == api.store_position()
    assert set(health["projections"]) == {
        "audit_trail",
        "decision_register",
        "organ_tree",
        "composition",
        "mandates",
        "assignments",
        "plan_tree",
        "indicator_series",
        "follow_up_report",
        "grants",
    }
