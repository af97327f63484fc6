"""An answer is sent `immutable` only when it cannot change: an explicit `valid_at`, a
position every projection read has reached, and nothing counted from today."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def organs(api: Api) -> dict[str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    for name in ("Funktionsgrupp A", "Funktionsgrupp B", "Funktionsgrupp C"):
        api.organ(name, "group", registration, parent_id=region, group_type="function_group")
    return {"decision": registration, "region": region}


def cache_control(api: Api, path: str, **params: Any) -> str:
    response = api.get(path, **params)
    assert response.status_code == 200, response.get_json()
    return str(response.headers["Cache-Control"])


def test_an_answer_at_the_default_valid_at_is_not_immutable(
    api: Api, organs: dict[str, str]
) -> None:
    # valid_at defaults to today: the same request answers differently tomorrow.
    reached = str(api.position)
    organ = f"/organs/{organs['region']}"
    assert cache_control(api, organ, known_at=reached) == "no-cache"
    assert cache_control(api, organ, known_at=reached, valid_at="2021-01-01") == IMMUTABLE
    assert cache_control(api, "/organs/tree", known_at=reached) == "no-cache"
    assert cache_control(api, "/organs/tree", known_at=reached, valid_at="2021-01-01") == IMMUTABLE


def test_a_position_the_projections_have_not_reached_is_not_immutable(
    api: Api, organs: dict[str, str]
) -> None:
    beyond = str(api.store_position() + 1000)
    organ = f"/organs/{organs['region']}"
    assert cache_control(api, organ, known_at=beyond, valid_at="2021-01-01") == "no-cache"
    assert cache_control(api, organ, valid_at="2021-01-01") == "no-cache"  # known_at: now


def test_an_answer_that_names_people_is_never_stored(api: Api, organs: dict[str, str]) -> None:
    person = api.created("/people", {"name": "Anna Ansson"})["id"]
    appointed = api.post(
        f"/organs/{organs['region']}/members",
        {"person_id": person, "role": "member", "effective_on": "2020-01-01",
         "decision_id": organs["decision"]},
    )  # fmt: skip
    assert appointed.status_code == 201, appointed.get_json()
    pinned = {"known_at": str(api.position), "valid_at": "2021-01-01"}
    for path in (f"/people/{person}", f"/organs/{organs['region']}/members", "/presidium"):
        assert cache_control(api, path, **pinned) == "private, no-store", path


def test_later_pages_are_immutable_exactly_when_the_first_was(
    api: Api, organs: dict[str, str]
) -> None:
    reached = str(api.position)
    for params, expected in (
        ({"known_at": reached, "valid_at": "2021-01-01"}, IMMUTABLE),
        ({"known_at": reached}, "no-cache"),  # valid_at defaulted
        ({"valid_at": "2021-01-01"}, "no-cache"),  # known_at now
    ):
        first = api.get("/organs", kind="group", limit=2, **params)
        assert first.headers["Cache-Control"] == expected, params
        second = api.get("/organs", kind="group", limit=2, cursor=first.get_json()["next_cursor"])
        assert [o["name"] for o in second.get_json()["items"]] == ["Funktionsgrupp C"]
        assert second.headers["Cache-Control"] == expected, params


def test_a_report_with_a_deadline_counts_days_from_today_so_is_not_immutable(
    api: Api, organs: dict[str, str]
) -> None:
    plan = api.created(
        "/plans",
        {"name": "Verksamhetsplan", "kind": "operational_plan", "owner_organ_id": organs["region"],
         "valid_from": "2024-01-01", "effective_on": "2023-12-01",
         "decision_id": organs["decision"]},
    )["id"]  # fmt: skip
    report = f"/plans/{plan}/report"
    assert cache_control(api, report, period="2024-T2", known_at=str(api.position)) == IMMUTABLE
    deadline = api.client.put(
        f"/api/v1/plans/{plan}/periods/2024-T2", json={"due_on": "2024-09-15"}
    )
    assert deadline.status_code == 200, deadline.get_json()
    api.position = deadline.get_json()["position"]
    answer = api.get(report, period="2024-T2", known_at=str(api.position))
    assert answer.get_json()["days_left"] is not None
    assert answer.headers["Cache-Control"] == "no-cache"


def test_changes_between_pinned_positions_are_immutable_and_name_no_valid_at(
    api: Api, organs: dict[str, str]
) -> None:
    reached = str(api.position)
    pinned = api.get("/changes", **{"from": "1", "to": reached, "limit": 2})
    assert pinned.headers["Cache-Control"] == IMMUTABLE
    assert pinned.get_json()["as_of"]["valid_at"] is None  # it would say today, and change
    rest = api.get("/changes", cursor=pinned.get_json()["next_cursor"])
    assert rest.headers["Cache-Control"] == IMMUTABLE
    assert cache_control(api, "/changes", **{"from": "1"}) == "no-cache"  # to: now
    unpinned = api.get("/changes", limit=2, **{"from": str(api.store_position() + 1000)})
    assert unpinned.headers["Cache-Control"] == "no-cache"


def test_the_event_feed_is_never_sent_as_unchanging(api: Api, organs: dict[str, str]) -> None:
    assert api.client.get("/api/v1/events").headers["Cache-Control"] == "no-cache"
    full = api.client.get("/api/v1/events", query_string={"limit": 1})
    assert full.headers["Cache-Control"] == "no-cache"
