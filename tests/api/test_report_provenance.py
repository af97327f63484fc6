"""Issue 16 over HTTP: the report's changes since submission list every fact recorded
after it (a value corrected back to what was submitted, a comment rewritten under the same
status), and every value the report shows says who recorded it, when and why; forecasts
and outcome comments are in the report and in its spreadsheets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, put, setting_up
from tests.support.auth import PRINCIPAL
from tests.support.openapi import mismatches
from tests.support.sheets import csv_table, xlsx_table

PROVENANCE = ("actor", "reason", "recorded_from", "recorded_at")


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
    assert all(c["actor"] == PRINCIPAL and c["corrected"] and not c["late"] for c in listed)
    times = [datetime.fromisoformat(c["recorded_at"]) for c in listed]
    assert times == sorted(times)
    # As known before the corrections: nothing had changed yet.
    before = ok(api.get(f"/plans/{plan}/report/changes", period="2024-T1", known_at=submitted))
    assert before["changes"] == []
    goal_entry = report["items"][0]
    assert goal_entry["id"] == goal


def test_every_value_in_the_report_says_who_recorded_it_when_and_why(api: Api) -> None:
    plan, goal, activity, measure, decision = plan_with_measure(api)
    put(api, f"/indicators/{measure}/targets/2024-T2", {"value": 8, "decision_id": decision})
    put(api, f"/indicators/{measure}/outcomes/2024-T2", {"value": 9, "comment": "Semester"})
    put(api, f"/indicators/{measure}/outcomes/2024-T2",
        {"value": Decimal("9.5"), "comment": "Semester", "reason": "Sen registrering"})  # fmt: skip
    put(api, f"/indicators/{measure}/assessments/2024-T2",
        {"status": "partly_met", "basis": "forecast", "comment": "Nära"})  # fmt: skip
    put(api, f"/indicators/{measure}/forecasts/2024-T3",
        {"value": 7, "reported_in": "2024-T2", "comment": "Helår"})  # fmt: skip
    # Made in another period: not in T2's report.
    put(api, f"/indicators/{measure}/forecasts/2024-T3", {"value": 6, "reported_in": "2024-T1"})
    put(api, f"/plans/{plan}/items/{activity}/follow-ups/2024-T2",
        {"status": "ongoing", "comment": "Pilot"})  # fmt: skip
    put(api, f"/plans/{plan}/items/{goal}/assessments/2024-T2",
        {"status": "partly_met", "basis": "comment", "comment": "På väg"})  # fmt: skip

    answer = api.get(f"/plans/{plan}/report", period="2024-T2")
    document = api.client.get("/api/v1/openapi.json").get_json()
    assert mismatches(document, "GET", "/api/v1/plans/{plan_id}/report", answer) == []
    report = ok(answer)
    goal_entry, activity_entry = report["items"]
    (figure,) = goal_entry["indicators"]
    assert (figure["target"], figure["outcome"]) == (8, Decimal("9.5")), "as before"
    series = ok(api.get(f"/indicators/{measure}"))["series"]
    t2 = next(row for row in series if row["period"] == "2024-T2")
    t3 = next(row for row in series if row["period"] == "2024-T3")
    (target,) = figure["targets"]
    (outcome,) = figure["outcomes"]
    (forecast,) = figure["forecasts"]
    made_in_t2 = next(f for f in t3["forecasts"] if f["reported_in"] == "2024-T2")
    for shown, recorded in ((target, t2["target"]), (outcome, t2["outcome"]),
                            (figure["assessment"], t2["assessment"]),
                            (forecast, made_in_t2)):  # fmt: skip
        assert {k: shown[k] for k in PROVENANCE} == {k: recorded[k] for k in PROVENANCE}
        assert shown["recorded_at"] is not None
        assert shown["actor"] == PRINCIPAL
    assert (target["period"], target["value"], target["decision_id"]) == ("2024-T2", 8, decision)
    assert (outcome["value"], outcome["comment"], outcome["reason"]) == (
        Decimal("9.5"), "Semester", "Sen registrering"
    )  # fmt: skip
    assert (forecast["period"], forecast["reported_in"], forecast["value"]) == (
        "2024-T3", "2024-T2", 7
    )  # fmt: skip
    assert forecast["comment"] == "Helår"
    for fact in (activity_entry["follow_up"], goal_entry["assessment"]):
        assert all(fact[k] is not None for k in PROVENANCE if k != "reason"), fact
        assert fact["actor"] == PRINCIPAL
    # The new fields are in the document, not only in the answer.
    schemas = document["components"]["schemas"]
    shown_fields = schemas["ReportIndicator"]["properties"]
    assert {"targets", "outcomes", "forecasts"} <= set(shown_fields)


def test_the_report_exports_outcome_comments_and_the_periods_forecast(api: Api) -> None:
    plan, _, _, measure, decision = plan_with_measure(api)
    put(api, f"/indicators/{measure}/targets/2024-T1", {"value": 8, "decision_id": decision})
    put(api, f"/indicators/{measure}/outcomes/2024-T1", {"value": 9, "comment": "Semester"})
    put(api, f"/indicators/{measure}/forecasts/2024-T3",
        {"value": Decimal("7.5"), "reported_in": "2024-T1"})  # fmt: skip

    text = api.get(f"/plans/{plan}/report/export", period="2024-T1")
    header, *rows = csv_table(text)
    row = dict(zip(header, rows[0], strict=True))
    assert (row["indicator"], row["outcome"], row["outcome_comment"]) == ("Väntetid", "9",
                                                                        "Semester")  # fmt: skip
    assert (row["forecast"], row["forecast_period"], row["forecast_reported_in"]) == (
        "7.5", "2024-T3", "2024-T1"
    )  # fmt: skip
    book = api.get(f"/plans/{plan}/report/export", period="2024-T1", format="xlsx")
    cells = xlsx_table(book)
    assert list(cells[0]) == header
    assert cells[1][header.index("forecast")] == 7.5
    assert cells[1][header.index("outcome_comment")] == "Semester"
