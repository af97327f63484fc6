"""Assignments from decisions (seeds 003, 004): open, overdue, reported, closed, by date."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api


def setting_up(api: Api) -> tuple[str, str, str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    vastkom = api.organ("VästKom", "external_party", registration)
    office = api.organ("Koncernkontoret", "administration", registration, parent_id=region)
    decision = api.decision(
        decided_on="2016-09-19",
        title="Ny struktur för samverkan",
        organ_id=region,
        decision_type="meeting_decision",
    )
    return decision, vastkom, office, region


def give(api: Api, decision: str, *assignees: str, **fields: Any) -> str:
    body = {
        "decision_id": decision,
        "title": "Ta fram ett förslag till uppdragshandling för VVG",
        "assignees": [{"organ_id": a} for a in assignees],
        **fields,
    }
    return str(api.created("/assignments", body)["id"])


def listed(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.get("/assignments", **params)
    assert response.status_code == 200, response.get_json()
    items: list[dict[str, Any]] = response.get_json()["items"]
    return items


def test_an_assignment_is_open_then_overdue_then_reported_late(api: Api) -> None:
    decision, vastkom, office, _ = setting_up(api)
    task = give(api, decision, vastkom, office, due_on="2016-12-31")

    assert listed(api, valid_at="2016-09-18") == [], "not before the decision's date"
    (on_time,) = listed(api, valid_at="2016-10-01")
    assert (on_time["status"], on_time["overdue"]) == ("open", False)
    assert listed(api, valid_at="2016-12-31", overdue="true") == []
    (late,) = listed(api, valid_at="2017-01-15", overdue="true")
    assert late["id"] == task
    before_report = api.store_position()

    reported = api.post(
        f"/assignments/{task}/reports",
        {"text": "Förslag till uppdragshandling för VVG", "reported_on": "2017-02-01"},
    )
    assert reported.status_code == 201, reported.get_json()

    after = api.get(f"/assignments/{task}", valid_at="2017-03-01").get_json()
    assert (after["status"], after["reported_late"], after["overdue"]) == ("reported", True, False)
    assert [r["text"] for r in after["reports"]] == ["Förslag till uppdragshandling för VVG"]
    # In valid time it was still overdue in January; as known before the report, it still is.
    assert [a["id"] for a in listed(api, valid_at="2017-01-15", overdue="true")] == [task]
    then = api.get(f"/assignments/{task}", valid_at="2017-03-01", known_at=before_report)
    assert (then.get_json()["status"], then.get_json()["reports"]) == ("open", [])

    closed = api.post(f"/assignments/{task}/closure", {"effective_on": "2017-03-15"})
    assert closed.status_code == 200, closed.get_json()
    assert listed(api, valid_at="2017-04-01", status="closed")[0]["id"] == task
    late_report = api.post(
        f"/assignments/{task}/reports", {"text": "Tillägg", "reported_on": "2017-04-01"}
    )
    assert late_report.status_code == 409


def test_due_in_a_period_and_filters(api: Api) -> None:
    decision, vastkom, office, region = setting_up(api)
    by_period = give(api, decision, office, due_period="2017-T1")
    other_decision = api.decision(decided_on="2016-10-01", title="Annat beslut", organ_id=region)
    no_deadline = give(api, other_decision, vastkom, title="Se över gemensamma grupperingar")

    detail = api.get(f"/assignments/{by_period}", valid_at="2017-05-01").get_json()
    assert (detail["due_on"], detail["due_period"], detail["overdue"]) == (
        "2017-04-30",
        "2017-T1",
        True,
    )
    assert [a["id"] for a in listed(api, valid_at="2017-05-01", assignee_id=vastkom)] == [
        no_deadline
    ]
    assert [a["id"] for a in listed(api, valid_at="2017-05-01", decision_id=decision)] == [
        by_period
    ]
    assert [a["id"] for a in listed(api, valid_at="2030-01-01", overdue="false")] == [no_deadline]
    page = api.get("/assignments", valid_at="2017-05-01", limit=1).get_json()
    rest = api.get("/assignments", cursor=page["next_cursor"]).get_json()
    assert [a["id"] for a in page["items"] + rest["items"]] == [by_period, no_deadline]


def test_bad_assignments_are_refused_and_write_nothing(api: Api) -> None:
    decision, vastkom, office, _ = setting_up(api)
    unknown = "00000000-0000-4000-8000-000000000000"
    body = {"decision_id": decision, "title": "Uppdrag", "assignees": [{"organ_id": vastkom}]}
    before = api.store_position()
    cases: list[tuple[dict[str, Any], str]] = [
        ({**body, "due_on": "2017-01-01", "due_period": "2017-T1"}, "due_period"),
        ({**body, "due_period": "2017-T4"}, "due_period"),
        ({**body, "assignees": []}, "assignees"),
        ({**body, "assignees": [{"organ_id": unknown}]}, "assignees"),
        ({**body, "assignees": [{}]}, "assignees.0.organ_id"),
        ({**body, "decision_id": unknown}, "decision_id"),
        ({**body, "effective_on": "2016-01-01"}, "effective_on"),
        ({**body, "due_on": "2016-01-01"}, "due_on"),
        ({**body, "title": ""}, "title"),
    ]
    for sent, field in cases:
        response = api.post("/assignments", sent)
        assert response.status_code == 422, (sent, response.get_json())
        assert field in response.get_json()["errors"], (field, response.get_json())
    assert api.store_position() == before

    dissolved = api.post(
        f"/organs/{vastkom}/dissolution", {"effective_on": "2016-01-01", "decision_id": decision}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    gone = api.post("/assignments", body)
    assert gone.status_code == 409, "the assignee no longer exists on the decision's date"
    assert "assignees" in gone.get_json()["errors"]
    task = give(api, decision, office)
    unknown_report = {"text": "x", "reported_on": "2017-01-01"}
    assert api.post(f"/assignments/{unknown}/reports", unknown_report).status_code == 404
    assert api.get(f"/assignments/{unknown}").status_code == 404
    early = api.post(f"/assignments/{task}/reports", {"text": "x", "reported_on": "2016-01-01"})
    assert early.status_code == 409
    no_decision = api.post(f"/assignments/{task}/withdrawal", {"effective_on": "2017-01-01"})
    assert no_decision.status_code == 422
    assert "decision_id" in no_decision.get_json()["errors"]
    assert api.get("/assignments", status="forgotten").status_code == 422


def test_an_assignee_exists_on_the_day_the_assignment_holds_from(api: Api) -> None:
    """The day is the decision's `decided_on`, or the assignment's later `effective_on`."""
    decision, vastkom, office, region = setting_up(api)
    registration = api.decision()
    later = api.organ("Vårdsamverkan Västra Götaland", "collaboration", registration,
                      effective_on="2017-01-01", principal_ids=[region, vastkom])  # fmt: skip
    ended = api.post(
        f"/organs/{office}/dissolution", {"effective_on": "2016-10-01", "decision_id": decision}
    )
    assert ended.status_code == 200, ended.get_json()
    body = {"decision_id": decision, "title": "Uppdrag"}
    before = api.store_position()
    for assignee, fields, said in (
        (later, {}, "not established until 2017-01-01"),
        (office, {"effective_on": "2016-10-01"}, "dissolved from 2016-10-01"),
    ):
        sent = {**body, "assignees": [{"organ_id": assignee}], **fields}
        response = api.post("/assignments", sent)
        assert response.status_code == 409, (sent, response.get_json())
        problem = response.get_json()
        assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
        assert said in problem["errors"]["assignees"][0], problem
    assert api.store_position() == before
    give(api, decision, later, effective_on="2017-01-01")
    give(api, decision, office)
