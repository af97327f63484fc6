"""Forward-dated seat and mandate changes in `pending_changes` (issue #16): a change annulled
is not pending and the annulment is not listed; a corrected one is listed once, as the
correction; as known before the annulment, the change is pending."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.test_composition_over_http import appoint, person
from tests.api.test_mandates_over_http import MANDATE, put, setting_up

WHY = {"reason": "Felregistrerat"}


def pending(api: Api, organ: str, **params: Any) -> list[tuple[str, str]]:
    response = api.get(f"/organs/{organ}", valid_at="2025-06-01", **params)
    assert response.status_code == 200, response.get_json()
    return [(c["event_type"], c["effective_on"]) for c in response.get_json()["pending_changes"]]


def posted(api: Api, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(path, body)
    assert response.status_code == 200, (path, response.get_json())
    answer: dict[str, Any] = response.get_json()
    return answer


def test_annulled_seat_changes_are_not_pending_and_a_corrected_end_is_once(api: Api) -> None:
    group, _, decision = setting_up(api)
    cite = {"decision_id": decision}
    members = f"/organs/{group}/members"
    anna = appoint(api, group, person(api, "Anna"), "2024-06-01", decision)
    bertil = appoint(api, group, person(api, "Bertil"), "2024-06-01", decision)
    chair = posted(
        api,
        f"{members}/{anna}/changes",
        {"presidium_role": "chair", "effective_on": "2025-09-01", **cite},
    )
    posted(api, f"{members}/{anna}/changes/{chair['version']}/annulment", {**WHY, **cite})
    posted(api, f"{members}/{anna}/end", {"effective_on": "2026-01-01", **cite})
    before = api.store_position()
    assert pending(api, group) == [("Composition.SeatEnded", "2026-01-01")]
    posted(api, f"{members}/{anna}/end/annulment", {**WHY, **cite})
    cecilia = appoint(api, group, person(api, "Cecilia"), "2026-02-01", decision)
    posted(api, f"{members}/{cecilia}/annulment", {**WHY, **cite})
    posted(api, f"{members}/{bertil}/end", {"effective_on": "2026-01-01", **cite})
    posted(api, f"{members}/{bertil}/end", {"effective_on": "2026-03-01", **WHY, **cite})

    assert pending(api, group) == [("Composition.SeatEndCorrected", "2026-03-01")]
    assert pending(api, group, known_at=before) == [("Composition.SeatEnded", "2026-01-01")]
    correction = api.get(f"/organs/{group}", valid_at="2025-06-01").get_json()
    assert correction["pending_changes"][0]["corrects"] is not None


def test_annulled_mandate_changes_are_not_pending_and_a_corrected_version_is_once(
    api: Api,
) -> None:
    group, _, decision = setting_up(api)
    cite = {"decision_id": decision}
    mandate = f"/organs/{group}/mandate"
    for body in (
        {**MANDATE, "effective_on": "2024-05-31", **cite},
        {**MANDATE, "meetings_per_year": 8, "effective_on": "2026-01-01", **cite},
    ):
        assert put(api, group, body).status_code == 200
    before = api.store_position()
    assert pending(api, group) == [("Mandate.Issued", "2026-01-01")]
    posted(api, f"{mandate}/versions/2/annulment", {**WHY, **cite})
    third = {**MANDATE, "meetings_per_year": 6, "effective_on": "2026-06-01", **cite}
    assert put(api, group, third).status_code == 200
    assert put(api, group, {**third, "meetings_per_year": 9, **WHY}).status_code == 200
    posted(api, f"{mandate}/withdrawal", {"effective_on": "2027-01-01", **cite})
    posted(api, f"{mandate}/withdrawal/annulment", {**WHY, **cite})

    assert pending(api, group) == [("Mandate.VersionCorrected", "2026-06-01")]
    assert pending(api, group, known_at=before) == [("Mandate.Issued", "2026-01-01")]
