"""Plans and follow-up (seed 002): an indicator's outcomes and targets per tertial, a
correction read before and after it was made, exact decimals, precise refusals."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import openpyxl

from domain.grants import Role
from tests.api.conftest import Api
from tests.support.auth import PRINCIPAL
from tests.support.sheets import csv_table, xlsx_book, xlsx_parts, xlsx_table


def setting_up(api: Api) -> tuple[str, str, str]:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    decision = api.decision(
        decided_on="2023-05-17", paragraph="§61", title="Genomförandeplan", organ_id=region,
        decision_type="meeting_decision",
    )  # fmt: skip
    plan = api.created(
        "/plans",
        {
            "name": "Genomförandeplan 2024–2027",
            "kind": "implementation_plan",
            "owner_organ_id": region,
            "valid_from": "2024-01-01",
            "valid_to": "2028-01-01",
            "effective_on": "2023-05-17",
            "decision_id": decision,
        },
    )["id"]
    return str(plan), region, decision


def add_item(api: Api, plan: str, title: str, **fields: Any) -> str:
    body = {"kind": "focus_area", "title": title, "effective_on": "2024-01-01", **fields}
    return str(api.created(f"/plans/{plan}/items", body)["id"])


def put(api: Api, path: str, body: dict[str, Any]) -> Any:
    response = api.client.put(f"/api/v1{path}", json=body)
    if response.status_code < 300:
        api.position = max(api.position, response.get_json()["position"])
    return response


def test_seed_002_indicator_reported_corrected_and_read_as_it_stood(api: Api) -> None:
    plan, region, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde: Tillgänglighet")
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "subject_organ_id": region, "name": "Andel inom vårdgarantin",
         "unit": "%", "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    for period, target, outcome in (("2023-T2", 63, 57), ("2023-T3", 88, 74), ("2024-T1", 83, 85)):
        assert put(api, f"/indicators/{measure}/targets/{period}",
                   {"value": target, "decision_id": decision}).status_code == 200  # fmt: skip
        assert put(api, f"/indicators/{measure}/outcomes/{period}",
                   {"value": outcome}).status_code == 200  # fmt: skip
    before = api.store_position()
    statusless = put(api, f"/indicators/{measure}/assessments/2024-T1", {"basis": "outcome"})
    assert statusless.status_code == 422
    assert "status" in statusless.get_json()["errors"]
    assert api.store_position() == before, "an assessment needs a status: nothing written"
    assessed = put(api, f"/indicators/{measure}/assessments/2024-T1",
                   {"status": "met", "basis": "outcome", "comment": "Över målvärdet"})  # fmt: skip
    assert assessed.status_code == 200, assessed.get_json()
    submitted = api.store_position()

    refused = put(api, f"/indicators/{measure}/outcomes/2024-T1", {"value": Decimal("84.6")})
    assert refused.status_code == 422
    assert "reason" in refused.get_json()["errors"]
    corrected = put(
        api,
        f"/indicators/{measure}/outcomes/2024-T1",
        {"value": Decimal("84.6"), "reason": "Rättad efter ny dataleverans"},
    )
    assert corrected.status_code == 200, corrected.get_json()
    same = put(api, f"/indicators/{measure}/outcomes/2024-T1",
               {"value": Decimal("84.6"), "reason": "igen"})  # fmt: skip
    assert same.get_json()["written"] is False

    def t1(**params: Any) -> dict[str, Any]:
        series = api.get(f"/indicators/{measure}", **params).get_json()["series"]
        (row,) = [r for r in series if r["period"] == "2024-T1"]
        found: dict[str, Any] = row
        return found

    then, now = t1(known_at=submitted), t1()
    assert (then["outcome"]["value"], then["outcome"]["corrected"]) == (85, False)
    assert then["outcome"]["recorded_to"] is None, "as known then, nothing superseded it"
    assert (now["outcome"]["value"], now["outcome"]["corrected"]) == (Decimal("84.6"), True)
    assert now["outcome"]["reason"] == "Rättad efter ny dataleverans"
    assert now["target"]["value"] == 83
    assert now["assessment"]["status"] == "met"
    periods = [r["period"] for r in api.get(f"/indicators/{measure}").get_json()["series"]]
    assert periods == ["2023-T2", "2023-T3", "2024-T1"]

    raw = api.get(f"/indicators/{measure}").data.decode()
    assert '"value":84.6,' in raw, "an exact decimal is sent as a JSON number"
    history = api.get(f"/indicators/{measure}/history/2024-T1").get_json()["values"]
    outcomes = [v for v in history if v["series"] == "outcome"]
    assert [(v["value"], v["corrected"], v["recorded_to"] is None) for v in outcomes] == [
        (85, False, False),
        (Decimal("84.6"), True, True),
    ]
    # Who and when: the actor, the position and the store's clock at that position.
    first, correction = outcomes
    assert correction["actor"] == PRINCIPAL
    assert first["recorded_to"] == correction["recorded_from"]
    assert datetime.fromisoformat(first["recorded_at"]) <= datetime.fromisoformat(
        correction["recorded_at"]
    )
    assert now["outcome"]["recorded_at"] == correction["recorded_at"]


def test_bad_values_are_refused_and_write_nothing(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "name": "Mått", "unit": "antal",
         "direction": "lower_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    before = api.store_position()
    unknown = "00000000-0000-4000-8000-000000000000"
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        (f"/indicators/{measure}/outcomes/2024-M03", {"value": 1}, 422, "period"),
        (f"/indicators/{measure}/outcomes/2024-T9", {"value": 1}, 422, "period"),
        (f"/indicators/{measure}/outcomes/2024-T1", {"value": "12"}, 422, "value"),
        (f"/indicators/{measure}/outcomes/2024-T1", {}, 422, "value"),
        (f"/indicators/{measure}/targets/2024-T1", {"value": 5}, 422, "decision_id"),
        (f"/indicators/{measure}/assessments/2024-T1", {"status": "green"}, 422, "status"),
    ]
    for path, body, status, field in cases:
        response = put(api, path, body)
        assert response.status_code == status, (path, body, response.get_json())
        assert field in response.get_json()["errors"], (field, response.get_json())
    assert put(api, f"/indicators/{unknown}/outcomes/2024-T1", {"value": 1}).status_code == 404
    missing_item = api.post("/indicators", {"plan_item_id": unknown, "name": "x", "unit": "st",
                                            "direction": "higher_is_better",
                                            "periodicity": "year"})  # fmt: skip
    assert missing_item.status_code == 422
    assert "plan_item_id" in missing_item.get_json()["errors"]
    assert api.store_position() == before

    closed = api.post(f"/plans/{plan}/closure", {"effective_on": "2028-01-01",
                                                  "decision_id": decision})  # fmt: skip
    assert closed.status_code == 200
    late_target = put(api, f"/indicators/{measure}/targets/2027-T3",
                      {"value": 5, "decision_id": decision})  # fmt: skip
    assert late_target.status_code == 409
    assert put(api, f"/indicators/{measure}/outcomes/2027-T3", {"value": 5}).status_code == 200


def test_an_indicators_subject_organ_exists_during_the_plans_span(api: Api) -> None:
    """The plan runs 2024-01-01 to 2028-01-01: a subject dissolved before it starts, or
    established after it ends, has no result in it; one in existence on any of its days
    has (seed 004: divisions established 2022-01-01 report from then on)."""
    plan, region, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    registration = api.decision()

    def administration(name: str, established: str, dissolved: str | None = None) -> str:
        organ = api.organ(name, "administration", registration, parent_id=region,
                          effective_on=established)  # fmt: skip
        if dissolved is not None:
            change = {"effective_on": dissolved, "decision_id": registration}
            assert api.post(f"/organs/{organ}/dissolution", change).status_code == 200
        return organ

    gone = administration("Hälso- och sjukvårdsförvaltningen", "2015-01-01", "2024-01-01")
    later = administration("Division Framtid", "2028-01-01")
    ending = administration("Division Medicin", "2022-01-01", "2024-01-02")
    starting = administration("Division Nära vård", "2027-12-31")
    body = {"plan_item_id": area, "name": "Mått", "unit": "st",
            "direction": "higher_is_better", "periodicity": "tertial"}  # fmt: skip
    before = api.store_position()
    for subject, said in ((gone, "dissolved from 2024-01-01"),
                          (later, "not established until 2028-01-01")):  # fmt: skip
        response = api.post("/indicators", {**body, "subject_organ_id": subject})
        assert response.status_code == 409, response.get_json()
        problem = response.get_json()
        assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
        assert "subject_organ_id" in problem["errors"], problem
        assert said in problem["detail"], problem
        assert "2024-01-01 – 2028-01-01" in problem["detail"], problem
    assert api.store_position() == before
    for subject in (ending, starting):
        defined = api.post("/indicators", {**body, "subject_organ_id": subject})
        assert defined.status_code == 201, defined.get_json()


def test_an_owner_is_a_person_or_an_organ_and_the_answer_names_the_one_at_fault(
    api: Api,
) -> None:
    plan, region, _ = setting_up(api)
    person = api.created("/people", {"name": "Anna Andersson"})["id"]
    area = add_item(api, plan, "Fokusområde")
    good = {"role": "responsible", "person_id": person}
    before = api.store_position()
    for owners in (
        [{"role": "responsible"}],
        [good, {"role": "lead_organ", "person_id": person, "organ_id": region}],
    ):
        body = {"title": "Mål", "effective_on": "2024-01-01", "owners": owners}
        at_fault = f"owners.{len(owners) - 1}.person_id"
        for response in (
            api.post(f"/plans/{plan}/items", {**body, "kind": "goal"}),
            api.post(f"/plans/{plan}/items/{area}/revisions", body),
        ):
            assert response.status_code == 422, (owners, response.get_json())
            assert list(response.get_json()["errors"]) == [at_fault], response.get_json()
    assert api.store_position() == before


def test_the_plan_tree_over_valid_time(api: Api) -> None:
    plan, region, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde 1",
                    owners=[{"role": "lead_organ", "organ_id": region}])  # fmt: skip
    goal = add_item(api, plan, "Mål 1.1", kind="goal", parent_id=area)
    other = add_item(api, plan, "Fokusområde 2")
    revision = {"title": "Mål 2.1", "parent_id": other, "effective_on": "2025-01-01"}
    moved = api.post(f"/plans/{plan}/items/{goal}/revisions", revision)
    assert moved.status_code == 200, moved.get_json()

    def tree(valid_at: str) -> dict[str, list[str]]:
        body = api.get(f"/plans/{plan}", valid_at=valid_at).get_json()
        return {n["title"]: [c["title"] for c in n["children"]] for n in body["items"]}

    assert tree("2024-06-01") == {"Fokusområde 1": ["Mål 1.1"], "Fokusområde 2": []}
    assert tree("2025-06-01") == {"Fokusområde 1": [], "Fokusområde 2": ["Mål 2.1"]}
    refused = api.post(f"/plans/{plan}/items/{other}/removal", {"effective_on": "2025-06-01"})
    assert refused.status_code == 409
    under_own_goal = {"title": "Fokusområde 2", "parent_id": goal, "effective_on": "2025-06-01"}
    cycle = api.post(f"/plans/{plan}/items/{other}/revisions", under_own_goal)
    assert cycle.status_code == 409
    assert "parent_id" in cycle.get_json()["errors"]
    assert cycle.get_json()["type"] == "urn:styrlogg:problem:move-would-make-cycle"
    assert api.get(f"/plans/{region}").status_code == 404


def test_a_plan_read_names_its_version_and_the_decision_in_force_and_has_a_history(
    api: Api,
) -> None:
    plan, region, adoption = setting_up(api)
    read = api.get(f"/plans/{plan}", valid_at="2024-06-01")
    assert (read.get_json()["version"], read.headers["ETag"]) == (1, '"1"')
    assert read.get_json()["decision_id"] == adoption
    # "Reviderad och beslutad i SSN april 2024": re-adopted by a new decision, same fields.
    ssn = api.decision(decided_on="2024-04-25", paragraph="§12", title="Reviderad plan",
                       organ_id=region, decision_type="meeting_decision")  # fmt: skip
    same = {"name": "Genomförandeplan 2024–2027", "valid_from": "2024-01-01",
            "valid_to": "2028-01-01", "effective_on": "2024-05-01"}  # fmt: skip
    readopted = api.post(f"/plans/{plan}/revisions", {**same, "decision_id": ssn})
    assert readopted.status_code == 200, readopted.get_json()
    again = api.post(f"/plans/{plan}/revisions", {**same, "decision_id": ssn})
    assert again.status_code == 409, again.get_json()
    item = add_item(api, plan, "Fokusområde")

    def in_force(valid_at: str, **known: Any) -> tuple[str, int, str]:
        response = api.get(f"/plans/{plan}", valid_at=valid_at, **known)
        body = response.get_json()
        return body["decision_id"], body["version"], response.headers["ETag"]

    assert in_force("2024-04-30") == (adoption, 2, '"2"')
    assert in_force("2024-06-01") == (ssn, 2, '"2"')
    assert in_force("2024-06-01", known_at=readopted.get_json()["position"] - 1) == (
        adoption, 1, '"1"',
    )  # fmt: skip

    history = api.get(f"/plans/{plan}/history", limit=2).get_json()
    assert [(c["event_type"], c["decision_id"]) for c in history["items"]] == [
        ("Plan.Adopted", adoption),
        ("Plan.Revised", ssn),
    ]
    rest = api.get(f"/plans/{plan}/history", cursor=history["next_cursor"]).get_json()
    assert [(c["event_type"], c["aggregate_id"]) for c in rest["items"]] == [
        ("PlanItem.Added", item),
    ]
    assert api.get(f"/plans/{region}/history").status_code == 404
    assert api.get(f"/plans/{item}/history").status_code == 404


def test_plan_item_changes_may_cite_a_decision_shown_in_their_history(api: Api) -> None:
    plan, region, decision = setting_up(api)
    change = api.decision(decided_on="2024-03-01", paragraph="§20", title="Nytt fokusområde",
                          organ_id=region, decision_type="meeting_decision")  # fmt: skip
    area = add_item(api, plan, "Fokusområde", decision_id=change)
    revised = api.post(f"/plans/{plan}/items/{area}/revisions",
                       {"title": "Fokusområde A", "effective_on": "2024-06-01"})  # fmt: skip
    assert revised.status_code == 200, revised.get_json()
    removed = api.post(f"/plans/{plan}/items/{area}/removal",
                       {"effective_on": "2025-01-01", "decision_id": decision})  # fmt: skip
    assert removed.status_code == 200, removed.get_json()
    history = api.get(f"/plans/{plan}/history").get_json()["items"]
    assert [(c["event_type"], c["decision_id"]) for c in history[1:]] == [
        ("PlanItem.Added", change),
        ("PlanItem.Revised", None),
        ("PlanItem.Removed", decision),
    ]
    before = api.store_position()
    unknown = "00000000-0000-4000-8000-000000000000"
    for response in (
        api.post(f"/plans/{plan}/items", {"kind": "goal", "title": "Mål",
                                          "effective_on": "2024-01-01", "decision_id": unknown}),
        api.post(f"/plans/{plan}/items/{area}/revisions",
                 {"title": "B", "effective_on": "2024-09-01", "decision_id": "nej"}),
    ):  # fmt: skip
        assert response.status_code == 422, response.get_json()
        assert list(response.get_json()["errors"]) == ["decision_id"]
    assert api.store_position() == before


def test_submitting_and_locking_a_period(api: Api) -> None:
    plan, region, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "name": "Mått", "unit": "antal",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    assert put(api, f"/indicators/{measure}/outcomes/2024-T1", {"value": 10}).status_code == 200
    submitted = api.post(f"/plans/{plan}/periods/2024/submission", {})
    assert submitted.status_code == 200, submitted.get_json()
    assert api.post(f"/plans/{plan}/periods/2024/submission", {}).status_code == 409
    assert api.post(f"/plans/{plan}/periods/2030/submission", {}).status_code == 409
    assert api.post(f"/plans/{plan}/periods/2024-T5/submission", {}).status_code == 422

    # A first value after the year's submission is a late report; T1's is on time.
    assert put(api, f"/indicators/{measure}/outcomes/2024-T2", {"value": 12}).status_code == 200
    series = {r["period"]: r for r in api.get(f"/indicators/{measure}").get_json()["series"]}
    assert (series["2024-T1"]["outcome"]["late"], series["2024-T2"]["outcome"]["late"]) == (
        False,
        True,
    )

    locked = api.post(f"/plans/{plan}/periods/2024-T1/lock", {"reason": "Tertialrapport T1"})
    assert locked.status_code == 200
    # Neither an officer of the region nor a registrar is a corrector.
    officer = api.signed_in("uppfoljare", [Role.FOLLOW_UP_OFFICER], [region])
    registrar = api.signed_in("registrator", [Role.REGISTRAR])
    position = api.store_position()
    refused = put(officer, f"/indicators/{measure}/outcomes/2024-T1", {"value": 11, "reason": "x"})
    assert refused.status_code == 423, refused.get_json()
    first_in_locked = put(registrar, f"/indicators/{measure}/targets/2024-T1",
                          {"value": 9, "decision_id": decision})  # fmt: skip
    assert first_in_locked.status_code == 423
    assert api.store_position() == position
    # T2 is not locked: a correction there is still an ordinary correction.
    assert put(api, f"/indicators/{measure}/outcomes/2024-T2",
               {"value": 13, "reason": "rättad"}).status_code == 200  # fmt: skip
    marks = api.get(f"/plans/{plan}").get_json()["periods"]
    assert [(m["period"], m["mark"]) for m in marks] == [
        ("2024", "submitted"),
        ("2024-T1", "locked"),
    ]


def test_the_follow_up_report_of_a_period(api: Api) -> None:
    plan, region, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    activity = add_item(api, plan, "Aktivitet A", kind="activity", parent_id=area)
    other = add_item(api, plan, "Aktivitet B", kind="activity", parent_id=area)

    def define(name: str, periodicity: str, accumulation: str) -> str:
        body = {"plan_item_id": area, "name": name, "unit": "MSEK",
                "direction": "lower_is_better", "periodicity": periodicity,
                "accumulation": accumulation}  # fmt: skip
        return str(api.created("/indicators", body)["id"])

    tertial = define("Andel", "tertial", "point_in_time")
    monthly = define("Budgetavvikelse", "month", "period")
    yearly = define("Årsresultat", "year", "period")
    for period, outcome in (("2024-T1", 85), ("2024-T2", 57)):
        put(api, f"/indicators/{tertial}/outcomes/{period}", {"value": outcome})
        put(api, f"/indicators/{tertial}/targets/{period}",
            {"value": 83, "decision_id": decision})  # fmt: skip
    # Seed 004's style: monthly deviations in MSEK, exact: −131.6 − (−119.3) = −12.3.
    for month, value in (("01", "-131.6"), ("02", "-119.3"), ("03", "4.2"), ("04", "0.1")):
        put(api, f"/indicators/{monthly}/outcomes/2024-M{month}", {"value": Decimal(value)})
    followed = api.client.put(
        f"/api/v1/plans/{plan}/items/{activity}/follow-ups/2024-T1",
        json={"status": "ongoing", "comment": "Enligt plan"},
    )
    assert followed.status_code == 200, followed.get_json()
    api.position = followed.get_json()["position"]
    bad = api.client.put(f"/api/v1/plans/{plan}/items/{activity}/follow-ups/2024-T1",
                         json={"status": "green"})  # fmt: skip
    assert bad.status_code == 422

    response = api.get(f"/plans/{plan}/report", period="2024-T1")
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["as_of"]["valid_at"] == "2024-04-30"
    items = {i["title"]: i for i in report["items"]}
    assert [(i["title"], i["depth"]) for i in report["items"]] == [
        ("Fokusområde", 0),
        ("Aktivitet A", 1),
        ("Aktivitet B", 1),
    ]
    assert items["Aktivitet A"]["follow_up"]["status"] == "ongoing"
    figures = {i["name"]: i for i in items["Fokusområde"]["indicators"]}
    assert (figures["Andel"]["outcome"], figures["Andel"]["target"]) == (85, 83)
    assert figures["Andel"]["difference"] == 2
    assert figures["Budgetavvikelse"]["periods"] == ["2024-M01", "2024-M02", "2024-M03",
                                                      "2024-M04"]  # fmt: skip
    assert figures["Budgetavvikelse"]["outcome"] == Decimal("-246.6")
    assert (figures["Årsresultat"]["id"], figures["Årsresultat"]["periods"]) == (yearly, [])
    assert figures["Årsresultat"]["missing"] is False
    assert [(m["what"], m["id"]) for m in report["missing"]] == [("follow_up", other)]

    assert report["due_on"] is None
    deadline = api.client.put(f"/api/v1/plans/{plan}/periods/2024-T1",
                              json={"due_on": "2024-05-15"})  # fmt: skip
    assert deadline.status_code == 200, deadline.get_json()
    api.position = deadline.get_json()["position"]
    early = api.client.put(f"/api/v1/plans/{plan}/periods/2024-T1", json={"due_on": "2023-12-31"})
    assert early.status_code == 422
    with_deadline = api.get(f"/plans/{plan}/report", period="2024-T1").get_json()
    assert with_deadline["due_on"] == "2024-05-15"
    assert with_deadline["days_left"] < 0, "that deadline has passed"
    year = api.get(f"/plans/{plan}/report", period="2024").get_json()
    year_figures = {i["name"]: i for i in year["items"][0]["indicators"]}
    assert year_figures["Andel"]["periods"] == ["2024-T3"]
    assert year_figures["Andel"]["missing"] is True
    assert api.get(f"/plans/{plan}/report", period="2024-T7").status_code == 422
    assert api.get(f"/plans/{region}/report", period="2024").status_code == 404


def test_the_report_as_submitted_against_now(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    activity = add_item(api, plan, "Aktivitet", kind="activity", parent_id=area)
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "name": "Mått", "unit": "%",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    put(api, f"/indicators/{measure}/targets/2024-T1", {"value": 83, "decision_id": decision})
    put(api, f"/indicators/{measure}/outcomes/2024-T1", {"value": 85})
    not_yet = api.get(f"/plans/{plan}/report/changes", period="2024-T1")
    assert not_yet.status_code == 409
    assert api.post(f"/plans/{plan}/periods/2024-T1/submission", {}).status_code == 200
    assert api.get(f"/plans/{plan}/report/changes", period="2024-T1").get_json()["changes"] == []

    put(api, f"/indicators/{measure}/outcomes/2024-T1",
        {"value": Decimal("84.6"), "reason": "Ny dataleverans"})  # fmt: skip
    followed = api.client.put(f"/api/v1/plans/{plan}/items/{activity}/follow-ups/2024-T1",
                              json={"status": "delayed"})  # fmt: skip
    api.position = followed.get_json()["position"]
    changes = api.get(f"/plans/{plan}/report/changes", period="2024-T1").get_json()["changes"]
    assert [(c["what"], c["submitted"], c["now"], c["reason"]) for c in changes] == [
        ("outcome", 85, Decimal("84.6"), "Ny dataleverans"),
        ("follow_up", None, "delayed", None),
    ]
    outcome_change, follow_up_change = changes
    assert follow_up_change["position"] == followed.get_json()["position"]
    assert outcome_change["position"] < follow_up_change["position"]
    assert outcome_change["actor"] == PRINCIPAL
    assert datetime.fromisoformat(outcome_change["recorded_at"]) <= datetime.fromisoformat(
        follow_up_change["recorded_at"]
    )
    report = api.get(f"/plans/{plan}/report", period="2024-T1").get_json()
    follow_up = report["items"][1]["follow_up"]
    assert (follow_up["status"], follow_up["late"]) == ("delayed", True)


def test_exports_as_csv_and_xlsx_people_can_read(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    add_item(api, plan, "Aktivitet", kind="activity", parent_id=area)
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "name": "Budgetavvikelse", "unit": "MSEK",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    put(api, f"/indicators/{measure}/targets/2024-T1", {"value": 0, "decision_id": decision})
    put(api, f"/indicators/{measure}/outcomes/2024-T1", {"value": Decimal("-131.6")})
    put(api, f"/indicators/{measure}/assessments/2024-T1", {"status": "partly_met"})
    report = f"/plans/{plan}/report/export"

    csv_report = api.get(report, period="2024-T1")
    assert (csv_report.status_code, csv_report.mimetype) == (200, "text/csv")
    lines = csv_report.data.decode().splitlines()
    assert lines[0].startswith("Del av planen,Typ,Status,Statuskommentar,Indikator,Enhet")
    header, area_row, activity_row = csv_table(csv_report)
    area_cells = dict(zip(header, area_row, strict=True))
    assert [area_cells[k] for k in ("kind", "indicator", "unit", "periods", "target", "outcome",
                                    "difference")] == [
        "fokusområde", "Budgetavvikelse", "MSEK", "2024-T1", "0", "-131.6", "-131.6",
    ]  # fmt: skip
    assert (area_cells["assessment"], area_cells["corrected"]) == ("delvis uppfyllt", "nej")
    # `missing` says what the JSON report's `missing` lists for the row
    json_missing = api.get(f"/plans/{plan}/report", period="2024-T1").get_json()["missing"]
    assert [m["what"] for m in json_missing] == ["follow_up"]
    assert dict(zip(header, activity_row, strict=True))["missing"] == "status"
    assert area_cells["missing"] == ""

    english = api.get(report, period="2024-T1", lang="en")
    assert english.data.decode().startswith("Plan item,Kind,Status,Status comment,Indicator")
    assert dict(zip(*csv_table(english, lang="en")[:2], strict=True))["assessment"] == (
        "partly met"
    )
    swedish_excel = api.get(report, period="2024-T1", dialect="excel-sv")
    assert swedish_excel.data.startswith("\ufeff".encode())
    cells = dict(zip(*csv_table(swedish_excel, delimiter=";")[:2], strict=True))
    assert (cells["outcome"], cells["difference"]) == ("-131,6", "-131,6")

    xlsx = api.get(report, period="2024-T1", format="xlsx")
    title_block, table = xlsx_parts(xlsx)
    assert title_block[0][0].value == "Uppföljning: Genomförandeplan 2024–2027"
    about = {row[0].value: row[1].value for row in title_block[1:]}
    assert about["Period"] == "2024-T1"
    assert (about["Position"], about["Klarmarkerad"], about["Låst"]) == (
        api.store_position(), "nej", "nej",
    )  # fmt: skip
    sheet = xlsx_book(xlsx)
    header_row = table[0][0].row
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert all(cell.font.bold for cell in table[0])
    assert sheet.column_dimensions["A"].width >= len("Del av planen")
    assert xlsx_table(xlsx)[1][header.index("outcome")] == -131.6

    series = api.get(f"/indicators/{measure}/export", format="xlsx")
    rows = xlsx_table(series)
    entry = dict(zip(rows[0], rows[1], strict=True))
    assert (entry["period"], entry["target"], entry["outcome"]) == ("2024-T1", 0, -131.6)
    assert isinstance(entry["recorded_at"], datetime), "a moment is a date, not a text"
    recorded_at = next(c for c in xlsx_parts(series)[1][1] if isinstance(c.value, datetime))
    assert recorded_at.number_format == "yyyy-mm-dd hh:mm:ss"
    assert api.get(f"/indicators/{measure}/export", format="pdf").status_code == 422
    assert api.get(f"/indicators/{measure}/export", lang="de").status_code == 422
    assert api.get(report, period="2024-T1", dialect="excel-de").status_code == 422


def test_a_periods_values_imported_from_a_spreadsheet(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    ids = [
        api.created("/indicators", {"plan_item_id": area, "name": name, "unit": "MSEK",
                                    "direction": "higher_is_better",
                                    "periodicity": "tertial"})["id"]
        for name in ("A", "B")
    ]  # fmt: skip
    path = f"/api/v1/plans/{plan}/periods/2024-T1/values"
    header = "indicator_id;series;value;comment;decision_id"
    bad = "\n".join(
        [
            header,
            f"{ids[0]};outcome;-131,6;Ack oktober;",
            f"{ids[1]};outcome;tolv;;",
            f"{ids[1]};target;5;;",
            f"{area};outcome;1;;",
        ]
    )
    before = api.store_position()
    refused = api.client.post(path, data=bad.encode(), content_type="text/csv")
    assert refused.status_code == 422, refused.get_json()
    assert [(r["row"], r["field"]) for r in refused.get_json()["rejected"]] == [
        (2, "value"),
        (3, "decision_id"),
        (4, "indicator_id"),
    ]
    assert api.store_position() == before

    good = "\n".join(
        [header, f"{ids[0]};outcome;-131,6;Ack oktober;", f"{ids[1]};target;5;;{decision}"]
    )
    done = api.client.post(path, data=good.encode(), content_type="text/csv")
    assert done.status_code == 201, done.get_json()
    assert (done.get_json()["written"], done.get_json()["unchanged"]) == (2, 0)
    api.position = done.get_json()["position"]
    series = api.get(f"/indicators/{ids[0]}").get_json()["series"]
    assert series[0]["outcome"]["value"] == Decimal("-131.6")

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator_id", "series", "value", "reason"])
    sheet.append([ids[0], "outcome", -130.2, "Rättad"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    corrected = api.client.post(path, data=buffer.getvalue(), content_type=xlsx)
    assert corrected.status_code == 201, corrected.get_json()
    api.position = corrected.get_json()["position"]
    outcome = api.get(f"/indicators/{ids[0]}").get_json()["series"][0]["outcome"]
    assert (outcome["value"], outcome["corrected"], outcome["reason"]) == (
        Decimal("-130.2"), True, "Rättad",
    )  # fmt: skip
    junk = api.client.post(path, data=b"not a workbook", content_type=xlsx)
    assert junk.status_code == 422
    assert "body" in junk.get_json()["errors"]


def test_forecasts_are_kept_by_the_period_they_were_made_in(api: Api) -> None:
    plan, _, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    measure = api.created("/indicators", {"plan_item_id": area, "name": "Årsresultat",
                                          "unit": "MSEK", "direction": "higher_is_better",
                                          "periodicity": "year"})["id"]  # fmt: skip
    path = f"/indicators/{measure}/forecasts/2020"
    assert (
        put(api, path, {"value": Decimal("-165.9"), "reported_in": "2020-M09"}).status_code == 200
    )
    assert (
        put(api, path, {"value": Decimal("-182.9"), "reported_in": "2020-M10"}).status_code == 200
    )
    again = put(api, path, {"value": Decimal("-182.9"), "reported_in": "2020-M10"})
    assert again.get_json()["written"] is False
    fixed = put(api, path, {"value": Decimal("-183.0"), "reported_in": "2020-M10"})
    assert fixed.status_code == 422, "changing the same forecast is a correction: reason"
    assert put(api, path, {"value": 1}).status_code == 422
    (row,) = api.get(f"/indicators/{measure}").get_json()["series"]
    assert [(f["reported_in"], f["value"], f["corrected"]) for f in row["forecasts"]] == [
        ("2020-M09", Decimal("-165.9"), False),
        ("2020-M10", Decimal("-182.9"), False),
    ]
    assert row["outcome"] is None


def test_a_goal_is_assessed_per_period_corrected_and_read_as_submitted(api: Api) -> None:
    plan, region, _ = setting_up(api)
    area = add_item(api, plan, "Nära vård")
    goal = add_item(api, plan, "Vårdgarantin uppfylls", kind="goal", parent_id=area)
    path = f"/plans/{plan}/items/{goal}/assessments/2024-T1"
    body = {"status": "partly_met", "basis": "forecast", "comment": "Köerna minskar"}
    first = put(api, path, body)
    assert first.status_code == 200, first.get_json()
    assert put(api, path, body).get_json()["written"] is False, "the same again: nothing"
    refusals = {
        "status": put(api, path, {"status": "green"}),
        "basis": put(api, path, {"status": "met", "basis": "hunch"}),
        "period": put(api, f"/plans/{plan}/items/{goal}/assessments/2023-T1", body),
    }
    for field, refused in refusals.items():
        assert refused.status_code in (409, 422), (field, refused.get_json())
        assert field in refused.get_json()["errors"], field
    unknown = put(api, f"/plans/{plan}/items/{plan}/assessments/2024-T1", body)
    assert unknown.status_code == 404
    needs_reason = put(api, path, {"status": "met", "basis": "outcome"})
    assert needs_reason.status_code == 422
    assert "reason" in needs_reason.get_json()["errors"]

    assert api.post(f"/plans/{plan}/periods/2024-T1/submission", {}).status_code == 200
    submitted = api.store_position()
    corrected = put(api, path, {"status": "met", "basis": "outcome", "reason": "Utfallet kom"})
    assert corrected.status_code == 200, corrected.get_json()

    def own(**params: Any) -> dict[str, Any]:
        report = api.get(f"/plans/{plan}/report", period="2024-T1", **params).get_json()
        (entry,) = [i for i in report["items"] if i["id"] == goal]
        found: dict[str, Any] = entry["assessment"]
        return found

    then, now = own(known_at=submitted), own()
    assert (then["status"], then["basis"], then["corrected"]) == ("partly_met", "forecast", False)
    assert (now["status"], now["corrected"], now["reason"]) == ("met", True, "Utfallet kom")
    assert now["recorded_at"] >= then["recorded_at"]
    changes = api.get(f"/plans/{plan}/report/changes", period="2024-T1").get_json()["changes"]
    assert [(c["what"], c["id"], c["submitted"], c["now"]) for c in changes] == [
        ("assessment", goal, "partly_met", "met")
    ]
    header, *rows = csv_table(api.get(f"/plans/{plan}/report/export", period="2024-T1"))
    assert header[-2:] == ["item_assessment", "item_assessment_comment"]
    assert any(r[0] == "  Vårdgarantin uppfylls" and r[-2:] == ["uppfyllt", ""] for r in rows)

    assert api.post(f"/plans/{plan}/periods/2024-T1/lock", {}).status_code == 200
    officer = api.signed_in("uppfoljare", [Role.FOLLOW_UP_OFFICER], [region])
    locked = put(officer, path, {"status": "not_met", "basis": "outcome", "reason": "Omprövat"})
    assert locked.status_code == 423
