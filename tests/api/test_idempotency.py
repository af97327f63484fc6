"""Idempotency-Key: a retried POST or PUT is answered once and written once."""

from __future__ import annotations

import hashlib

from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, setting_up
from tests.support.auth import PRINCIPAL


def indicator(api: Api) -> str:
    plan, _, _ = setting_up(api)
    item = add_item(api, plan, "Fokusområde")
    body = {"plan_item_id": item, "name": "Mått", "unit": "antal",
            "direction": "higher_is_better", "periodicity": "tertial"}  # fmt: skip
    return str(api.created("/indicators", body)["id"])


def test_the_same_follow_up_posted_twice_is_recorded_once(api: Api) -> None:
    measure = indicator(api)
    path = f"/api/v1/indicators/{measure}/outcomes/2024-T1"
    headers = {"Idempotency-Key": "uppfoljning-2024-T1-abc"}
    first = api.client.put(path, json={"value": 85}, headers=headers)
    assert first.status_code == 200, first.get_json()
    position = api.store_position()
    again = api.client.put(path, json={"value": 85}, headers=headers)
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert api.store_position() == position

    other = api.client.put(path, json={"value": 86, "reason": "x"}, headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.get_json()["errors"]
    assert api.store_position() == position


def test_a_retried_post_creates_one_organ(api: Api) -> None:
    decision = api.decision()
    body = {"name": "Region", "kind": "region", "effective_on": "2000-01-01",
            "decision_id": decision}  # fmt: skip
    headers = {"Idempotency-Key": "etablera-region-1"}
    first = api.client.post("/api/v1/organs", json=body, headers=headers)
    second = api.client.post("/api/v1/organs", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert second.headers["Location"] == first.headers["Location"]
    listed = api.get("/organs", min_position=first.get_json()["position"]).get_json()
    assert len(listed["items"]) == 1


def test_a_refused_request_gives_its_key_back(api: Api) -> None:
    decision = api.decision()
    headers = {"Idempotency-Key": "etablera-2"}
    refused = api.client.post("/api/v1/organs", json={"name": "Region", "kind": "kingdom",
                              "effective_on": "2000-01-01", "decision_id": decision},
                              headers=headers)  # fmt: skip
    assert refused.status_code == 422
    fixed = api.client.post("/api/v1/organs", json={"name": "Region", "kind": "region",
                            "effective_on": "2000-01-01", "decision_id": decision},
                            headers=headers)  # fmt: skip
    assert fixed.status_code == 201, fixed.get_json()


def test_a_key_in_use_or_malformed(api: Api) -> None:
    start = api.store_position()  # the tests' grants
    decision = api.decision()
    body = b'{"name": "Region", "kind": "region", "effective_on": "2000-01-01", '
    body += f'"decision_id": "{decision}"}}'.encode()
    fingerprint = hashlib.sha256(b"\n".join([b"POST", b"/api/v1/organs?", body])).hexdigest()
    claimed = api.container.idempotency.claim(f"{PRINCIPAL}:in-flight", fingerprint)
    assert type(claimed).__name__ == "Claimed"
    busy = api.client.post("/api/v1/organs", data=body, content_type="application/json",
                           headers={"Idempotency-Key": "in-flight"})  # fmt: skip
    assert busy.status_code == 409
    assert api.store_position() == start + 1
    bad = api.client.post("/api/v1/organs", data=body, content_type="application/json",
                          headers={"Idempotency-Key": "mellan slag"})  # fmt: skip
    assert bad.status_code == 422
    assert "Idempotency-Key" in bad.get_json()["errors"]
