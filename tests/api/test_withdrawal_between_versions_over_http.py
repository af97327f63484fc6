"""A mandate withdrawal with later versions after it (issue #16): addressed by its date
(`withdrawn_on`, as the history gives it and the version it ended shows as `valid_to`),
corrected within the gap between its neighbours or annulled; as known before, the
original; history both; the existing routes without `withdrawn_on` unchanged."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.api.test_mandate_corrections_over_http import in_force, versions
from tests.api.test_mandates_over_http import MANDATE, put, setting_up

WHY = "Återkallelsen var felregistrerad"


def withdrawn_then_reissued(api: Api) -> tuple[str, str]:
    """Version 1 from 2024-05-31, withdrawn from 2025-01-01, version 2 from 2026-01-01."""
    group, _, decision = setting_up(api)
    put(api, group, {**MANDATE, "effective_on": "2024-05-31", "decision_id": decision})
    withdrawn = api.post(
        f"/organs/{group}/mandate/withdrawal",
        {"effective_on": "2025-01-01", "decision_id": decision},
    )
    assert withdrawn.status_code == 200, withdrawn.get_json()
    again = {**MANDATE, "meetings_per_year": 6, "effective_on": "2026-01-01"}
    assert put(api, group, {**again, "decision_id": decision}).status_code == 200
    return group, decision


def refused(api: Api, path: str, body: dict[str, Any], status: int, field: str) -> str:
    before = api.store_position()
    response = api.post(path, body)
    assert response.status_code == status, (body, response.get_json())
    problem: dict[str, Any] = response.get_json()
    assert field in problem.get("errors", {}), problem
    assert api.store_position() == before
    return str(problem["type"])


def test_a_withdrawal_before_a_later_version_is_corrected_within_its_gap(api: Api) -> None:
    group, decision = withdrawn_then_reissued(api)
    assert versions(api, group) == [(1, "2024-05-31", "2025-01-01"), (2, "2026-01-01", None)]
    path = f"/organs/{group}/mandate/withdrawal"
    fix = {"withdrawn_on": "2025-01-01", "decision_id": decision, "reason": WHY}
    # Without withdrawn_on the last change is no withdrawal: a new one, out of order.
    plain = {"effective_on": "2025-06-01", "decision_id": decision, "reason": WHY}
    refused(api, path, plain, 409, "effective_on")
    for day in ("2024-05-31", "2024-01-01", "2026-01-01", "2026-02-01", "2025-01-01"):
        refused(api, path, {**fix, "effective_on": day}, 409, "effective_on")
    refused(api, path, {**fix, "effective_on": "2025-06-01", "reason": None}, 422, "reason")
    missing = {**fix, "withdrawn_on": "2025-02-01", "effective_on": "2025-06-01"}
    assert refused(api, path, missing, 409, "withdrawn_on").endswith(":mandate-not-withdrawn")
    before = api.store_position()

    corrected = api.post(path, {**fix, "effective_on": "2025-06-01"})
    assert corrected.status_code == 200, corrected.get_json()
    answer = corrected.get_json()
    assert (answer["effective_on"], answer["withdrawn"], answer["annulled"]) == (
        "2025-06-01",
        True,
        False,
    )
    assert versions(api, group) == [(1, "2024-05-31", "2025-06-01"), (2, "2026-01-01", None)]
    assert in_force(api, group, "2025-03-01")["version"] == 1
    assert in_force(api, group, "2025-03-01", known_at=before) is None
    assert in_force(api, group, "2025-08-01") is None
    assert in_force(api, group, "2026-02-01")["version"] == 2

    history = api.get(f"/organs/{group}/history").get_json()["items"]
    kinds = {h["event_type"]: h for h in history}
    correction = kinds["Mandate.WithdrawalCorrected"]
    assert correction["corrects"] == kinds["Mandate.Withdrawn"]["position"]
    assert correction["effective_on"] == "2025-06-01"


def test_a_withdrawal_before_a_later_version_is_annulled(api: Api) -> None:
    group, decision = withdrawn_then_reissued(api)
    annul = f"/organs/{group}/mandate/withdrawal/annulment"
    body = {"withdrawn_on": "2025-01-01", "decision_id": decision, "reason": WHY}
    # Without withdrawn_on, the last change (version 2) is no withdrawal: as before, 409.
    response = api.post(annul, {"decision_id": decision, "reason": WHY})
    assert response.status_code == 409, response.get_json()
    refused(api, annul, {**body, "reason": ""}, 422, "reason")
    refused(api, annul, {**body, "withdrawn_on": "2024-05-31"}, 409, "withdrawn_on")
    refused(api, annul, {**body, "withdrawn_on": "1 jan"}, 422, "withdrawn_on")
    before = api.store_position()

    annulled = api.post(annul, body)
    assert annulled.status_code == 200, annulled.get_json()
    answer = annulled.get_json()
    assert (answer["effective_on"], answer["withdrawn"], answer["annulled"]) == (
        "2025-01-01",
        True,
        True,
    )
    # Version 1 is in force until version 2.
    assert versions(api, group) == [(1, "2024-05-31", "2026-01-01"), (2, "2026-01-01", None)]
    assert in_force(api, group, "2025-06-01")["version"] == 1
    assert in_force(api, group, "2025-06-01", known_at=before) is None
    refused(api, annul, body, 409, "withdrawn_on")

    history = api.get(f"/organs/{group}/history").get_json()["items"]
    kinds = {h["event_type"]: h for h in history}
    annulment = kinds["Mandate.WithdrawalAnnulled"]
    assert annulment["annuls"] == kinds["Mandate.Withdrawn"]["position"]
    # The organ itself lists the annulled withdrawal nowhere as pending or in force.
    organ = api.get(f"/organs/{group}", valid_at="2024-06-01").get_json()
    assert [c["event_type"] for c in organ["pending_changes"]] == ["Mandate.Issued"]


def test_a_withdrawal_correction_by_date_is_conditional_on_if_match(api: Api) -> None:
    group, decision = withdrawn_then_reissued(api)
    fix = {"withdrawn_on": "2025-01-01", "decision_id": decision, "reason": WHY}
    before = api.store_position()
    stale = api.client.post(
        f"/api/v1/organs/{group}/mandate/withdrawal",
        json={**fix, "effective_on": "2025-06-01"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412, stale.get_json()
    stale = api.client.post(
        f"/api/v1/organs/{group}/mandate/withdrawal/annulment",
        json=fix,
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412, stale.get_json()
    assert api.store_position() == before
