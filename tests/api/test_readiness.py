"""`/healthz` and `/readyz` while the follower runs, its gap watchdog in its loop."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interfaces.http.app import create_app
from tests.api.conftest import Api
from tests.conftest import STORES, opened, store_settings
from tests.support.auth import authorized


@pytest.fixture(params=STORES)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    settings = dataclasses.replace(
        store_settings(request.param, tmp_path),
        follower_interval_seconds=0.05,
        gap_check_interval_seconds=0.05,
        readiness_cache_seconds=0,
    )
    with opened(settings) as container:
        container.start_follower()
        app = create_app(container)
        app.testing = True
        yield Api(authorized(app), container)


def test_the_followers_watchdog_verifies_each_write_and_readyz_says_how_far(api: Api) -> None:
    assert api.client.get("/api/v1/healthz").get_json() == {"status": "alive"}
    api.decision()
    position = api.store_position()
    deadline = time.monotonic() + 10
    while True:
        answer = api.client.get("/api/v1/readyz")
        assert answer.status_code == 200, answer.get_json()
        if answer.get_json()["verified_through"].get("audit_trail") == position:
            break
        assert time.monotonic() < deadline, answer.get_json()
        time.sleep(0.05)
    assert answer.get_json() == {
        "status": "ready",
        "store_position": position,
        "verified_through": {"audit_trail": position},
    }


def test_readyz_and_healthz_are_documented(api: Api) -> None:
    paths = api.client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/readyz"]["get"]["responses"]) >= {"200", "503"}
    assert set(paths["/api/v1/healthz"]["get"]["responses"]) >= {"200"}
