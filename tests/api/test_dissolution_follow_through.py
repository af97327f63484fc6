"""Seats and mandate follow a corrected or annulled dissolution (issue #16): the ends and the
withdrawal the dissolution made move with it in the same save; a seat ended on its own
before keeps its end, and one ended on its own after, which the dissolution cut short, gets
its own end back when the dissolution moves past it or is annulled."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.test_composition_over_http import appoint, members, person
from tests.api.test_mandates_over_http import MANDATE, put, setting_up

WHY = "Datum felregistrerat i beslutet"


def dissolved_group(api: Api) -> dict[str, Any]:
    """The coordinating group with a mandate from 2024-05-31 and three seats, dissolved
    from 2026-01-01: Anna held until then, Bertil ended on his own from 2025-03-01,
    Cecilia's own end from 2027-01-01 cut short by the dissolution."""
    group, _, decision = setting_up(api)
    issued = put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    assert issued.status_code == 200, issued.get_json()
    anna = appoint(api, group, person(api, "Anna"), "2024-06-01", decision)
    bertil = appoint(api, group, person(api, "Bertil"), "2024-06-01", decision)
    cecilia = appoint(api, group, person(api, "Cecilia"), "2024-06-01", decision)
    for seat, on in ((bertil, "2025-03-01"), (cecilia, "2027-01-01")):
        ended = api.post(
            f"/organs/{group}/members/{seat}/end", {"effective_on": on, "decision_id": decision}
        )
        assert ended.status_code == 200, ended.get_json()
    dissolved = api.post(
        f"/organs/{group}/dissolution", {"effective_on": "2026-01-01", "decision_id": decision}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    return {
        "group": group,
        "decision": decision,
        "seats": {anna: "Anna", bertil: "Bertil", cecilia: "Cecilia"},
        "dissolution": dissolved.get_json()["version"],
        "before": api.store_position(),
    }


def seated(api: Api, story: dict[str, Any], valid_at: str, **params: Any) -> dict[str, Any]:
    """Who sits on `valid_at`, and until when."""
    found = members(api, story["group"], valid_at=valid_at, **params)["members"]
    return {m["person_name"]: m["ended_on"] for m in found}


def mandate(api: Api, story: dict[str, Any], valid_at: str, **params: Any) -> int | None:
    response = api.get(f"/organs/{story['group']}/mandate", valid_at=valid_at, **params)
    assert response.status_code == 200, response.get_json()
    found = response.get_json()["mandate"]
    return None if found is None else int(found["version"])


def correct(api: Api, story: dict[str, Any], effective_on: str) -> int:
    response = api.post(
        f"/organs/{story['group']}/dissolution",
        {"effective_on": effective_on, "decision_id": story["decision"], "reason": WHY},
    )
    assert response.status_code == 200, response.get_json()
    return int(response.get_json()["position"])


def seat_events(api: Api, story: dict[str, Any], after: int) -> list[tuple[str, str, str]]:
    """The composition's and mandate's events recorded after `after`: type, person, date."""
    items = api.get(f"/organs/{story['group']}/history").get_json()["items"]
    return [
        (h["event_type"], story["seats"].get(h["data"].get("seat_id"), "-"), h["effective_on"])
        for h in items
        if h["position"] > after and h["aggregate_type"] in ("Composition", "Mandate")
    ]


def test_a_dissolution_corrected_to_a_later_date_keeps_seats_and_mandate_until_then(
    api: Api,
) -> None:
    story = dissolved_group(api)
    before = story["before"]
    position = correct(api, story, "2026-07-01")

    assert seated(api, story, "2026-03-01") == {"Anna": "2026-07-01", "Cecilia": "2026-07-01"}
    assert seated(api, story, "2026-07-01") == {}
    assert seated(api, story, "2026-03-01", known_at=before) == {}
    assert seated(api, story, "2025-12-31", known_at=before) == {
        "Anna": "2026-01-01",
        "Cecilia": "2026-01-01",
    }
    assert mandate(api, story, "2026-03-01") == 1
    assert mandate(api, story, "2026-07-01") is None
    assert mandate(api, story, "2026-03-01", known_at=before) is None
    # In the correction's own save: each end the dissolution made corrected, the mandate's
    # withdrawal corrected, Bertil's own earlier end untouched.
    assert sorted(seat_events(api, story, before)) == [
        ("Composition.SeatEndCorrected", "Anna", "2026-07-01"),
        ("Composition.SeatEndCorrected", "Cecilia", "2026-07-01"),
        ("Mandate.WithdrawalCorrected", "-", "2026-07-01"),
    ]
    history = api.get(f"/organs/{story['group']}/history").get_json()["items"]
    assert all(h["position"] <= position for h in history)
    ended = {
        h["data"]["seat_id"]: h["position"]
        for h in history
        if h["event_type"] == "Composition.SeatEnded" and h["effective_on"] == "2026-01-01"
    }
    corrections = [h for h in history if h["event_type"] == "Composition.SeatEndCorrected"]
    assert {h["corrects"] for h in corrections} == set(ended.values())
    assert {(h["reason"], h["decision_id"]) for h in corrections} == {(WHY, story["decision"])}


def test_a_dissolution_moved_past_a_seats_own_end_gives_it_that_end_back(api: Api) -> None:
    story = dissolved_group(api)
    correct(api, story, "2027-06-01")

    assert seated(api, story, "2026-12-31") == {"Anna": "2027-06-01", "Cecilia": "2027-01-01"}
    assert seated(api, story, "2027-03-01") == {"Anna": "2027-06-01"}
    assert mandate(api, story, "2027-05-31") == 1


def test_a_dissolution_corrected_to_an_earlier_date_ends_seats_and_mandate_then(
    api: Api,
) -> None:
    story = dissolved_group(api)
    before = story["before"]
    correct(api, story, "2025-07-01")

    assert seated(api, story, "2025-06-30") == {"Anna": "2025-07-01", "Cecilia": "2025-07-01"}
    assert seated(api, story, "2025-09-01") == {}
    assert seated(api, story, "2025-09-01", known_at=before) == {
        "Anna": "2026-01-01",
        "Cecilia": "2026-01-01",
    }
    assert seated(api, story, "2025-02-01") == {
        "Anna": "2025-07-01",
        "Bertil": "2025-03-01",
        "Cecilia": "2025-07-01",
    }
    assert mandate(api, story, "2025-09-01") is None
    assert mandate(api, story, "2025-09-01", known_at=before) == 1
    assert mandate(api, story, "2025-06-30") == 1


def test_an_annulled_dissolution_leaves_seats_held_and_the_mandate_in_force(api: Api) -> None:
    story = dissolved_group(api)
    before = story["before"]
    annulled = api.post(
        f"/organs/{story['group']}/changes/{story['dissolution']}/annulment",
        {"reason": "Beslutet gällde en annan grupp", "decision_id": story["decision"]},
    )
    assert annulled.status_code == 200, annulled.get_json()

    assert seated(api, story, "2026-03-01") == {"Anna": None, "Cecilia": "2027-01-01"}
    assert seated(api, story, "2030-01-01") == {"Anna": None}
    assert seated(api, story, "2026-03-01", known_at=before) == {}
    assert mandate(api, story, "2030-01-01") == 1
    assert mandate(api, story, "2026-03-01", known_at=before) is None
    assert sorted(seat_events(api, story, before)) == [
        ("Composition.SeatEndAnnulled", "Anna", "2026-01-01"),
        ("Composition.SeatEndCorrected", "Cecilia", "2027-01-01"),
        ("Mandate.WithdrawalAnnulled", "-", "2026-01-01"),
    ]
    # The seat can be ended again, as any seat held until further notice.
    anna = next(s for s, name in story["seats"].items() if name == "Anna")
    again = api.post(
        f"/organs/{story['group']}/members/{anna}/end",
        {"effective_on": "2028-01-01", "decision_id": story["decision"]},
    )
    assert again.status_code == 200, again.get_json()


def test_a_dissolution_corrected_to_before_the_seats_or_the_mandate_is_409(api: Api) -> None:
    story = dissolved_group(api)
    for on in ("2024-06-01", "2024-05-31"):  # the seats' first day, the mandate's
        response = api.post(
            f"/organs/{story['group']}/dissolution",
            {"effective_on": on, "decision_id": story["decision"], "reason": WHY},
        )
        assert response.status_code == 409, response.get_json()
        assert "effective_on" in response.get_json()["errors"]
        assert api.store_position() == story["before"]
    assert seated(api, story, "2025-12-31") == {"Anna": "2026-01-01", "Cecilia": "2026-01-01"}


def test_a_dissolution_corrected_to_a_mandate_versions_date_is_409(api: Api) -> None:
    group, _, decision = setting_up(api)
    for body in (
        {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision},
        {**MANDATE, "meetings_per_year": 8, "effective_on": "2025-06-01", "decision_id": decision},
    ):
        assert put(api, group, body).status_code == 200
    path = f"/organs/{group}/dissolution"
    assert (
        api.post(path, {"effective_on": "2026-01-01", "decision_id": decision}).status_code == 200
    )
    before = api.store_position()
    response = api.post(
        path, {"effective_on": "2025-06-01", "decision_id": decision, "reason": WHY}
    )
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["type"] == "urn:styrlogg:problem:mandate-out-of-order"
    assert "effective_on" in response.get_json()["errors"]
    assert api.store_position() == before
    assert correct(api, {"group": group, "decision": decision}, "2025-06-02")
    response = api.get(f"/organs/{group}/mandate", valid_at="2025-06-01")
    assert response.get_json()["mandate"]["version"] == 2
    assert api.get(f"/organs/{group}/mandate", valid_at="2025-06-02").get_json()["mandate"] is None
