"""Every read of one resource sends its ETag: the thing's version as known at the answer's
`as_of.position`, which is what If-Match on its writes accepts. A client reads, then
writes conditionally, without writing first; another write in between makes the tag it
read stale (412), and a read as known at a past `known_at` gives that past version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.test import TestResponse

from tests.api.conftest import Api
from tests.api.test_assignments_over_http import give
from tests.api.test_assignments_over_http import setting_up as assignments_set_up
from tests.api.test_composition_over_http import person
from tests.api.test_composition_over_http import setting_up as composition_set_up
from tests.api.test_conditional_writes import send, version_of
from tests.api.test_mandates_over_http import MANDATE
from tests.api.test_mandates_over_http import setting_up as mandates_set_up
from tests.api.test_plans_over_http import add_item, setting_up

Write = Callable[[str | None], TestResponse]


def read_tag(api: Api, path: str, **params: Any) -> str:
    read = api.get(path, **params)
    assert read.status_code == 200, (path, read.get_json())
    tag: str = read.headers["ETag"]
    wanted = params.get("known_at", api.position)
    assert read.get_json()["as_of"]["position"] >= wanted, "read at or after what it asked"
    return tag


def read_write_race(api: Api, path: str, write: Write, other: Write) -> None:
    """Read → write with the tag read: written. Read → another write → write with the tag
    read: 412, and also with the tag of a read as known before the other write."""
    tag = read_tag(api, path)
    written = write(tag)
    assert written.status_code in (200, 201), (path, written.get_json())
    assert version_of(written) == int(tag.strip('"')) + 1
    assert read_tag(api, path) == written.headers["ETag"], "a read after a write names it"
    tag = read_tag(api, path)
    known_before = api.position
    assert other(None).status_code in (200, 201)
    before = api.store_position()
    assert write(tag).status_code == 412, "the tag read before the other write is stale"
    past = read_tag(api, path, known_at=known_before)
    assert past == tag, "a read as known at a past position names the version then"
    assert write(past).status_code == 412
    assert api.store_position() == before
    current = read_tag(api, path)
    assert current != tag
    assert write(current).status_code in (200, 201)


def test_an_organs_read_names_the_version_its_changes_accept(api: Api) -> None:
    registration = api.decision()
    region = api.organ("Region", "region", registration)
    group = api.organ("Grupp", "group", registration, parent_id=region, group_type="network")
    count = iter(range(1, 100))

    def rename(tag: str | None) -> TestResponse:
        body = {"name": f"Grupp {next(count)}", "effective_on": f"20{10 + next(count)}-01-01",
                "decision_id": registration}  # fmt: skip
        return send(api, "POST", f"/organs/{group}/renamings", body, tag)

    read_write_race(api, f"/organs/{group}", rename, rename)


def test_a_plans_and_an_items_reads_name_the_versions_their_writes_accept(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    names = iter(f"Plan {n}" for n in range(100))

    def revise(tag: str | None) -> TestResponse:
        body = {"name": next(names), "valid_from": "2024-01-01", "effective_on": "2024-02-01",
                "decision_id": decision}  # fmt: skip
        return send(api, "POST", f"/plans/{plan}/revisions", body, tag)

    read_write_race(api, f"/plans/{plan}", revise, revise)
    statuses = iter(["ongoing", "delayed", "completed", "cancelled", "ongoing", "delayed"])

    def follow_up(tag: str | None) -> TestResponse:
        body = {"status": next(statuses), "reason": "Ny bedömning"}
        return send(api, "PUT", f"/plans/{plan}/items/{area}/follow-ups/2024-T1", body, tag)

    read_write_race(api, f"/plans/{plan}/items/{area}", follow_up, follow_up)
    item = api.get(f"/plans/{plan}/items/{area}").get_json()
    assert (item["id"], item["plan_id"], item["title"], item["exists"]) == (
        area, plan, "Fokusområde", True
    )  # fmt: skip
    before = api.get(f"/plans/{plan}/items/{area}", valid_at="2023-06-01").get_json()
    assert (before["exists"], before["valid_from"]) == (False, "2024-01-01")
    other_plan = setting_up(api)[0]
    assert api.get(f"/plans/{other_plan}/items/{area}").status_code == 404


def test_an_indicators_read_names_the_version_its_values_accept(api: Api) -> None:
    _, region, decision = setting_up(api)
    indicator = api.plan_with_indicator(decision, region)[2]
    values = iter(range(100))

    def outcome(tag: str | None) -> TestResponse:
        body = {"value": next(values), "reason": "Ny leverans"}
        return send(api, "PUT", f"/indicators/{indicator}/outcomes/2024-T1", body, tag)

    read_write_race(api, f"/indicators/{indicator}", outcome, outcome)


def test_a_mandates_read_names_the_version_its_next_version_accepts(api: Api) -> None:
    group, _, decision = mandates_set_up(api)
    path = f"/organs/{group}/mandate"
    assert "ETag" not in api.get(path).headers, "no mandate yet: nothing to match"
    days = iter(range(1, 28))

    def issue(tag: str | None) -> TestResponse:
        day = next(days)
        body = {**MANDATE, "meetings_per_year": day, "effective_on": f"2024-06-{day:02}",
                "decision_id": decision}  # fmt: skip
        return send(api, "PUT", path, body, tag)

    assert issue(None).status_code == 200
    read_write_race(api, path, issue, issue)


def test_an_assignments_read_names_the_version_its_reports_accept(api: Api) -> None:
    decision, vastkom, _, _ = assignments_set_up(api)
    assignment = give(api, decision, vastkom)
    days = iter(range(1, 28))

    def report(tag: str | None) -> TestResponse:
        body = {"text": "Delrapport", "reported_on": f"2017-02-{next(days):02}"}
        return send(api, "POST", f"/assignments/{assignment}/reports", body, tag)

    read_write_race(api, f"/assignments/{assignment}", report, report)


def test_a_decisions_and_a_persons_reads_send_their_etags(api: Api) -> None:
    recorded = api.post("/decisions", {"decided_on": "2020-01-01", "title": "Beslut",
                                       "decision_type": "registration"})  # fmt: skip
    decision = recorded.get_json()["id"]
    assert read_tag(api, f"/decisions/{decision}") == recorded.headers["ETag"] == '"1"'
    person = api.post("/people", {"name": "Zelda Zorkmoid"}).get_json()["id"]
    tag = read_tag(api, f"/people/{person}")
    assert tag == '"1"'
    erasure = {"reason": "Begäran"}
    erased = send(api, "POST", f"/people/{person}/erasure", erasure, tag)
    assert erased.status_code == 200, erased.get_json()
    assert read_tag(api, f"/people/{person}") == erased.headers["ETag"] == '"2"'
    assert send(api, "POST", f"/people/{person}/erasure", erasure, tag).status_code == 412


def test_an_organs_members_name_the_version_its_appointments_accept(api: Api) -> None:
    vvg, region, _ = composition_set_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    path = f"/organs/{vvg}/members"
    assert "ETag" not in api.get(path).headers, "no seat yet: nothing to match"
    people = iter([person(api, f"Ledamot {n}") for n in range(6)])

    def appoint(tag: str | None) -> TestResponse:
        body = {"person_id": next(people), "role": "member", "effective_on": "2017-01-01",
                "decision_id": decision}  # fmt: skip
        return send(api, "POST", path, body, tag)

    assert appoint(None).status_code == 201
    read_write_race(api, path, appoint, appoint)


SINGLE_READS = [
    "/api/v1/organs/{organ_id}",
    "/api/v1/organs/{organ_id}/members",
    "/api/v1/organs/{organ_id}/mandate",
    "/api/v1/plans/{plan_id}",
    "/api/v1/plans/{plan_id}/items/{item_id}",
    "/api/v1/indicators/{indicator_id}",
    "/api/v1/assignments/{assignment_id}",
    "/api/v1/decisions/{decision_id}",
    "/api/v1/people/{person_id}",
]


def resolved(document: dict[str, Any], parameter: dict[str, Any]) -> tuple[str, str]:
    """Where a parameter is sent and its name, through a `$ref` to the components."""
    if "$ref" in parameter:
        parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return parameter["in"], parameter["name"]


def test_the_document_declares_etag_on_reads_and_if_match_on_writes(api: Api) -> None:
    document = api.client.get("/api/v1/openapi.json").get_json()
    for path in SINGLE_READS:
        assert "ETag" in document["paths"][path]["get"]["responses"]["200"]["headers"], path
    conditional = [
        (path, method)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put")
        and any(resolved(document, p) == ("header", "If-Match")
                for p in operation.get("parameters", []))
    ]  # fmt: skip
    unconditional = {
        path
        for path, operations in document["paths"].items()
        for method in ("post", "put")
        if method in operations and (path, method) not in conditional
    }
    # What creates a thing the path does not name yet: nothing to match. A grant is read
    # in lists only (no ETag), and its revocation can happen once (then 409).
    assert unconditional == {
        "/api/v1/organs", "/api/v1/decisions", "/api/v1/people", "/api/v1/plans",
        "/api/v1/indicators", "/api/v1/assignments", "/api/v1/imports", "/api/v1/grants",
        "/api/v1/grants/{grant_id}/revocation",
    }  # fmt: skip
