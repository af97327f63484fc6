"""Mandate versions recorded wrong (issue #16): a version corrected by a PUT for its date
with a reason, a version annulled; as known before, the original; history both."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.test_mandates_over_http import MANDATE, put, setting_up


def in_force(api: Api, group: str, valid_at: str, **params: Any) -> Any:
    response = api.get(f"/organs/{group}/mandate", valid_at=valid_at, **params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["mandate"]


def versions(api: Api, group: str, **params: Any) -> list[tuple[int, str, str | None]]:
    response = api.get(f"/organs/{group}/mandate/versions", **params)
    assert response.status_code == 200, response.get_json()
    found = response.get_json()["versions"]
    return [(v["version"], v["effective_on"], v["valid_to"]) for v in found]


def test_a_put_for_a_dated_version_with_a_reason_corrects_it(api: Api) -> None:
    group, _, decision = setting_up(api)
    first = {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision}
    assert put(api, group, first).status_code == 200
    second = {**first, "meetings_per_year": 8, "effective_on": "2025-01-01"}
    assert put(api, group, second).status_code == 200
    before = api.store_position()

    typo = {**first, "meetings_per_year": 11}
    response = put(api, group, typo)
    assert response.status_code == 409, response.get_json()
    problem = response.get_json()
    assert "effective_on" in problem["errors"]
    assert "reason" in problem["detail"], problem
    assert "version 1" in problem["detail"], problem
    same_as_before = put(api, group, {**second, "meetings_per_year": 10, "reason": "Fel"})
    assert same_as_before.status_code == 409, same_as_before.get_json()
    assert "annul" in same_as_before.get_json()["detail"]
    assert api.store_position() == before

    corrected = put(api, group, {**typo, "reason": "Skrivfel: elva möten, inte tio"})
    assert corrected.status_code == 200, corrected.get_json()
    written = corrected.get_json()
    assert (written["version"], written["effective_on"], written["written"]) == (
        1,
        "2024-05-31",
        True,
    )
    assert in_force(api, group, "2024-06-01")["meetings_per_year"] == 11
    assert in_force(api, group, "2024-06-01", known_at=before)["meetings_per_year"] == 10
    assert (
        versions(api, group)
        == versions(api, group, known_at=before)
        == [
            (1, "2024-05-31", "2025-01-01"),
            (2, "2025-01-01", None),
        ]
    )
    diff = api.get(f"/organs/{group}/mandate/diff", **{"from": 1, "to": 2}).get_json()
    meetings = [c for c in diff["changes"] if c["field"] == "meetings_per_year"]
    assert [(c["from"], c["to"]) for c in meetings] == [(11, 8)]
    old = api.get(f"/organs/{group}/mandate/diff", known_at=before, **{"from": 1, "to": 2})
    meetings = [c for c in old.get_json()["changes"] if c["field"] == "meetings_per_year"]
    assert [(c["from"], c["to"]) for c in meetings] == [(10, 8)]

    # The same correction sent again writes nothing; the history shows both texts.
    position = api.store_position()
    again = put(api, group, {**typo, "reason": "Skrivfel: elva möten, inte tio"})
    assert (again.status_code, again.get_json()["written"]) == (200, False)
    assert api.store_position() == position
    history = api.get(f"/organs/{group}/history").get_json()["items"]
    issued = [h for h in history if h["event_type"] == "Mandate.Issued"]
    (correction,) = [h for h in history if h["event_type"] == "Mandate.VersionCorrected"]
    assert correction["corrects"] == issued[0]["position"]
    assert (correction["data"]["version"], correction["data"]["content"]["meetings_per_year"]) == (
        1,
        11,
    )
    assert issued[0]["data"]["content"]["meetings_per_year"] == 10
    assert correction["reason"] == "Skrivfel: elva möten, inte tio"


def test_an_annulled_version_was_never_in_force_as_known_after(api: Api) -> None:
    group, _, decision = setting_up(api)
    first = {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision}
    put(api, group, first)
    put(api, group, {**first, "meetings_per_year": 8, "effective_on": "2025-01-01"})
    put(api, group, {**first, "meetings_per_year": 6, "effective_on": "2026-01-01"})
    path = f"/organs/{group}/mandate/versions/2/annulment"
    body = {"reason": "Beslutet gällde en annan grupp", "decision_id": decision}
    before = api.store_position()
    for sent, field in (({"decision_id": decision}, "reason"), ({"reason": "Fel"}, "decision_id")):
        response = api.post(path, sent)
        assert response.status_code == 422, response.get_json()
        assert field in response.get_json()["errors"]
    assert api.post(f"/organs/{group}/mandate/versions/4/annulment", body).status_code == 404
    assert api.post(f"/organs/{group}/mandate/versions/x/annulment", body).status_code == 404
    stale = api.post(path, body, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert api.store_position() == before

    annulled = api.post(path, body)
    assert annulled.status_code == 200, annulled.get_json()
    assert (annulled.get_json()["version"], annulled.get_json()["annulled"]) == (2, True)
    assert in_force(api, group, "2025-06-01")["version"] == 1
    assert in_force(api, group, "2025-06-01", known_at=before)["version"] == 2
    assert versions(api, group) == [(1, "2024-05-31", "2026-01-01"), (3, "2026-01-01", None)]
    assert versions(api, group, known_at=before)[1] == (2, "2025-01-01", "2026-01-01")
    missing = api.get(f"/organs/{group}/mandate/diff", **{"from": 1, "to": 2})
    assert missing.status_code == 422
    assert "to" in missing.get_json()["errors"]
    old = api.get(f"/organs/{group}/mandate/diff", known_at=before, **{"from": 1, "to": 2})
    assert old.status_code == 200

    again = api.post(path, body)
    assert again.status_code == 409, again.get_json()
    assert again.get_json()["type"] == "urn:styrlogg:problem:mandate-version-annulled"
    history = api.get(f"/organs/{group}/history").get_json()["items"]
    issued = [h for h in history if h["event_type"] == "Mandate.Issued"]
    (annulment,) = [h for h in history if h["event_type"] == "Mandate.VersionAnnulled"]
    assert annulment["annuls"] == issued[1]["position"]
    assert (annulment["effective_on"], annulment["reason"]) == ("2025-01-01", body["reason"])

    # A new version takes the next number: an annulled number is not given again.
    fourth = put(api, group, {**first, "meetings_per_year": 4, "effective_on": "2027-01-01"})
    assert fourth.get_json()["version"] == 4
    # The annulled version's date has no version now: a PUT for it is a new version, out
    # of order before the latest, not a correction.
    refill = put(api, group, {**first, "meetings_per_year": 9, "effective_on": "2025-01-01",
                              "reason": "Ny lydelse"})  # fmt: skip
    assert refill.status_code == 409, refill.get_json()
    assert "must come after" in refill.get_json()["detail"]


def test_a_withdrawal_is_corrected_with_a_reason_or_annulled(api: Api) -> None:
    group, _, decision = setting_up(api)
    first = {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision}
    put(api, group, first)
    put(api, group, {**first, "meetings_per_year": 8, "effective_on": "2025-01-01"})
    path = f"/organs/{group}/mandate/withdrawal"
    annul = f"{path}/annulment"
    body = {"reason": "Beslutet gällde en annan grupp", "decision_id": decision}
    response = api.post(annul, body)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["type"] == "urn:styrlogg:problem:mandate-not-withdrawn"
    withdrawn = api.post(path, {"effective_on": "2026-01-01", "decision_id": decision})
    assert withdrawn.status_code == 200, withdrawn.get_json()
    first_date = api.store_position()

    later = {"effective_on": "2026-07-01", "decision_id": decision}
    response = api.post(path, later)
    assert response.status_code == 409, response.get_json()
    assert "reason" in response.get_json()["detail"]
    for day in ("2026-01-01", "2025-01-01"):
        sent = {**later, "effective_on": day, "reason": "Rättelse"}
        response = api.post(path, sent)
        assert response.status_code == 409, (day, response.get_json())
        assert "effective_on" in response.get_json()["errors"]
    assert api.store_position() == first_date

    corrected = api.post(path, {**later, "reason": "Upphörde först vid halvårsskiftet"})
    assert corrected.status_code == 200, corrected.get_json()
    assert (corrected.get_json()["effective_on"], corrected.get_json()["withdrawn"]) == (
        "2026-07-01",
        True,
    )
    assert in_force(api, group, "2026-03-01")["version"] == 2
    assert in_force(api, group, "2026-03-01", known_at=first_date) is None
    assert versions(api, group)[-1] == (2, "2025-01-01", "2026-07-01")
    corrected_date = api.store_position()

    refused = api.post(annul, {"decision_id": decision})
    assert refused.status_code == 422, refused.get_json()
    annulled = api.post(annul, body)
    assert annulled.status_code == 200, annulled.get_json()
    assert (annulled.get_json()["withdrawn"], annulled.get_json()["annulled"]) == (True, True)
    assert in_force(api, group, "2030-01-01")["version"] == 2
    assert in_force(api, group, "2030-01-01", known_at=corrected_date) is None
    assert versions(api, group)[-1] == (2, "2025-01-01", None)
    assert api.post(annul, body).status_code == 409

    history = api.get(f"/organs/{group}/history").get_json()["items"]
    kinds = {h["event_type"]: h for h in history}
    withdrawal, correction = kinds["Mandate.Withdrawn"], kinds["Mandate.WithdrawalCorrected"]
    assert correction["corrects"] == withdrawal["position"]
    assert kinds["Mandate.WithdrawalAnnulled"]["annuls"] == correction["position"]


def test_a_dissolved_organs_mandate_ends_by_the_dissolution(api: Api) -> None:
    group, _, decision = setting_up(api)
    put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    dissolved = api.post(
        f"/organs/{group}/dissolution", {"effective_on": "2026-01-01", "decision_id": decision}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    before = api.store_position()
    path = f"/organs/{group}/mandate/withdrawal"
    body = {"reason": "Rättelse", "decision_id": decision}
    annulled = api.post(f"{path}/annulment", body)
    assert annulled.status_code == 409, annulled.get_json()
    assert "dissolved from 2026-01-01" in annulled.get_json()["detail"]
    late = api.post(path, {**body, "effective_on": "2026-06-01"})
    assert late.status_code == 409, late.get_json()
    assert "effective_on" in late.get_json()["errors"]
    assert api.store_position() == before
    earlier = api.post(path, {**body, "effective_on": "2025-07-01"})
    assert earlier.status_code == 200, earlier.get_json()
    assert in_force(api, group, "2025-08-01") is None
