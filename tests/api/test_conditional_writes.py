"""If-Match on every write to an existing thing: a stale tag, or one that is no version, is
412 and writes nothing (the store's position and the event feed stay where they were);
the current tag writes. Which thing's version the tag names is the one the path names
last: an indicator's values the indicator's, an item's follow-up the item's, an item
added the plan's (the item is new), a period's submission the plan's."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse

from tests.api.conftest import Api
from tests.api.test_assignments_over_http import give
from tests.api.test_assignments_over_http import setting_up as assignments_set_up
from tests.api.test_plans_over_http import add_item, setting_up

CSV = "text/csv"


def send(
    api: Api, method: str, path: str, body: dict[str, Any] | str, tag: str | None
) -> TestResponse:
    headers = {"If-Match": tag} if tag is not None else {}
    content: dict[str, Any] = (
        {"data": body.encode(), "content_type": CSV} if isinstance(body, str) else {"json": body}
    )
    response = api.client.open(f"/api/v1{path}", method=method, headers=headers, **content)
    if response.status_code < 300:
        api.position = max(api.position, response.get_json()["position"] or 0)
    return response


def refused_then_written(
    api: Api, method: str, path: str, body: dict[str, Any] | str, version: int
) -> TestResponse:
    """Every tag but `"version"` is 412 and writes nothing; `"version"` writes."""
    before = api.store_position()
    stale = {f'"{v}"' for v in (1, version - 1, version + 1) if v != version and v > 0}
    for tag in (*sorted(stale), '"x"', '"²"', f'W/"{version}"', '""'):
        refused = send(api, method, path, body, tag)
        assert refused.status_code == 412, (method, path, tag, refused.get_json())
        assert refused.mimetype == "application/problem+json"
        assert refused.get_json()["status"] == 412
    assert api.store_position() == before, f"a refused {method} {path} wrote"
    feed = api.get("/events", after=before).get_json()
    assert (feed["events"], feed["last_position"]) == ([], before)
    written = send(api, method, path, body, f'"{version}"')
    assert written.status_code in (200, 201), (method, path, written.get_json())
    return written


def version_of(response: TestResponse) -> int:
    return int(response.headers["ETag"].strip('"'))


def test_an_indicators_values_name_the_indicators_version(api: Api) -> None:
    plan, region, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    indicator = api.created(
        "/indicators",
        {"plan_item_id": area, "subject_organ_id": region, "name": "Andel", "unit": "%",
         "direction": "higher_is_better", "periodicity": "tertial"},
    )["id"]  # fmt: skip
    first: tuple[tuple[str, dict[str, Any]], ...] = (
        ("targets", {"value": 80, "decision_id": decision}),
        ("outcomes", {"value": 75}),
    )
    for period in ("2024-T1", "2024-T2", "2024-T3"):
        for series, body in first:
            send(api, "PUT", f"/indicators/{indicator}/{series}/{period}", body, None)
    assessed = send(api, "PUT", f"/indicators/{indicator}/assessments/2024-T1",
                    {"status": "met"}, None)  # fmt: skip
    assert version_of(assessed) == 8, "defined, six values and an assessment"
    version = 8
    later: tuple[tuple[str, dict[str, Any]], ...] = (
        ("targets/2025-T1", {"value": 81, "decision_id": decision}),
        ("outcomes/2025-T1", {"value": 70}),
        ("forecasts/2025-T2", {"value": 72, "reported_in": "2025-T1"}),
        ("assessments/2025-T1", {"status": "partly_met", "basis": "outcome"}),
    )
    for path, body in later:
        written = refused_then_written(api, "PUT", f"/indicators/{indicator}/{path}", body, version)
        assert written.get_json()["version"] == version_of(written) == version + 1
        version += 1
    assert version == 12


def test_an_identical_value_with_a_stale_tag_is_412_too(api: Api) -> None:
    _, region, decision = setting_up(api)
    indicator = api.plan_with_indicator(decision, region)[2]
    path = f"/indicators/{indicator}/outcomes/2024-T1"
    assert send(api, "PUT", path, {"value": 5}, '"1"').status_code == 200
    again = send(api, "PUT", path, {"value": 5}, '"1"')
    assert again.status_code == 412, "the client did not see the write it would repeat"
    same = send(api, "PUT", path, {"value": 5}, '"2"')
    assert (same.status_code, same.get_json()["written"]) == (200, False)


def test_an_items_follow_ups_assessments_and_changes_name_the_items_version(api: Api) -> None:
    plan, _, _ = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    activity = add_item(api, plan, "Aktivitet", kind="activity", parent_id=area)
    base = f"/plans/{plan}/items/{activity}"
    followed = refused_then_written(
        api, "PUT", f"{base}/follow-ups/2024-T1", {"status": "ongoing"}, 1
    )
    assessed = refused_then_written(
        api, "PUT", f"{base}/assessments/2024-T1", {"status": "met"}, version_of(followed)
    )
    revision = {"title": "Aktivitet 1", "parent_id": area, "effective_on": "2024-03-01"}
    revised = refused_then_written(api, "POST", f"{base}/revisions", revision, version_of(assessed))
    removed = refused_then_written(
        api, "POST", f"{base}/removal", {"effective_on": "2024-06-01"}, version_of(revised)
    )
    assert version_of(removed) == 5


def test_a_plans_own_changes_and_its_new_items_name_the_plans_version(api: Api) -> None:
    plan, _, decision = setting_up(api)
    revision = {"name": "Genomförandeplan 2024–2028", "valid_from": "2024-01-01",
                "effective_on": "2024-04-01", "decision_id": decision}  # fmt: skip
    version = version_of(refused_then_written(api, "POST", f"/plans/{plan}/revisions", revision, 1))
    added = refused_then_written(
        api, "POST", f"/plans/{plan}/items",
        {"kind": "goal", "title": "Mål", "effective_on": "2024-01-01"}, version,
    )  # fmt: skip
    assert version_of(added) == 1, "the new item's version: adding it leaves the plan's"
    version = version_of(
        refused_then_written(
            api, "PUT", f"/plans/{plan}/periods/2024-T1", {"due_on": "2024-05-15"}, version
        )
    )
    item = added.get_json()["id"]
    indicator = api.created(
        "/indicators",
        {"plan_item_id": item, "name": "Mått", "unit": "st", "direction": "higher_is_better",
         "periodicity": "tertial"},
    )["id"]  # fmt: skip
    values = f"indicator_id,series,value\n{indicator},outcome,3\n"
    imported = refused_then_written(
        api, "POST", f"/plans/{plan}/periods/2024-T1/values", values, version
    )
    assert imported.get_json()["written"] == 1
    for step in ("submission", "lock"):
        version = version_of(
            refused_then_written(api, "POST", f"/plans/{plan}/periods/2024-T1/{step}", {}, version)
        )
    closure = {"effective_on": "2025-01-01", "decision_id": decision}
    closed = refused_then_written(api, "POST", f"/plans/{plan}/closure", closure, version)
    assert version_of(closed) == version + 1


def test_an_assignments_reports_closure_and_withdrawal_name_its_version(api: Api) -> None:
    decision, vastkom, _, _ = assignments_set_up(api)
    assignment = give(api, decision, vastkom, due_on="2017-06-30")
    report = {"text": "Förslag lämnat", "reported_on": "2017-05-02"}
    reported = refused_then_written(api, "POST", f"/assignments/{assignment}/reports", report, 1)
    closure = {"effective_on": "2017-06-01"}
    closed = refused_then_written(
        api, "POST", f"/assignments/{assignment}/closure", closure, version_of(reported)
    )
    assert version_of(closed) == 3
    other = give(api, decision, vastkom)
    withdrawal = {"effective_on": "2017-01-01", "decision_id": decision}
    refused_then_written(api, "POST", f"/assignments/{other}/withdrawal", withdrawal, 1)


def test_an_erasure_names_the_persons_version(api: Api) -> None:
    registered = api.post("/people", {"name": "Zelda Zorkmoid"})
    assert registered.headers["ETag"] == '"1"'
    person = registered.get_json()["id"]
    erased = refused_then_written(
        api, "POST", f"/people/{person}/erasure", {"reason": "Begäran"}, 1
    )
    assert erased.headers["ETag"] == '"2"'


def test_annulments_name_the_version_of_what_they_annul(api: Api) -> None:
    """A seat's and a mandate version's annulment take If-Match like the writes they undo:
    the composition's version for a seat, the mandate's for a version."""
    from tests.api.test_composition_over_http import appoint, person
    from tests.api.test_composition_over_http import setting_up as composition_set_up
    from tests.api.test_mandates_over_http import MANDATE, put
    from tests.api.test_mandates_over_http import setting_up as mandate_set_up

    vvg, region, _ = composition_set_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val till VVG", organ_id=region)
    seat = appoint(api, vvg, person(api, "Anna"), "2017-01-01", decision)
    members = api.get(f"/organs/{vvg}/members", valid_at="2017-06-01")
    annulment = {"reason": "Fel person registrerad", "decision_id": decision}
    path = f"/organs/{vvg}/members/{seat}/annulment"
    refused_then_written(api, "POST", path, annulment, version_of(members))

    group, _, decided = mandate_set_up(api)
    first = {**MANDATE, "effective_on": "2024-05-31", "decision_id": decided}
    put(api, group, first)
    put(api, group, {**first, "meetings_per_year": 8, "effective_on": "2025-01-01"})
    mandate = api.get(f"/organs/{group}/mandate", valid_at="2025-06-01")
    body = {"reason": "Beslutet gällde en annan grupp", "decision_id": decided}
    path = f"/organs/{group}/mandate/versions/2/annulment"
    refused_then_written(api, "POST", path, body, version_of(mandate))
