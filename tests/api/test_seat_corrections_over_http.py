"""Seats recorded by mistake (issue #16): a seat annulled, a seat's end corrected or
annulled; as known before, the original; as known after, the correction; history both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.api.conftest import Api
from tests.api.test_composition_over_http import appoint, members, person, setting_up

IMPORT = Path(__file__).parent.parent / "data" / "import_lisa_2016.json"


def history(api: Api, organ: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(f"/organs/{organ}/history").get_json()["items"]
    return items


def refused(api: Api, path: str, body: dict[str, Any], status: int, field: str) -> str:
    """Posts a request that must be refused, naming `field`, writing nothing; its type."""
    before = api.store_position()
    response = api.post(path, body)
    assert response.status_code == status, (path, body, response.get_json())
    problem: dict[str, Any] = response.get_json()
    assert response.content_type == "application/problem+json"
    assert field in problem.get("errors", {}), problem
    assert api.store_position() == before
    return str(problem["type"])


def test_an_annulled_seat_is_in_no_reading_as_known_after_and_in_every_one_before(
    api: Api,
) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val till VVG", organ_id=region)
    anna, bertil = person(api, "Anna"), person(api, "Bertil")
    mistaken = appoint(api, vvg, anna, "2017-01-01", decision, presidium_role="chair")
    appoint(api, vvg, bertil, "2017-01-01", decision)
    path = f"/organs/{vvg}/members/{mistaken}/annulment"
    annulment = {"reason": "Fel person registrerad", "decision_id": decision}
    refused(api, path, {"decision_id": decision}, 422, "reason")
    refused(api, path, {**annulment, "reason": ""}, 422, "reason")
    refused(api, path, {"reason": "Fel"}, 422, "decision_id")
    unknown = "00000000-0000-4000-8000-000000000000"
    refused(api, path, {**annulment, "decision_id": unknown}, 422, "decision_id")
    assert api.post(f"/organs/{vvg}/members/{unknown}/annulment", annulment).status_code == 404
    assert api.post(f"/organs/{region}/members/{mistaken}/annulment", annulment).status_code == 404
    before = api.store_position()

    annulled = api.post(path, annulment)
    assert annulled.status_code == 200, annulled.get_json()
    assert (annulled.get_json()["id"], annulled.get_json()["annulled"]) == (mistaken, True)

    def seated(**params: Any) -> list[str]:
        seats = members(api, vvg, valid_at="2017-06-01", **params)["members"]
        return [m["person_name"] for m in seats]

    assert seated() == ["Bertil"]
    assert seated(known_at=before) == ["Anna", "Bertil"]
    chairs = api.get("/presidium", valid_at="2017-06-01", presidium_role="chair").get_json()
    assert chairs["seats"] == []
    chairs = api.get("/presidium", valid_at="2017-06-01", known_at=before).get_json()
    assert [s["person_name"] for s in chairs["seats"]] == ["Anna"]
    assert api.get(f"/people/{anna}/seats").get_json()["seats"] == []
    seats_before = api.get(f"/people/{anna}/seats", known_at=before).get_json()["seats"]
    assert [s["id"] for s in seats_before] == [mistaken]

    # History keeps both: the appointment, and the annulment that names it.
    items = history(api, vvg)
    (appointed,) = [h for h in items if h["event_type"] == "Composition.MemberAppointed"
                    and h["data"]["seat_id"] == mistaken]  # fmt: skip
    (annulling,) = [h for h in items if h["event_type"] == "Composition.SeatAnnulled"]
    assert annulling["annuls"] == appointed["position"]
    assert annulling["corrects"] is None
    assert (annulling["reason"], annulling["decision_id"]) == (annulment["reason"], decision)
    assert (annulling["effective_on"], annulling["data"]["seat_id"]) == ("2017-01-01", mistaken)
    assert appointed["annuls"] is None

    # Nothing more is recorded about an annulled seat; the person may be seated anew.
    assert refused(api, path, annulment, 409, "seat_id").endswith(":seat-was-annulled")
    end = {"effective_on": "2018-01-01", "decision_id": decision}
    assert api.post(f"/organs/{vvg}/members/{mistaken}/end", end).status_code == 409
    chair = {"presidium_role": None, "effective_on": "2018-01-01", "decision_id": decision}
    assert api.post(f"/organs/{vvg}/members/{mistaken}/changes", chair).status_code == 409
    again = appoint(api, vvg, anna, "2017-01-01", decision, presidium_role="chair")
    chairing = members(api, vvg, valid_at="2017-06-01")["members"][0]
    assert (chairing["id"], chairing["presidium_role"]) == (again, "chair")


def test_an_annulment_is_conditional_on_if_match(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    path = f"/organs/{vvg}/members/{seat}/annulment"
    body = {"reason": "Fel", "decision_id": decision}
    before = api.store_position()
    assert api.post(path, body, headers={"If-Match": '"1"'}).status_code == 412
    assert api.store_position() == before
    done = api.post(path, body, headers={"If-Match": '"2"'})
    assert done.status_code == 200, done.get_json()
    assert done.headers["ETag"] == '"3"'


def test_a_second_end_with_a_reason_corrects_the_end(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna = person(api, "Anna")
    seat = appoint(api, vvg, anna, "2017-01-01", decision)
    path = f"/organs/{vvg}/members/{seat}/end"
    ended = api.post(path, {"effective_on": "2018-01-01", "decision_id": decision})
    assert ended.status_code == 200, ended.get_json()
    first_end = api.store_position()

    later = {"effective_on": "2019-01-01", "decision_id": decision}
    before = api.store_position()
    response = api.post(path, later)
    assert response.status_code == 409, response.get_json()
    problem = response.get_json()
    assert problem["type"] == "urn:styrlogg:problem:seat-already-ended"
    assert "reason" in problem["detail"], problem
    assert "2018-01-01" in problem["detail"], problem
    assert api.store_position() == before
    why = "Avgick först vid årsskiftet 2018/2019"
    refused(api, path, {**later, "effective_on": "2016-12-01", "reason": why}, 409, "effective_on")
    refused(api, path, {**later, "effective_on": "2018-01-01", "reason": why}, 409, "effective_on")

    corrected = api.post(path, {**later, "reason": why})
    assert corrected.status_code == 200, corrected.get_json()
    assert corrected.get_json()["ended_on"] == "2019-01-01"
    assert [m["id"] for m in members(api, vvg, valid_at="2018-06-01")["members"]] == [seat]
    assert members(api, vvg, valid_at="2018-06-01", known_at=first_end)["members"] == []
    assert members(api, vvg, valid_at="2019-01-01")["members"] == []
    seats = api.get(f"/people/{anna}/seats").get_json()["seats"]
    assert [(s["valid_to"], s["ended_on"]) for s in seats] == [("2019-01-01", "2019-01-01")]
    seats = api.get(f"/people/{anna}/seats", known_at=first_end).get_json()["seats"]
    assert [s["ended_on"] for s in seats] == ["2018-01-01"]

    items = history(api, vvg)
    (end,) = [h for h in items if h["event_type"] == "Composition.SeatEnded"]
    (correction,) = [h for h in items if h["event_type"] == "Composition.SeatEndCorrected"]
    assert (end["effective_on"], correction["effective_on"]) == ("2018-01-01", "2019-01-01")
    assert (correction["corrects"], correction["reason"]) == (end["position"], why)

    # A correction of the correction names the correction it supersedes, earlier is fine.
    again = api.post(path, {**later, "effective_on": "2018-06-01", "reason": "Protokollet"})
    assert again.status_code == 200, again.get_json()
    last = history(api, vvg)[-1]
    assert (last["event_type"], last["corrects"]) == (
        "Composition.SeatEndCorrected",
        correction["position"],
    )


def test_a_corrected_end_keeps_one_seat_per_person_and_one_chair(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna, bertil = person(api, "Anna"), person(api, "Bertil")
    chair = appoint(api, vvg, anna, "2017-01-01", decision, presidium_role="chair")
    api.post(f"/organs/{vvg}/members/{chair}/end", {"effective_on": "2018-01-01",
                                                     "decision_id": decision})  # fmt: skip
    appoint(api, vvg, anna, "2019-01-01", decision, role="substitute")
    appoint(api, vvg, bertil, "2018-06-01", decision, presidium_role="chair")
    path = f"/organs/{vvg}/members/{chair}/end"
    body = {"decision_id": decision, "reason": "Rättelse"}

    overlapping = refused(api, path, {**body, "effective_on": "2019-06-01"}, 409, "effective_on")
    assert overlapping.endswith(":overlapping-seat")
    two_chairs = refused(api, path, {**body, "effective_on": "2018-09-01"}, 409, "effective_on")
    assert two_chairs.endswith(":presidium-taken")
    fine = api.post(path, {**body, "effective_on": "2018-06-01"})
    assert fine.status_code == 200, fine.get_json()
    assert api.get("/presidium", valid_at="2018-05-31").get_json()["seats"][0]["id"] == chair

    # Annulling the end would do the same: refused on both counts.
    annul = f"/organs/{vvg}/members/{chair}/end/annulment"
    assert refused(api, annul, body, 409, "seat_id").endswith(":overlapping-seat")


def test_an_annulled_end_leaves_the_seat_held_until_further_notice(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    annul = f"/organs/{vvg}/members/{seat}/end/annulment"
    body = {"decision_id": decision, "reason": "Avgången registrerades på fel ledamot"}
    assert refused(api, annul, body, 409, "seat_id").endswith(":seat-not-ended")
    api.post(f"/organs/{vvg}/members/{seat}/end", {"effective_on": "2018-01-01",
                                                    "decision_id": decision})  # fmt: skip
    refused(api, annul, {"decision_id": decision}, 422, "reason")
    ended = api.store_position()

    annulled = api.post(annul, body)
    assert annulled.status_code == 200, annulled.get_json()
    assert annulled.get_json()["ended_on"] is None
    assert [m["id"] for m in members(api, vvg, valid_at="2020-01-01")["members"]] == [seat]
    assert members(api, vvg, valid_at="2020-01-01", known_at=ended)["members"] == []
    items = history(api, vvg)
    (end,) = [h for h in items if h["event_type"] == "Composition.SeatEnded"]
    assert items[-1]["event_type"] == "Composition.SeatEndAnnulled"
    assert (items[-1]["annuls"], items[-1]["effective_on"]) == (end["position"], "2018-01-01")
    assert refused(api, annul, body, 409, "seat_id").endswith(":seat-not-ended")
    # The seat can be ended again, as any open seat.
    again = api.post(f"/organs/{vvg}/members/{seat}/end", {"effective_on": "2021-01-01",
                                                            "decision_id": decision})  # fmt: skip
    assert again.status_code == 200, again.get_json()


def test_a_seat_ended_by_its_organs_dissolution_ends_by_then(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    gone = api.decision(decided_on="2022-11-01", title="VVG upphör", organ_id=region)
    dissolved = api.post(
        f"/organs/{vvg}/dissolution", {"effective_on": "2023-01-01", "decision_id": gone}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    body = {"decision_id": decision, "reason": "Rättelse"}
    annul = f"/organs/{vvg}/members/{seat}/end/annulment"
    assert refused(api, annul, body, 409, "seat_id").endswith(":seats-outlive-organ")
    path = f"/organs/{vvg}/members/{seat}/end"
    late = refused(api, path, {**body, "effective_on": "2023-06-01"}, 409, "effective_on")
    assert late.endswith(":seats-outlive-organ")
    earlier = api.post(path, {**body, "effective_on": "2022-07-01"})
    assert earlier.status_code == 200, earlier.get_json()
    assert members(api, vvg, valid_at="2022-08-01")["members"] == []


def test_an_import_naming_an_annulled_seat_is_refused(api: Api) -> None:
    rows = json.loads(IMPORT.read_text(encoding="utf-8"))
    assert api.post("/imports", {"rows": rows}).status_code == 201
    vvg = api.get("/organs", q="VVG", valid_at="2017-06-01").get_json()["items"][0]["id"]
    seats = members(api, vvg, valid_at="2017-06-01")["members"]
    (chair,) = [m for m in seats if m["presidium_role"] == "chair"]
    annulled = api.post(f"/organs/{vvg}/members/{chair['id']}/annulment",
                        {"reason": "Fel", "decision_id": chair["decision_id"]})  # fmt: skip
    assert annulled.status_code == 200, annulled.get_json()
    before = api.store_position()
    again = api.post("/imports", {"rows": rows})
    assert again.status_code == 422, again.get_json()
    problem = again.get_json()
    assert list(problem["errors"]) == ["rows.9.key"], problem
    assert "annulled" in problem["errors"]["rows.9.key"][0]
    assert api.store_position() == before


def test_a_presidium_change_is_annulled_and_the_role_taken_with_it_by_its_own(
    api: Api,
) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna, bertil = person(api, "Anna"), person(api, "Bertil")
    first = appoint(api, vvg, anna, "2017-01-01", decision, presidium_role="chair")
    second = appoint(api, vvg, bertil, "2017-01-01", decision)
    given = api.post(f"/organs/{vvg}/members/{second}/changes",
                     {"presidium_role": "chair", "effective_on": "2018-01-01",
                      "decision_id": decision})  # fmt: skip
    assert given.status_code == 200, given.get_json()
    changed = api.store_position()
    changes = {h["data"]["seat_id"]: h for h in history(api, vvg)
               if h["event_type"] == "Composition.PresidiumChanged"}  # fmt: skip
    gave, took = changes[second], changes[first]
    body = {"reason": "Ordförandeskiftet var felregistrerat", "decision_id": decision}

    def annul(seat: str, version: int) -> str:
        return f"/organs/{vvg}/members/{seat}/changes/{version}/annulment"

    def chair(**params: Any) -> list[str]:
        seats = api.get("/presidium", valid_at="2018-06-01", presidium_role="chair", **params)
        return [s["person_name"] for s in seats.get_json()["seats"]]

    # Anna's losing the chair cannot go first: Bertil would chair beside her.
    taken = refused(api, annul(first, took["version"]), body, 409, "version")
    assert taken.endswith(":presidium-taken")
    refused(api, annul(second, gave["version"]), {"decision_id": decision}, 422, "reason")
    for seat, version in ((second, took["version"]), (second, 999), (first, gave["version"])):
        assert api.post(annul(seat, version), body).status_code == 404, (seat, version)

    undone = api.post(annul(second, gave["version"]), body)
    assert undone.status_code == 200, undone.get_json()
    assert undone.get_json()["presidium_role"] is None
    assert chair() == []
    assert chair(known_at=changed) == ["Bertil"]
    restored = api.post(annul(first, took["version"]), body)
    assert restored.status_code == 200, restored.get_json()
    assert restored.get_json()["presidium_role"] == "chair"
    assert chair() == ["Anna"]
    seats = api.get(f"/people/{anna}/seats").get_json()["seats"]
    assert [(s["valid_from"], s["valid_to"], s["presidium_role"]) for s in seats] == [
        ("2017-01-01", None, "chair")
    ]

    again = refused(api, annul(second, gave["version"]), body, 409, "version")
    assert again.endswith(":presidium-change-was-annulled")
    annulments = [h for h in history(api, vvg)
                  if h["event_type"] == "Composition.PresidiumChangeAnnulled"]  # fmt: skip
    assert [(h["annuls"], h["effective_on"]) for h in annulments] == [
        (gave["position"], "2018-01-01"),
        (took["position"], "2018-01-01"),
    ]
