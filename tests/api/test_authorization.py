"""Who may do what (issue 17): roles granted as events, checked on every request: 403
problem documents that write nothing, a follow-up officer's organs on the period's last
day, the corrector's locked periods, grants read at any date as known at any time, and a
revocation dated back that leaves what was allowed before it as it was."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.views import MethodView
from werkzeug.test import TestResponse

from domain.grants import Role
from interfaces.http.app import create_app
from interfaces.http.openapi import WRITES
from tests.api.conftest import Api, client_of, serving
from tests.api.test_plans_over_http import put
from tests.conftest import STORES
from tests.support.auth import PRINCIPAL, grant

TODAY = date.today()


@dataclasses.dataclass
class Organisation:
    """A region with two administrations, a unit under the first, and a plan of the
    region's with one indicator per administration (tertial)."""

    region: str
    first: str
    second: str
    unit: str
    plan: str
    item: str
    decision: str

    def indicator(self, api: Api, subject: str) -> str:
        return str(
            api.created(
                "/indicators",
                {"plan_item_id": self.item, "name": "Mått", "unit": "st",
                 "direction": "higher_is_better", "periodicity": "tertial",
                 "subject_organ_id": subject},
            )["id"]
        )  # fmt: skip


def organisation(api: Api) -> Organisation:
    decision = api.decision()
    region = api.organ("Region", "region", decision)
    first = api.organ("Förvaltning A", "administration", decision, parent_id=region)
    second = api.organ("Förvaltning B", "administration", decision, parent_id=region)
    unit = api.organ("Enhet A1", "administration", decision, parent_id=first)
    plan, item, _ = api.plan_with_indicator(decision, region)
    return Organisation(region, first, second, unit, plan, item, decision)


def assert_forbidden(response: TestResponse, kind: str, needs: list[str]) -> dict[str, Any]:
    assert response.status_code == 403, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem: dict[str, Any] = response.get_json()
    assert problem["type"] == f"urn:styrlogg:problem:{kind}"
    assert sorted(problem["needs"]) == sorted(needs)
    return problem


OFFICER = "uppfoljare-a"
WRITERS = [Role.FOLLOW_UP_OFFICER.value, Role.CORRECTOR.value]


@pytest.mark.parametrize("kind", STORES)
def test_an_officer_reports_only_for_its_organs_trees(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        own, below, other = (org.indicator(api, o) for o in (org.first, org.unit, org.second))
        officer = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
        before = api.store_position()
        refused = put(officer, f"/indicators/{other}/outcomes/2024-T1", {"value": 5})
        problem = assert_forbidden(refused, "out-of-scope", WRITERS)
        assert "2024-04-30" in problem["detail"]  # the period's last day
        assert api.store_position() == before
        for indicator in (own, below):
            written = put(officer, f"/indicators/{indicator}/outcomes/2024-T1", {"value": 5})
            assert written.status_code == 200, written.get_json()
        history = officer.get(f"/indicators/{own}/history/2024-T1").get_json()
        assert [e["actor"] for e in history["values"]] == [OFFICER]
        # Forecasts and assessments likewise; a target is a registrar's.
        forecast = {"value": 6, "reported_in": "2024-T1"}
        assert put(officer, f"/indicators/{other}/forecasts/2024-T2", forecast).status_code == 403
        assessment = {"status": "met", "basis": "outcome"}
        assert put(officer, f"/indicators/{own}/assessments/2024-T1", assessment).status_code == 200
        target = put(officer, f"/indicators/{own}/targets/2024-T2", {"value": 9})
        assert_forbidden(target, "role-missing", [Role.REGISTRAR.value])


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_scope_follows_the_tree_on_the_periods_last_day(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        measure = org.indicator(api, org.unit)
        # The unit moves from A to B from 2024-05-01, the first day of T2.
        moved = api.post(
            f"/organs/{org.unit}/moves",
            {"parent_id": org.second, "effective_on": "2024-05-01", "decision_id": org.decision},
        )
        assert moved.status_code == 200, moved.get_json()
        officer_a = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
        officer_b = api.signed_in("uppfoljare-b", [Role.FOLLOW_UP_OFFICER], [org.second])
        t1, t2 = (f"/indicators/{measure}/outcomes/2024-T{n}" for n in (1, 2))
        assert put(officer_a, t1, {"value": 1}).status_code == 200
        assert put(officer_b, t1, {"value": 2}).status_code == 403
        assert put(officer_a, t2, {"value": 3}).status_code == 403
        assert put(officer_b, t2, {"value": 4}).status_code == 200


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_plan_items_are_scoped_by_their_owner_organs(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        owned = api.created(
            f"/plans/{org.plan}/items",
            {"kind": "activity", "title": "Aktivitet", "effective_on": "2024-01-01",
             "owners": [{"role": "lead_organ", "organ_id": org.second}]},
        )["id"]  # fmt: skip
        officer = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
        path = f"/plans/{org.plan}/items/{owned}/follow-ups/2024-T1"
        body = {"status": "ongoing"}
        before = api.store_position()
        assert_forbidden(put(officer, path, body), "out-of-scope", WRITERS)
        assert api.store_position() == before
        other = api.signed_in("uppfoljare-b", [Role.FOLLOW_UP_OFFICER], [org.second])
        assert put(other, path, body).status_code == 200
        # An item without an organ owner answers to the plan's owner, the region.
        unowned = f"/plans/{org.plan}/items/{org.item}/assessments/2024-T1"
        assert put(officer, unowned, {"status": "met", "basis": "outcome"}).status_code == 403
        regional = api.signed_in("uppfoljare-r", [Role.FOLLOW_UP_OFFICER], [org.region])
        assert put(regional, unowned, {"status": "met", "basis": "outcome"}).status_code == 200


@pytest.mark.parametrize("kind", STORES)
def test_an_auditor_reads_everything_and_writes_nothing(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        auditor = api.signed_in("revisor", [Role.AUDITOR])
        for path in ("/organs", f"/organs/{org.region}/history", "/events", "/grants"):
            assert auditor.get(path).status_code == 200, path
        assert auditor.get(f"/plans/{org.plan}/report", period="2024-T1").status_code == 200
        before = api.store_position()
        refused = auditor.post("/decisions", {"decided_on": "2024-01-01", "title": "x",
                                              "decision_type": "registration"})  # fmt: skip
        assert_forbidden(refused, "role-missing", [Role.REGISTRAR.value])
        assert "revisor" in refused.get_json()["detail"]
        outcome = put(auditor, f"/indicators/{org.indicator(api, org.first)}/outcomes/2024-T1",
                      {"value": 1})  # fmt: skip
        assert_forbidden(outcome, "role-missing", WRITERS)
        assert api.store_position() == before + 1  # the indicator, made by the registrar


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_principal_without_a_role_today_reads_nothing(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        nobody = Api(client_of(api.container, "ingen-roll", ()), api.container)
        assert_forbidden(nobody.get("/organs"), "role-missing", [r.value for r in Role])
        # A role granted from tomorrow does not hold today; from today, it does.
        grant(api.container, "ingen-roll", [Role.AUDITOR], since=TODAY + timedelta(days=1))
        assert nobody.get("/organs").status_code == 403
        grant(api.container, "fran-idag", [Role.AUDITOR], since=TODAY)
        today = Api(client_of(api.container, "fran-idag", ()), api.container)
        assert today.get("/organs").status_code == 200


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_only_a_corrector_changes_a_locked_period(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        measure = org.indicator(api, org.first)
        path = f"/indicators/{measure}/outcomes/2024-T1"
        assert put(api, path, {"value": 10}).status_code == 200
        assert api.post(f"/plans/{org.plan}/periods/2024-T1/lock", {}).status_code == 200
        body = {"value": 11, "reason": "Rättat efter låsning"}
        officer = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
        assert put(officer, path, body).status_code == 423
        corrector = api.signed_in("controller", [Role.CORRECTOR])
        corrected = put(corrector, path, body)
        assert corrected.status_code == 200, corrected.get_json()
        history = corrector.get(f"/indicators/{measure}/history/2024-T1").get_json()["values"]
        assert history[-1]["actor"] == "controller"


def test_a_values_file_names_the_row_an_officer_may_not_write(api: Api) -> None:
    org = organisation(api)
    own, other = org.indicator(api, org.first), org.indicator(api, org.second)
    officer = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
    path = f"/api/v1/plans/{org.plan}/periods/2024-T1/values"

    def send(*rows: str) -> TestResponse:
        text = "\n".join(["indicator_id;series;value;comment;decision_id", *rows])
        return officer.client.post(path, data=text.encode(), content_type="text/csv")

    before = api.store_position()
    problem = assert_forbidden(
        send(f"{own};outcome;1;;", f"{other};outcome;2;;"), "out-of-scope", WRITERS
    )
    assert list(problem["errors"]) == ["rows.2"]
    target = send(f"{own};outcome;1;;", f"{own};target;3;;{org.decision}")
    assert list(assert_forbidden(target, "role-missing", ["registrar"])["errors"]) == ["rows.2"]
    assert api.store_position() == before
    ok = send(f"{own};outcome;1;;")
    assert ok.status_code == 201, ok.get_json()


def grants_of(api: Api, **params: Any) -> list[dict[str, Any]]:
    answer = api.get("/grants", **params)
    assert answer.status_code == 200, answer.get_json()
    items: list[dict[str, Any]] = answer.get_json()["items"]
    return items


@pytest.mark.parametrize("kind", STORES)
def test_a_revocation_dated_back_leaves_what_was_allowed_before_it(
    kind: str, tmp_path: Path
) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        registrar = api.signed_in("registrator-3", [])  # no role yet: granted over HTTP
        assert registrar.post("/decisions", {}).status_code == 403
        granted = api.created(
            "/grants",
            {"principal": "registrator-3", "role": "registrar", "effective_on": "2024-01-01",
             "decision_id": org.decision, "reason": "Delegationsordning 2024"},
        )  # fmt: skip
        assert (granted["role"], granted["valid_to"]) == ("registrar", None)
        written = registrar.post(
            f"/organs/{org.unit}/renamings",
            {"name": "Enhet Ett", "effective_on": "2024-02-01", "decision_id": org.decision},
        )
        assert written.status_code == 200, written.get_json()
        write_position = written.get_json()["position"]
        # Revoked from 2024-01-01, recorded later: no write after it is allowed ...
        revoked = api.post(
            f"/grants/{granted['id']}/revocation",
            {"principal": "registrator-3", "effective_on": "2024-01-01", "reason": "Fel person"},
        )
        assert revoked.status_code == 201, revoked.get_json()
        assert revoked.get_json()["valid_to"] == "2024-01-01"
        refused = registrar.post(
            f"/organs/{org.unit}/renamings",
            {"name": "Enhet 1", "effective_on": "2024-03-01", "decision_id": org.decision},
        )
        assert_forbidden(refused, "role-missing", ["registrar"])
        # ... and the write before it stands, allowed as the grants were known then.
        today = TODAY.isoformat()
        then = grants_of(api, principal="registrator-3", valid_at=today, known_at=write_position)
        assert [(g["role"], g["valid_to"]) for g in then] == [("registrar", None)]
        assert grants_of(api, principal="registrator-3", valid_at=today) == []
        every = grants_of(api, principal="registrator-3", every="true")
        spans = [(g["valid_from"], g["valid_to"], g["revoked_by"], g["revocation_reason"])
                 for g in every]  # fmt: skip
        assert spans == [("2024-01-01", "2024-01-01", PRINCIPAL, "Fel person")]
        assert every[0]["granted_at"] < write_position < every[0]["revoked_at"]
        audit = api.get(f"/grants/audit/{write_position}").get_json()
        assert audit["actor"] == "registrator-3"
        assert audit["event_type"] == "Organ.Renamed"
        assert [g["role"] for g in audit["held_when_made"]] == ["registrar"]
        assert audit["held_as_known_now"] == []
        assert audit["revised_since"] is True
        name = api.get(f"/organs/{org.unit}", valid_at="2024-02-01").get_json()["name"]
        assert name == "Enhet Ett"


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_grants_are_given_by_admins_and_checked(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        org = organisation(api)
        registrar = api.signed_in("registrator", [Role.REGISTRAR])
        body = {"principal": "ny", "role": "auditor", "effective_on": "2024-01-01"}
        before = api.store_position()
        assert_forbidden(registrar.post("/grants", body), "role-missing", ["admin"])
        refusals = {
            "organ_ids": {**body, "role": "follow_up_officer"},
            "principal": {**body, "principal": "två ord"},
            "role": {**body, "role": "superuser"},
            "decision_id": {**body, "decision_id": "00000000-0000-4000-8000-000000000000"},
        }
        for field, refused_body in refusals.items():
            refused = api.post("/grants", refused_body)
            assert refused.status_code == 422, (field, refused.get_json())
            assert field in refused.get_json()["errors"], field
        scoped = {**body, "role": "auditor", "organ_ids": [org.first]}
        assert "organ_ids" in api.post("/grants", scoped).get_json()["errors"]
        too_early = {**body, "role": "follow_up_officer", "organ_ids": [org.first],
                     "effective_on": "1999-12-31"}  # fmt: skip
        assert api.post("/grants", too_early).status_code == 409
        assert api.store_position() == before
        made = api.created("/grants", body)
        assert api.post("/grants", body).status_code == 409  # held already
        revoke = {"principal": "ny", "effective_on": "2023-12-31"}
        early = api.post(f"/grants/{made['id']}/revocation", revoke)
        assert (early.status_code, list(early.get_json()["errors"])) == (409, ["effective_on"])
        wrong = api.post(f"/grants/{made['id']}/revocation", {**revoke, "principal": "annan"})
        assert wrong.status_code == 404
        on_time = {**revoke, "effective_on": "2025-01-01"}
        assert api.post(f"/grants/{made['id']}/revocation", on_time).status_code == 201
        assert api.post(f"/grants/{made['id']}/revocation", on_time).status_code == 409
        listed = grants_of(api, valid_at="2024-06-01", role="auditor", principal="ny")
        assert [g["id"] for g in listed] == [made["id"]]
        assert grants_of(api, valid_at="2025-06-01", role="auditor", principal="ny") == []


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_revocation_holds_at_once_in_another_worker(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        organisation(api)
        grant(api.container, "jobb", [Role.AUDITOR])
        (held,) = api.container.grants.held("jobb", TODAY)
        secret = api.container.tokens.create("jobb").secret
        other_worker = create_app(api.container)
        signed = {"Authorization": f"Bearer {secret}"}
        assert other_worker.test_client().get("/api/v1/organs", headers=signed).status_code == 200
        revoked = api.post(
            f"/grants/{held.grant_id}/revocation", {"principal": "jobb", "effective_on": str(TODAY)}
        )
        assert revoked.status_code == 201
        assert other_worker.test_client().get("/api/v1/organs", headers=signed).status_code == 403


def test_every_write_names_its_roles_in_the_document(api: Api) -> None:
    document = api.client.get("/api/v1/openapi.json").get_json()
    writes = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in WRITES:
                continue
            writes += 1
            assert operation["x-roles"], (method, path)
            assert set(operation["x-roles"]) <= {r.value for r in Role}, (method, path)
            assert "403" in operation["responses"], (method, path)
    assert writes >= 40


@pytest.fixture
def with_an_unmarked_write(api: Api) -> Flask:
    app = create_app(api.container)

    class Unmarked(MethodView):
        def post(self) -> Any:
            return {"position": 0}

    app.add_url_rule("/api/v1/unmarked", view_func=Unmarked.as_view("unmarked"))
    return app


def test_a_write_that_names_no_role_is_closed_to_everyone(
    api: Api, with_an_unmarked_write: Flask
) -> None:
    client = with_an_unmarked_write.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = api.client.environ_base["HTTP_AUTHORIZATION"]
    response = client.post("/api/v1/unmarked", json={})
    assert_forbidden(response, "role-missing", [])
    assert "closed to everyone" in response.get_json()["detail"]


def test_a_plans_officer_submits_its_period_and_no_other_does(api: Api) -> None:
    org = organisation(api)  # the plan is the region's
    path = f"/plans/{org.plan}/periods/2024-T1/submission"
    first = api.signed_in(OFFICER, [Role.FOLLOW_UP_OFFICER], [org.first])
    before = api.store_position()
    assert_forbidden(first.post(path, {}), "out-of-scope", WRITERS)
    assert api.store_position() == before
    regional = api.signed_in("uppfoljare-r", [Role.FOLLOW_UP_OFFICER], [org.region])
    submitted = regional.post(path, {})
    assert submitted.status_code == 200, submitted.get_json()
    # The deadline and the lock stay a registrar's.
    deadline = regional.client.put(
        f"/api/v1/plans/{org.plan}/periods/2024-T2", json={"due_on": "2024-09-15"}
    )
    assert_forbidden(deadline, "role-missing", ["registrar"])
    lock = regional.post(f"/plans/{org.plan}/periods/2024-T1/lock", {})
    assert_forbidden(lock, "role-missing", ["registrar"])
