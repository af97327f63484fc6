"""Every read states what it read at: each GET operation the OpenAPI document lists is
called (its path ids filled from a small store built over HTTP) and each JSON answer
carries `as_of` with `valid_at`, `known_at` and `position`.

Exceptions, each said why:
- `/events` pages the store itself by position (`after`, `last_position`): there is no
  valid time and no `known_at` to resolve, the position is the page's own;
- `/health`, `/healthz`, `/readyz` say whether the process and the store answer;
- `/changes` (what was recorded between two times) states `as_of` with `valid_at` null,
  as its schema documents: valid time plays no part in it;
- a spreadsheet export (`…/export`) is no JSON answer: its as-of is in the XLSX title
  block and its cache headers, as the JSON answer's would be.
A GET added later with a path id this test cannot fill fails here, naming the id."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import Api
from tests.api.test_assignments_over_http import give
from tests.api.test_assignments_over_http import setting_up as assignments_set_up
from tests.api.test_conditional_writes import send
from tests.api.test_mandates_over_http import MANDATE
from tests.api.test_mandates_over_http import setting_up as mandates_set_up
from tests.api.test_plans_over_http import add_item, setting_up

NOT_AS_OF = {"/api/v1/events", "/api/v1/health", "/api/v1/healthz", "/api/v1/readyz"}
NO_VALID_TIME = {"/api/v1/changes"}
"""What was recorded between two times: `valid_at` is null (documented so)."""
REQUIRED_QUERY = {"period": "2024-T1", "from": "1", "to": "2"}


def store(api: Api) -> dict[str, str]:
    """One of each thing a path names: an organ with two mandate versions and a member,
    a plan with an item, an indicator and a submitted period, an assignment."""
    group, _, decision = mandates_set_up(api)
    for day, meetings in (("2024-06-01", 10), ("2025-01-01", 8)):
        body = {**MANDATE, "meetings_per_year": meetings, "effective_on": day,
                "decision_id": decision}  # fmt: skip
        assert send(api, "PUT", f"/organs/{group}/mandate", body, None).status_code == 200
    person = str(api.created("/people", {"name": "Zelda Zorkmoid"})["id"])
    seat = {"person_id": person, "role": "member", "effective_on": "2024-06-01",
            "decision_id": decision}  # fmt: skip
    api.created(f"/organs/{group}/members", seat)
    plan, region, plan_decision = setting_up(api)
    item = add_item(api, plan, "Fokusområde")
    indicator = str(
        api.created(
            "/indicators",
            {"plan_item_id": item, "subject_organ_id": region, "name": "Andel", "unit": "%",
             "direction": "higher_is_better", "periodicity": "tertial"},
        )["id"]
    )  # fmt: skip
    outcome = send(api, "PUT", f"/indicators/{indicator}/outcomes/2024-T1", {"value": 5}, None)
    assert outcome.status_code == 200
    submitted = api.post(f"/plans/{plan}/periods/2024-T1/submission", {})
    assert submitted.status_code == 200, submitted.get_json()
    assignment_decision, vastkom, _, _ = assignments_set_up(api)
    return {
        "organ_id": group,
        "person_id": person,
        "decision_id": plan_decision,
        "plan_id": plan,
        "item_id": item,
        "indicator_id": indicator,
        "period": "2024-T1",
        "assignment_id": give(api, assignment_decision, vastkom),
        "position": str(outcome.get_json()["position"]),
    }


def test_every_json_read_states_its_as_of(api: Api) -> None:
    ids = store(api)
    document: dict[str, Any] = api.client.get("/api/v1/openapi.json").get_json()
    checked = []
    for template, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or template in NOT_AS_OF:
            continue
        names = re.findall(r"{(\w+)}", template)
        missing = [name for name in names if name not in ids]
        assert not missing, f"{template}: give this test an id for {missing}"
        path = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], template)
        query = {
            p["name"]: REQUIRED_QUERY[p["name"]]
            for p in operation.get("parameters", [])
            if p["in"] == "query" and p.get("required")
        }
        answer = api.get(path.removeprefix("/api/v1"), **query)
        assert answer.status_code == 200, (template, answer.get_json())
        if not answer.is_json:
            assert template.endswith("/export"), f"{template} answers {answer.mimetype}"
            continue
        as_of = answer.get_json().get("as_of")
        assert isinstance(as_of, dict), f"{template} states no as_of"
        assert set(as_of) >= {"valid_at", "known_at", "position"}, (template, as_of)
        assert isinstance(as_of["position"], int), template
        assert as_of["position"] >= api.position, template
        if template in NO_VALID_TIME:
            assert as_of["valid_at"] is None, template
        else:
            assert isinstance(as_of["valid_at"], str), (template, as_of)
            assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", as_of["valid_at"]), template
        checked.append(template)
    assert len(checked) >= 20, checked
