"""Mandates (seed 002): versions in force by date, as known by time, and their differences."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

MANDATE: dict[str, Any] = {
    "mandate_type": "mandate_document",
    "responsibility_area": "Utveckling hälso- och sjukvård",
    "commissioner": {"title": "Regiondirektör"},
    "holder": {"title": "Hälso- och sjukvårdsutvecklingsdirektör"},
    "chair": {"title": "Hälso- och sjukvårdsutvecklingsdirektören eller person utsedd"},
    "purpose": "Gruppen ska bidra till en gemensam styrning inom ansvarsområdet.",
    "tasks": [
        "Bereda och genomföra frågor på uppdrag av koncernledningsgrupp",
        "Vara referensgrupp i olika projekt och utredningar",
    ],
    "co_opted": "Gruppen kan besluta adjungerande grupper.",
    "meetings_per_year": 10,
    "meetings_per_year_approximate": True,
    "reporting_to": [{"title": "Koncernledning hälso- och sjukvård"}],
    "decision_powers": "Beslut fattas i kraft av de mandat som respektive deltagare har.",
}


def setting_up(api: Api) -> tuple[str, str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    group = api.organ(
        "Samordnande grupp för utveckling inom hälso- och sjukvård",
        "group",
        registration,
        group_type="coordinating_group",
        parent_id=region,
    )
    decision = api.decision(
        decided_on="2024-05-31",
        title="Uppdragshandling för samordnande grupp för utveckling inom HoS",
        organ_id=region,
        decision_type="executive",
        case_number="RS 2023-01756",
    )
    return group, region, decision


def put(api: Api, group: str, body: dict[str, Any], **headers: str) -> Any:
    response = api.client.put(f"/api/v1/organs/{group}/mandate", json=body, headers=headers)
    if response.status_code < 300:
        api.position = max(api.position, response.get_json()["position"])
    return response


def test_versions_in_force_by_date_and_as_known(api: Api) -> None:
    group, _, decision = setting_up(api)
    first = put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    assert first.status_code == 200, first.get_json()
    assert (first.get_json()["version"], first.get_json()["written"]) == (1, True)
    before_revision = api.store_position()
    revised = {
        **MANDATE,
        "meetings_per_year": 8,
        "meetings_per_year_approximate": False,
        "tasks": [*MANDATE["tasks"][:1], "Följa upp genomförandeplanen"],
        "effective_on": "2025-01-01",
        "decision_id": decision,
    }
    second = put(api, group, revised, **{"If-Match": first.headers["ETag"]})
    assert second.status_code == 200, second.get_json()
    assert second.get_json()["version"] == 2

    def in_force(valid_at: str, **params: Any) -> Any:
        response = api.get(f"/organs/{group}/mandate", valid_at=valid_at, **params)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["mandate"]

    assert in_force("2024-05-30") is None
    v1 = in_force("2024-06-01")
    assert (v1["version"], v1["meetings_per_year"], v1["valid_to"]) == (1, 10, "2025-01-01")
    assert v1["commissioner"] == {"title": "Regiondirektör", "person_id": None}
    assert in_force("2025-06-01")["version"] == 2
    # As known before the revision was recorded, version 1 was in force with no end.
    known_then = in_force("2025-06-01", known_at=before_revision)
    assert (known_then["version"], known_then["valid_to"]) == (1, None)

    versions = api.get(f"/organs/{group}/mandate/versions").get_json()["versions"]
    assert [(v["version"], v["effective_on"]) for v in versions] == [
        (1, "2024-05-31"),
        (2, "2025-01-01"),
    ]
    diff = api.get(f"/organs/{group}/mandate/diff", **{"from": 1, "to": 2}).get_json()
    changed = {c["field"]: c for c in diff["changes"]}
    assert set(changed) == {"tasks", "meetings_per_year", "meetings_per_year_approximate"}
    assert (changed["meetings_per_year"]["from"], changed["meetings_per_year"]["to"]) == (10, 8)
    assert changed["tasks"]["added"] == ["Följa upp genomförandeplanen"]
    assert changed["tasks"]["removed"] == ["Vara referensgrupp i olika projekt och utredningar"]

    history = api.get(f"/organs/{group}/history").get_json()["items"]
    issued = [h for h in history if h["event_type"] == "Mandate.Issued"]
    assert [(h["effective_on"], h["decision_id"]) for h in issued] == [
        ("2024-05-31", decision),
        ("2025-01-01", decision),
    ]


def test_sending_the_same_version_again_writes_nothing(api: Api) -> None:
    group, _, decision = setting_up(api)
    body = {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision}
    assert put(api, group, body).status_code == 200
    position = api.store_position()
    again = put(api, group, body)
    assert again.status_code == 200
    assert (again.get_json()["version"], again.get_json()["written"]) == (1, False)
    assert api.store_position() == position
    same_text_later = put(api, group, {**body, "effective_on": "2025-01-01"})
    assert same_text_later.status_code == 409
    assert api.store_position() == position


def test_withdrawal_leaves_no_mandate_in_force(api: Api) -> None:
    group, _, decision = setting_up(api)
    put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    change = {"effective_on": "2024-05-31", "decision_id": decision}
    assert api.post(f"/organs/{group}/mandate/withdrawal", change).status_code == 409
    withdrawn = api.post(
        f"/organs/{group}/mandate/withdrawal", {**change, "effective_on": "2026-01-01"}
    )
    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert withdrawn.get_json()["withdrawn"] is True
    assert api.get(f"/organs/{group}/mandate", valid_at="2026-01-01").get_json()["mandate"] is None
    still = api.get(f"/organs/{group}/mandate", valid_at="2025-12-31").get_json()["mandate"]
    assert still["valid_to"] == "2026-01-01"
    again = api.post(
        f"/organs/{group}/mandate/withdrawal", {**change, "effective_on": "2027-01-01"}
    )
    assert again.status_code == 409


def test_a_dissolution_ends_the_mandate(api: Api) -> None:
    group, _, decision = setting_up(api)
    put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    dissolved = api.post(
        f"/organs/{group}/dissolution", {"effective_on": "2026-01-01", "decision_id": decision}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    mandate = api.get(f"/organs/{group}/mandate", valid_at="2025-12-31").get_json()["mandate"]
    assert mandate["valid_to"] == "2026-01-01"


def test_bad_mandates_are_refused_and_write_nothing(api: Api) -> None:
    group, region, decision = setting_up(api)
    put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    position = api.store_position()
    unknown = "00000000-0000-4000-8000-000000000000"
    body = {**MANDATE, "effective_on": "2025-01-01", "decision_id": decision}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**body, "mandate_type": "wish_list"}, 422, "mandate_type"),
        (
            {**body, "commissioner": {"title": "Regiondirektör", "person_id": unknown}},
            422,
            "commissioner.person_id",
        ),
        (
            {**body, "participants": [{"organ_id": unknown, "function_title": "Utvecklingschef"}]},
            422,
            "participants.organ_id",
        ),
        ({**body, "participants": [{"organ_id": region}]}, 422, "participants.0.function_title"),
        ({**body, "meetings_per_year": "tio"}, 422, "meetings_per_year"),
        ({**body, "effective_on": "2024-01-01", "purpose": "Ny"}, 409, "effective_on"),
        ({**body, "decision_id": unknown}, 422, "decision_id"),
        ({k: v for k, v in body.items() if k != "effective_on"}, 422, "effective_on"),
    ]
    for sent, status, field in cases:
        response = put(api, group, sent)
        assert response.status_code == status, (sent, response.get_json())
        assert field in response.get_json()["errors"], (field, response.get_json())
    assert put(api, unknown, body).status_code == 404
    stale = put(api, group, {**body, "purpose": "Ny"}, **{"If-Match": '"1"'})
    assert stale.status_code == 412
    assert api.store_position() == position

    assert api.get(f"/organs/{unknown}/mandate").status_code == 404
    missing = api.get(f"/organs/{group}/mandate/diff", **{"from": 1, "to": 5})
    assert missing.status_code == 422
    assert "to" in missing.get_json()["errors"]
    assert api.get(f"/organs/{group}/mandate/diff", **{"from": 1}).status_code == 422
