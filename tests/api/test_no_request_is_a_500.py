"""Random bodies and query strings, well-formed or not, never produce a 5xx; and the
requests that once did (blank bodies on every write, integers beyond 64 bits, deep JSON,
import rows that are no objects, signed cursors SQL cannot hold) are 4xx problems."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import abort
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import default_exceptions
from werkzeug.test import TestResponse

from interfaces.http.app import create_app
from interfaces.http.cursors import PageCursor, sign_cursor
from tests.api.conftest import REGISTRATION, Api
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

PROBLEM = "application/problem+json"
BEYOND_64_BITS = (2**63, 2**64, 10**30)

FIELDS = [
    "name",
    "kind",
    "group_type",
    "governance_level",
    "code",
    "parent_id",
    "principal_ids",
    "effective_on",
    "decision_id",
    "reason",
    "successor_ids",
    "successors",
    "id",
    "organ_id",
    "decided_on",
    "paragraph",
    "case_number",
    "title",
    "summary",
    "decision_type",
    "outcome",
    "person_id",
    "role",
    "presidium_role",
    "representing_id",
    "political_party",
    "substitute_order",
    "appointed_by_id",
    "employer_organ_id",
    "assignees",
    "due_on",
    "due_period",
    "text",
    "reported_on",
    "rows",
    "record",
    "key",
    "value",
    "status",
    "basis",
    "owners",
    "plan_item_id",
    "periodicity",
    "unit",
    "reported_in",
    "due_on",
]
QUERY = [
    "valid_at",
    "known_at",
    "min_position",
    "limit",
    "cursor",
    "kind",
    "organisation_id",
    "parent_id",
    "q",
    "from",
    "to",
    "after",
    "organ_id",
    "presidium_role",
    "status",
    "overdue",
    "assignee_id",
    "decision_id",
    "period",
    "format",
    "lang",
    "dialect",
]


def values(ids: list[str]) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False),
        st.text(max_size=30),
        st.sampled_from(ids),
        st.sampled_from(
            [
                "2017-01-01",
                "2016-12-31",
                "0001-01-01",
                "9999-12-31",
                "2020-02-30",
                "committee",
                "group",
                "region",
                "collaboration",
                "function_group",
                "registration",
                "meeting_decision",
                "adopted",
                "§ 1",
            ]
        ),
        st.dates().map(str),
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
        ),
        max_leaves=8,
    )


def plausible(ids: list[str]) -> st.SearchStrategy[Any]:
    """Values that pass validation more often than not, to reach the domain's rules."""
    return st.sampled_from(
        [
            *ids,
            "2016-12-31",
            "2017-01-01",
            "1999-01-01",
            "2030-06-01",
            "committee",
            "group",
            "subcommittee",
            "collaboration",
            "region",
            "network",
            "function_group",
            "strategic",
            "member",
            "substitute",
            "chair",
            "first_vice_chair",
            "2024-T1",
            3,
            "3",
            "outcome",
            "2024-M13",
            [{"organ_id": ids[1]}],
            [ids[0]],
            [ids[1]],
            [],
            "Namn",
            None,
            *BEYOND_64_BITS,
            [-286],
            [None],
            ["x"],
            [[1]],
        ]
    ) | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)).map(str)


def test_no_request_is_a_server_error(tmp_path: Path) -> None:
    with opened(store_settings("memory", tmp_path)) as container:
        app = create_app(container)
        app.testing = True
        client = authorized(app)
        decision = client.post("/api/v1/decisions", json=REGISTRATION).get_json()["id"]
        region = client.post(
            "/api/v1/organs",
            json={
                "name": "Region",
                "kind": "region",
                "effective_on": "2000-01-01",
                "decision_id": decision,
            },
        ).get_json()["id"]
        person = client.post("/api/v1/people", json={"name": "Anna"}).get_json()["id"]
        change = {"effective_on": "2012-01-01", "decision_id": decision}
        seat = client.post(
            f"/api/v1/organs/{region}/members",
            json={"person_id": person, "role": "member", **change},
        ).get_json()["id"]
        assignment = client.post(
            "/api/v1/assignments",
            json={
                "decision_id": decision,
                "title": "Uppdrag",
                "assignees": [{"organ_id": region}],
                "effective_on": "2012-01-01",
            },
        ).get_json()["id"]
        plan = client.post(
            "/api/v1/plans",
            json={"name": "Plan", "kind": "operational_plan", "owner_organ_id": region,
                  "valid_from": "2012-01-01", **change},
        ).get_json()["id"]  # fmt: skip
        plan_item = client.post(
            f"/api/v1/plans/{plan}/items",
            json={"kind": "goal", "title": "Mål", "effective_on": "2012-01-01"},
        ).get_json()["id"]
        indicator = client.post(
            "/api/v1/indicators",
            json={"plan_item_id": plan_item, "name": "Mått", "unit": "st",
                  "direction": "higher_is_better", "periodicity": "tertial"},
        ).get_json()["id"]  # fmt: skip
        container.follower.catch_up()
        ids = [decision, region, str(uuid.uuid4()), person, seat, assignment, plan, plan_item,
               indicator]  # fmt: skip
        # Genuine cursors, each sent to every list: a cursor of another list is 422 too.
        cursors = [
            client.get(f"/api/v1{path}", query_string={"limit": 1}).get_json()["next_cursor"]
            for path in ("/decisions", "/changes", f"/organs/{region}/history", "/assignments")
        ]
        assert all(cursors), cursors
        organ = {"name": "Nämnd", "kind": "committee", "parent_id": region}
        templates = {
            "/organs": {**organ, **change},
            "/decisions": {**REGISTRATION, "organ_id": region, "decision_type": "meeting_decision"},
            "renamings": {"name": "Nytt namn", **change},
            "reclassifications": {"kind": "group", "group_type": "network", **change},
            "moves": {"parent_id": region, **change},
            "dissolution": {"successors": [{**organ, "name": "Efterträdare"}], **change},
            "/people": {"name": "Anna", "title": "Direktör", "employer_organ_id": region},
            "members": {"person_id": person, "role": "member", "presidium_role": "chair", **change},
            "changes": {"presidium_role": "chair", **change},
            "end": change,
            "erasure": {"reason": "begäran om radering"},
            "mandate": {
                "mandate_type": "mandate_document",
                "commissioner": {"title": "Regiondirektör", "person_id": person},
                "participants": [{"organ_id": region, "function_title": "Utvecklingschef"}],
                "tasks": ["Bereda frågor"],
                **change,
            },
            "withdrawal": change,
            "/assignments": {
                "decision_id": decision,
                "title": "Uppdrag",
                "assignees": [{"organ_id": region}, {"person_id": person}],
                "due_period": "2013-T1",
                "effective_on": "2012-01-01",
            },
            "reports": {"text": "Rapport", "reported_on": "2013-01-01", "decision_id": decision},
            "closure": change,
            "/plans": {
                "name": "Plan",
                "kind": "budget",
                "owner_organ_id": region,
                "valid_from": "2013-01-01",
                **change,
            },
            "items": {
                "kind": "activity",
                "title": "Aktivitet",
                "parent_id": plan_item,
                "owners": [{"role": "responsible", "person_id": person}],
                **change,
            },
            "/indicators": {
                "plan_item_id": plan_item,
                "name": "M",
                "unit": "st",
                "direction": "lower_is_better",
                "periodicity": "month",
            },
            "outcomes/2013-T1": {"value": 3, "reason": "rättelse"},
            "submission": {"reason": "klar"},
            "follow-ups/2013-T1": {"status": "ongoing", "comment": "Pågår", "reason": "x"},
            "lock": {"reason": "låst"},
            "values": {"rows": []},
            "2013-T2": {"due_on": "2013-09-15"},
            "targets/2013-T1": {"value": 4, "decision_id": decision},
            "assessments/2013-T1": {"status": "met", "basis": "outcome"},
            "forecasts/2013-T1": {"value": 3, "reported_in": "2013-M02"},
            "/grants": {
                "principal": "granskare",
                "role": "follow_up_officer",
                "organ_ids": [region],
                "effective_on": "2013-01-01",
            },
            "revocation": {"principal": "granskare", "effective_on": "2013-06-01"},
            "/imports": {
                "rows": [
                    {
                        "record": "organ",
                        "key": "k",
                        "name": "N",
                        "kind": "committee",
                        "parent": region,
                        "effective_on": "2012-01-01",
                        "decision": decision,
                    },
                    {
                        "record": "membership",
                        "key": "m",
                        "organ": "k",
                        "person": person,
                        "role": "member",
                        "effective_on": "2013-01-01",
                        "decision": decision,
                    },
                ]
            },
        }
        paths = [
            "/organs",
            "/decisions",
            "/people",
            *[
                f"/organs/{i}/{action}"
                for i in ids
                for action in ("renamings", "reclassifications", "moves", "dissolution", "members")
            ],
            *[f"/organs/{i}/members/{j}/{a}" for i in ids for j in ids for a in ("changes", "end")],
            *[f"/people/{i}/erasure" for i in ids],
            *[f"/organs/{i}/mandate{end}" for i in ids for end in ("", "/withdrawal")],
            "/assignments",
            "/imports",
            "/plans",
            "/indicators",
            *[f"/plans/{i}/items" for i in ids],
            *[f"/plans/{i}/periods/2013-T1/values" for i in ids[6:8]],
            *[f"/plans/{i}/periods/2013-T2" for i in ids[6:8]],
            *[f"/plans/{plan}/items/{i}/follow-ups/2013-T1" for i in ids],
            *[f"/plans/{plan}/items/{i}/assessments/2013-T1" for i in ids],
            *[
                f"/plans/{i}/periods/{p}/{m}"
                for i in ids[6:8]
                for p in ("2013", "2013-T1", "x")
                for m in ("submission", "lock")
            ],
            *[
                f"/indicators/{i}/{v}/2013-T1"
                for i in ids
                for v in ("outcomes", "targets", "assessments")
            ],
            *[f"/assignments/{i}/{a}" for i in ids for a in ("reports", "closure", "withdrawal")],
            "/grants",
            *[f"/grants/{i}/revocation" for i in ids],
        ]
        reads = [
            "/organs",
            "/organs/tree",
            f"/organs/{region}",
            f"/organs/{region}/history",
            "/decisions",
            f"/decisions/{decision}",
            "/events",
            "/changes",
            "/health",
            "/healthz",
            "/readyz",
            f"/organs/{region}/members",
            f"/people/{person}",
            f"/people/{person}/seats",
            "/presidium",
            f"/organs/{region}/mandate",
            f"/organs/{region}/mandate/versions",
            f"/organs/{region}/mandate/diff",
            "/assignments",
            f"/assignments/{assignment}",
            f"/plans/{plan}",
            f"/indicators/{indicator}",
            f"/indicators/{indicator}/history/2013-T1",
            f"/plans/{plan}/report",
            f"/plans/{plan}/report/changes",
            f"/plans/{plan}/report/export",
            "/grants",
            "/grants/audit/1",
            f"/indicators/{indicator}/export",
            "/organs/export",
            f"/organs/{region}/members/export",
            "/decisions/export",
            "/assignments/export",
        ]

        @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
        @given(
            path=st.sampled_from(paths),
            data=st.data(),
            read=st.sampled_from(reads),
            query=st.dictionaries(
                st.sampled_from(QUERY),
                st.text(max_size=20)
                | st.sampled_from(
                    [*ids, *cursors, "2013-T1", "2013", "xlsx", "csv", "en", "excel-sv"]
                )
                | st.sampled_from([str(n) for n in (*BEYOND_64_BITS, 2**63 - 1, -1)]),
                max_size=4,
            ),
        )
        def requests(path: str, data: st.DataObject, read: str, query: dict[str, str]) -> None:
            names = (path, path.rsplit("/", 1)[1], "/".join(path.rsplit("/", 2)[1:]))
            template = templates[next(n for n in names if n in templates)]
            mostly_known = st.sampled_from(list(template)) | st.sampled_from(FIELDS)
            changes = data.draw(
                st.dictionaries(mostly_known, plausible(ids) | values(ids), max_size=2)
            )
            dropped = data.draw(st.sets(mostly_known, max_size=1))
            body = {k: v for k, v in {**template, **changes}.items() if k not in dropped}
            if data.draw(st.integers(0, 9)) == 9:  # hypothesis favours 0: junk bodies rarely
                body = data.draw(values(ids))
            puts = ("/mandate", "2013-T1", "2013-T2")  # period values, deadlines are PUT
            send = client.put if path.endswith(puts) else client.post
            # The standard library writes what a careless client might: Infinity included;
            # and now and then no body, a blank one, or one nested a thousand deep.
            raw = data.draw(
                st.just(json.dumps(body)) | st.sampled_from(["", " ", "\n\t", "[" * 1000])
            )
            written = send(f"/api/v1{path}", data=raw, content_type="application/json")
            assert written.status_code < 500, (path, body, written.get_json())
            container.follower.catch_up()
            got = client.get(
                f"/api/v1{read}",
                query_string={**query, "min_position": None} if "min_position" in query else query,
            )
            assert got.status_code < 500, (read, query, got.get_json())

        requests()


def world(api: Api) -> dict[str, str]:
    """A path argument's name → a value naming something that exists."""
    decision = api.decision()
    region = api.organ("Region", "region", decision)
    person = str(api.created("/people", {"name": "Anna"})["id"])
    change = {"effective_on": "2012-01-01", "decision_id": decision}
    seat = api.created(
        f"/organs/{region}/members", {"person_id": person, "role": "member", **change}
    )["id"]
    assignment = api.created(
        "/assignments",
        {"decision_id": decision, "title": "Uppdrag", "assignees": [{"organ_id": region}],
         "effective_on": "2012-01-01"},
    )["id"]  # fmt: skip
    plan = api.created(
        "/plans",
        {"name": "Plan", "kind": "operational_plan", "owner_organ_id": region,
         "valid_from": "2012-01-01", **change},
    )["id"]  # fmt: skip
    item = api.created(
        f"/plans/{plan}/items",
        {"kind": "activity", "title": "Aktivitet", "effective_on": "2012-01-01"},
    )["id"]
    indicator = api.created(
        "/indicators",
        {"plan_item_id": item, "name": "Mått", "unit": "st", "direction": "higher_is_better",
         "periodicity": "tertial"},
    )["id"]  # fmt: skip
    grant = api.created(
        "/grants", {"principal": "granskare", "role": "auditor", "effective_on": "2012-01-01"}
    )["id"]
    return {"organ_id": region, "seat_id": seat, "person_id": person, "assignment_id": assignment,
            "plan_id": plan, "item_id": item, "indicator_id": indicator, "grant_id": grant,
            "period": "2013-T1", "version": "1"}  # fmt: skip


def write_routes(api: Api) -> list[tuple[str, str]]:
    """Every write the application routes, by walking its URL map, with existing ids."""
    names = world(api)
    routes = []
    for rule in api.client.application.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: names[m.group(1)], rule.rule)
            routes.append((method, path))
    assert len(routes) >= 35, routes
    return routes


def assert_problem(response: TestResponse, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    if field is not None:
        assert field in response.get_json()["errors"], response.get_json()


def test_a_blank_body_is_400_on_every_write(api: Api) -> None:
    for method, path in write_routes(api):
        for body in (" ", "\n", "\t\r\n "):
            for content_type in ("application/json", None):
                response = api.client.open(path, method=method, data=body,
                                           content_type=content_type)  # fmt: skip
                assert response.status_code == 400, (method, path, repr(body), content_type)
                assert response.mimetype == PROBLEM, (method, path)


def test_no_body_is_a_request_without_fields_on_every_write(api: Api) -> None:
    for method, path in write_routes(api):
        for content_type in ("application/json", None):
            response = api.client.open(path, method=method, data=b"", content_type=content_type)
            assert response.status_code < 500, (method, path, response.get_json())
            if response.status_code >= 400:
                assert response.mimetype == PROBLEM, (method, path)
    answer = api.client.post("/api/v1/decisions", data=b"", content_type="application/json")
    assert_problem(answer, 422, "decided_on")  # judged by the schema: the fields are missing


@pytest.mark.parametrize("depth", [32, 1_000, 100_000])
def test_json_nested_too_deep_is_400(api: Api, depth: int) -> None:
    for deep in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        for path in ("/decisions", "/imports", "/organs"):
            body = '{"rows": ' + deep + "}"  # an object, with `depth` more levels in it
            response = api.client.post(f"/api/v1{path}", data=body, content_type="application/json")
            assert_problem(response, 400)
            assert "deeper than 32" in response.get_json()["detail"]


def test_json_nested_32_deep_is_judged_by_the_schema(api: Api) -> None:
    nested: Any = 1
    for _ in range(31):
        nested = [nested]
    response = api.post("/decisions", {**REGISTRATION, "title": nested})
    assert_problem(response, 422, "title")


@pytest.mark.parametrize("rows", [[-286], [None], ["x"], [[1]]])
def test_an_import_row_that_is_no_object_is_a_rejected_row(api: Api, rows: list[Any]) -> None:
    response = api.post("/imports", {"rows": rows})
    assert_problem(response, 422, "rows.1")
    assert response.get_json()["rejected"][0]["detail"] == "a row is an object of fields"


def test_positions_beyond_64_bits_are_422_and_the_largest_is_read(api: Api) -> None:
    for number in BEYOND_64_BITS:
        assert_problem(api.client.get(f"/api/v1/events?after={number}"), 422, "after")
        began = time.monotonic()
        for path in ("/organs", "/changes", "/decisions"):
            response = api.client.get(f"/api/v1{path}?min_position={number}")
            assert_problem(response, 422, "min_position")
        assert time.monotonic() - began < 2, "refused, not awaited"
    largest = api.client.get(f"/api/v1/events?after={2**63 - 1}")
    assert largest.status_code == 200, largest.get_json()
    assert largest.get_json()["events"] == []


def test_integers_beyond_64_bits_in_bodies_are_422_and_the_follower_goes_on(api: Api) -> None:
    names = world(api)
    organ = names["organ_id"]
    person = str(api.created("/people", {"name": "Bertil"})["id"])  # the world's has a seat
    decision = api.decision(title="Val")
    seat = {"person_id": person, "role": "substitute", "effective_on": "2013-01-01",
            "decision_id": decision}  # fmt: skip
    row = {"record": "membership", "key": "m", "organ": organ, "person": person,
           "role": "substitute", "effective_on": "2013-01-01", "decision": decision}  # fmt: skip
    for number in BEYOND_64_BITS:
        answer = api.post(f"/organs/{organ}/members", {**seat, "substitute_order": number})
        assert_problem(answer, 422, "substitute_order")
        imported = api.post("/imports", {"rows": [{**row, "substitute_order": number}]})
        assert_problem(imported, 422, "rows.1.substitute_order")
        imported = api.post("/imports", {"rows": [{**row, "substitute_order": str(number)}]})
        assert_problem(imported, 422, "rows.1.substitute_order")
        diff = api.get(f"/organs/{organ}/mandate/diff", **{"from": number, "to": 1})
        assert_problem(diff, 422, "from")
    largest = api.post(f"/organs/{organ}/members", {**seat, "substitute_order": 2**63 - 1})
    assert largest.status_code == 201, largest.get_json()
    members = api.get(f"/organs/{organ}/members")  # min_position: the follower applied it
    assert members.status_code == 200, members.get_json()
    orders = [m["substitute_order"] for m in members.get_json()["members"]]
    assert 2**63 - 1 in orders


def test_a_signed_cursor_carrying_what_sql_cannot_hold_is_422(api: Api) -> None:
    secret = api.container.secret_key
    organ = world(api)["organ_id"]
    at = api.store_position()
    today = date.today()
    lists = {
        "/api/v1/decisions": ["2024-01-01", str(uuid.uuid4())],
        "/api/v1/assignments": [1, str(uuid.uuid4())],
        f"/api/v1/organs/{organ}/history": 1,
        "/api/v1/changes": 1,
    }
    for path, after in lists.items():
        assert api.client.get(path, query_string={"min_position": at}).status_code == 200
        good = sign_cursor(secret, path, PageCursor(today, "now", at, False, after))
        assert api.client.get(path, query_string={"cursor": good}).status_code == 200
        bad_after = [2**63, [2**64, "x"], [True, "x"], [1.5, "x"], {"x": 1}]
        positions: list[Any] = [*BEYOND_64_BITS, -1, "1", True]
        forged = [PageCursor(today, "now", p, False, after) for p in positions]
        forged += [PageCursor(today, "now", at, False, a) for a in bad_after]
        mistyped: list[Any] = [("now", "yes"), (1, False)]  # known_at, pinned
        forged += [PageCursor(today, k, at, p, after) for k, p in mistyped]
        for page in forged:
            cursor = sign_cursor(secret, path, page)
            assert_problem(api.client.get(path, query_string={"cursor": cursor}), 422, "cursor")


def test_every_http_error_of_the_framework_is_a_problem_document(api: Api) -> None:
    app = create_app(api.container)  # its own: a route is added before its first request
    app.add_url_rule("/fails-with/<int:code>", "fails_with", lambda code: abort(code))
    client = app.test_client()
    for code in sorted(default_exceptions):
        response = client.get(f"/fails-with/{code}")
        assert response.status_code == code
        assert response.mimetype == PROBLEM, (code, response.get_data(as_text=True)[:200])
        assert response.get_json()["status"] == code
    assert_problem(api.client.get("/api/v1/no-such-list"), 404)
    assert_problem(api.client.delete("/api/v1/decisions"), 405)
