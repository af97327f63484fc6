"""Issue 16 over HTTP: the report's changes since submission list every fact recorded
after it (a value corrected back to what was submitted, a comment rewritten under the same
status)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, put, setting_up
from tests.support.openapi import mismatches


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def plan_with_measure(api: Api) -> tuple[str, str, str, str, str]:
    """A plan with a goal, an activity under it and a tertial indicator on the goal: the
    ids of the plan, the goal, the activity and the indicator, and the target's decision."""
    plan, _, decision = setting_up(api)
    goal = add_item(api, plan, "Vårdgarantin uppfylls", kind="goal")
    activity = add_item(api, plan, "Digitala besök", kind="activity", parent_id=goal)
    measure = api.created(
        "/indicators",
        {"plan_item_id": goal, "name": "Väntetid", "unit": "veckor",
         "direction": "lower_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    return plan, goal, activity, str(measure), decision


def test_changes_list_a_value_corrected_back_and_a_comment_rewritten_under_the_same_status(
    api: Api,
) -> None:
    plan, goal, _, measure, _ = plan_with_measure(api)
    outcome = f"/indicators/{measure}/outcomes/2024-T1"
    assessment = f"/indicators/{measure}/assessments/2024-T1"
    ok(put(api, outcome, {"value": Decimal("6.1"), "comment": "Ur journalen"}))
    ok(put(api, assessment, {"status": "met", "basis": "outcome", "comment": "Nått"}))
    assert api.post(f"/plans/{plan}/periods/2024-T1/submission", {}).status_code == 200
    submitted = api.store_position()
    up = ok(put(api, outcome, {"value": Decimal("6.4"), "comment": "Ur journalen",
                               "reason": "Ny dataleverans"}))  # fmt: skip
    down = ok(put(api, outcome, {"value": Decimal("6.1"), "comment": "Ur journalen",
                                 "reason": "Leveransen var fel"}))  # fmt: skip
    rewritten = ok(put(api, assessment, {"status": "met", "basis": "outcome",
                                         "comment": "Nått med marginal",
                                         "reason": "Förtydligat"}))  # fmt: skip

    report = ok(api.get(f"/plans/{plan}/report", period="2024-T1"))
    (figure,) = report["items"][0]["indicators"]
    assert (figure["outcome"], figure["corrected"]) == (Decimal("6.1"), True)
    answer = api.get(f"/plans/{plan}/report/changes", period="2024-T1")
    assert mismatches(api.client.get("/api/v1/openapi.json").get_json(), "GET",
                      "/api/v1/plans/{plan_id}/report/changes", answer) == []  # fmt: skip
    changes = ok(answer)
    assert changes["submitted_position"] == submitted
    listed = changes["changes"]
    assert [(c["what"], c["id"], c["period"], c["position"]) for c in listed] == [
        ("outcome", measure, "2024-T1", up["position"]),
        ("outcome", measure, "2024-T1", down["position"]),
        ("assessment", measure, "2024-T1", rewritten["position"]),
    ]
    first, second, third = listed
    assert (first["before"], first["after"], first["fields"]) == (
        {"value": Decimal("6.1"), "comment": "Ur journalen"},
        {"value": Decimal("6.4"), "comment": "Ur journalen"},
        ["value"],
    )
    assert (second["before"], second["after"]) == (first["after"], first["before"])
    assert [(c["submitted"], c["now"]) for c in listed] == [
        (Decimal("6.1"), Decimal("6.1")), (Decimal("6.1"), Decimal("6.1")), ("met", "met")
    ]  # fmt: skip
    assert [c["reason"] for c in listed] == ["Ny dataleverans", "Leveransen var fel",
                                             "Förtydligat"]  # fmt: skip
    assert third["fields"] == ["comment"]
    assert (third["before"]["comment"], third["after"]["comment"]) == ("Nått", "Nått med marginal")
    assert third["title"] == "Väntetid"
    assert all(c["actor"] == "local-user" and c["corrected"] and not c["late"] for c in listed)
    times = [datetime.fromisoformat(c["recorded_at"]) for c in listed]
    assert times == sorted(times)
    # As known before the corrections: nothing had changed yet.
    before = ok(api.get(f"/plans/{plan}/report/changes", period="2024-T1", known_at=submitted))
    assert before["changes"] == []
    goal_entry = report["items"][0]
    assert goal_entry["id"] == goal
