"""A presidium change corrected directly (issue #16): its date, its role or both, the rules
checked again (one holder of a role on any date, within the seat's span); as known
before, the change as recorded; history names what the correction corrects; a forward
dated change corrected is pending once, as the correction."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.test_composition_over_http import appoint, person, setting_up
from tests.api.test_seat_corrections_over_http import history, refused

WHY = {"reason": "Ordförandeskiftet var felregistrerat"}


def chairs(api: Api, valid_at: str, **params: Any) -> list[tuple[str, str]]:
    response = api.get("/presidium", valid_at=valid_at, **params)
    assert response.status_code == 200, response.get_json()
    return [(s["person_name"], s["presidium_role"]) for s in response.get_json()["seats"]]


def changes_of(api: Api, organ: str) -> dict[str, dict[str, Any]]:
    return {h["data"]["seat_id"]: h for h in history(api, organ)
            if h["event_type"] == "Composition.PresidiumChanged"}  # fmt: skip


def test_a_presidium_change_is_corrected_by_date_and_role(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna, bertil = person(api, "Anna"), person(api, "Bertil")
    first = appoint(api, vvg, anna, "2017-01-01", decision)
    second = appoint(api, vvg, bertil, "2017-01-01", decision)
    given = api.post(f"/organs/{vvg}/members/{first}/changes",
                     {"presidium_role": "chair", "effective_on": "2018-01-01",
                      "decision_id": decision})  # fmt: skip
    assert given.status_code == 200, given.get_json()
    recorded = api.store_position()
    change = changes_of(api, vvg)[first]
    path = f"/organs/{vvg}/members/{first}/changes/{change['version']}/correction"
    body = {**WHY, "decision_id": decision}

    refused(api, path, {**body, "effective_on": "2018-03-01", "reason": ""}, 422, "reason")
    refused(api, path, {"effective_on": "2018-03-01", **WHY}, 422, "decision_id")
    refused(api, path, body, 422, "effective_on")  # nothing to correct
    refused(api, path, {**body, "presidium_role": "vice"}, 422, "presidium_role")
    refused(api, path, {**body, "effective_on": "2016-06-01"}, 409, "effective_on")
    same = refused(api, path, {**body, "effective_on": "2018-01-01"}, 409, "effective_on")
    assert same.endswith(":presidium-unchanged")
    for seat, version in ((second, change["version"]), (first, 999)):
        wrong = f"/organs/{vvg}/members/{seat}/changes/{version}/correction"
        assert api.post(wrong, {**body, "effective_on": "2018-03-01"}).status_code == 404

    moved = api.post(path, {**body, "effective_on": "2018-03-01"})
    assert moved.status_code == 200, moved.get_json()
    assert (moved.get_json()["id"], moved.get_json()["presidium_role"]) == (first, "chair")
    assert chairs(api, "2018-02-01") == []
    assert chairs(api, "2018-02-01", known_at=recorded) == [("Anna", "chair")]
    assert chairs(api, "2018-04-01") == [("Anna", "chair")]
    moved_at = api.store_position()

    # The correction is corrected in turn by its own version; the first one is gone.
    correction = next(h for h in history(api, vvg)
                      if h["event_type"] == "Composition.PresidiumChangeCorrected")  # fmt: skip
    assert correction["corrects"] == change["position"]
    assert (correction["effective_on"], correction["reason"]) == ("2018-03-01", WHY["reason"])
    assert correction["data"]["presidium_role"] == "chair"
    gone = {**body, "effective_on": "2018-05-01"}
    assert api.post(path, gone).status_code == 404
    again = f"/organs/{vvg}/members/{first}/changes/{correction['version']}/correction"
    vice = api.post(again, {**body, "presidium_role": "first_vice_chair"})
    assert vice.status_code == 200, vice.get_json()
    assert vice.get_json()["presidium_role"] == "first_vice_chair"
    assert chairs(api, "2018-04-01") == [("Anna", "first_vice_chair")]
    assert chairs(api, "2018-04-01", known_at=moved_at) == [("Anna", "chair")]
    seats = api.get(f"/people/{anna}/seats").get_json()["seats"]
    assert [(s["valid_from"], s["valid_to"], s["presidium_role"]) for s in seats] == [
        ("2017-01-01", "2018-03-01", None),
        ("2018-03-01", None, "first_vice_chair"),
    ]

    # One holder per role on any date: Bertil chairs from 2019; Anna's change cannot become
    # a chair from 2018 without an end.
    taken = api.post(f"/organs/{vvg}/members/{second}/changes",
                     {"presidium_role": "chair", "effective_on": "2019-01-01",
                      "decision_id": decision})  # fmt: skip
    assert taken.status_code == 200, taken.get_json()
    latest = next(h for h in reversed(history(api, vvg))
                  if h["event_type"] == "Composition.PresidiumChangeCorrected")  # fmt: skip
    last = f"/organs/{vvg}/members/{first}/changes/{latest['version']}/correction"
    problem = refused(api, last, {**body, "presidium_role": "chair"}, 409, "presidium_role")
    assert problem.endswith(":presidium-taken")

    # An annulment names the correction's version and undoes the change as corrected.
    annulled = api.post(last.replace("/correction", "/annulment"), body)
    assert annulled.status_code == 200, annulled.get_json()
    assert chairs(api, "2018-04-01") == []
    assert refused(api, last, {**body, "presidium_role": "chair"}, 409, "version").endswith(
        ":presidium-change-was-annulled"
    )


def test_a_presidium_change_correction_keeps_to_the_seats_span(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    members = f"/organs/{vvg}/members/{seat}"
    given = api.post(f"{members}/changes",
                     {"presidium_role": "chair", "effective_on": "2018-01-01",
                      "decision_id": decision})  # fmt: skip
    assert given.status_code == 200, given.get_json()
    ended = api.post(f"{members}/end", {"effective_on": "2019-01-01", "decision_id": decision})
    assert ended.status_code == 200, ended.get_json()
    path = f"{members}/changes/{given.get_json()['version']}/correction"
    body = {**WHY, "decision_id": decision}
    for day in ("2019-01-01", "2020-01-01", "2016-12-31"):
        problem = refused(api, path, {**body, "effective_on": day}, 409, "effective_on")
        assert problem.endswith(":seat-not-held")
    dropped = api.post(f"{members}/changes",
                       {"presidium_role": None, "effective_on": "2018-09-01",
                        "decision_id": decision})  # fmt: skip
    assert dropped.status_code == 200, dropped.get_json()
    clash = refused(api, path, {**body, "effective_on": "2018-09-01"}, 409, "effective_on")
    assert clash.endswith(":presidium-changes-clash")
    stale = api.client.post(
        f"/api/v1{path}", json={**body, "effective_on": "2018-06-01"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412, stale.get_json()
    fine = api.post(path, {**body, "effective_on": "2018-08-31"})
    assert fine.status_code == 200, fine.get_json()


def test_a_corrected_forward_dated_presidium_change_is_pending_once(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    given = api.post(f"/organs/{vvg}/members/{seat}/changes",
                     {"presidium_role": "chair", "effective_on": "2025-09-01",
                      "decision_id": decision})  # fmt: skip
    assert given.status_code == 200, given.get_json()
    before = api.store_position()

    def pending(**params: Any) -> list[tuple[str, str]]:
        organ = api.get(f"/organs/{vvg}", valid_at="2025-06-01", **params).get_json()
        return [(c["event_type"], c["effective_on"]) for c in organ["pending_changes"]]

    assert pending() == [("Composition.PresidiumChanged", "2025-09-01")]
    path = f"/organs/{vvg}/members/{seat}/changes/{given.get_json()['version']}/correction"
    corrected = api.post(path, {**WHY, "decision_id": decision, "effective_on": "2025-10-01"})
    assert corrected.status_code == 200, corrected.get_json()
    assert pending() == [("Composition.PresidiumChangeCorrected", "2025-10-01")]
    assert pending(known_at=before) == [("Composition.PresidiumChanged", "2025-09-01")]
