"""Page cursors are signed with the deployment's secret: an edited, forged or foreign one is
422 naming `cursor`, and every process of one deployment continues the others' pages."""

from __future__ import annotations

import base64
import dataclasses
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from itsdangerous.encoding import base64_decode, base64_encode
from werkzeug.test import TestResponse

from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from tests.api.conftest import Api
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

IMMUTABLE = "public, max-age=31536000, immutable"
GROUPS = ("Funktionsgrupp A", "Funktionsgrupp B", "Funktionsgrupp C")


def api_over(container: Container) -> Api:
    app = create_app(container)
    app.testing = True
    return Api(authorized(app), container)


def three_groups(api: Api) -> str:
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    for name in GROUPS:
        api.organ(name, "group", registration, parent_id=region, group_type="function_group")
    return region


def first_page(api: Api, **params: Any) -> TestResponse:
    response = api.get("/organs", kind="group", limit=2, **params)
    assert response.status_code == 200, response.get_json()
    return response


def next_page(api: Api, cursor: str) -> TestResponse:
    return api.get("/organs", kind="group", limit=2, cursor=cursor)


def assert_refused(response: TestResponse) -> None:
    assert response.status_code == 422, response.get_json()
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == ["cursor"]


def edited(cursor: str, **changes: Any) -> str:
    """The cursor with its payload changed and its signature kept."""
    payload, signature = cursor.removeprefix(".").rsplit(".", 1)
    data = base64_decode(payload)
    if cursor.startswith("."):  # itsdangerous's mark of a compressed payload
        data = zlib.decompress(data)
    fields = {**json.loads(data), **changes}
    return f"{base64_encode(json.dumps(fields).encode()).decode()}.{signature}"


@pytest.fixture
def organs(api: Api) -> str:
    return three_groups(api)


def test_an_edited_cursor_is_422_naming_the_field(api: Api, organs: str) -> None:
    cursor = first_page(api, valid_at="2021-01-01").get_json()["next_cursor"]
    assert next_page(api, cursor).status_code == 200
    assert_refused(next_page(api, edited(cursor, position=api.store_position() + 1000)))
    assert_refused(next_page(api, edited(cursor, pinned=True)))
    assert_refused(next_page(api, edited(cursor, after=["", ""])))
    assert_refused(next_page(api, cursor[:-1]))


def test_a_cursor_made_by_a_client_is_422(api: Api, organs: str) -> None:
    # What this server gave out before cursors were signed, at a position beyond the
    # projections: it was answered immutable.
    made = {"valid_at": "2021-01-01", "known_at": "x", "position": 10**9, "after": None,
            "pinned": True}  # fmt: skip
    forged = base64.urlsafe_b64encode(json.dumps(made).encode()).decode().rstrip("=")
    assert_refused(next_page(api, forged))


def test_a_cursor_of_another_list_is_422(api: Api, organs: str) -> None:
    organs_cursor = first_page(api).get_json()["next_cursor"]
    history = api.get(f"/organs/{organs}/history", limit=1).get_json()["next_cursor"]
    for path in ("/decisions", "/assignments", f"/organs/{organs}/history", "/changes"):
        assert_refused(api.get(path, cursor=organs_cursor))
    assert_refused(api.get("/organs", cursor=history))


def test_a_cursor_from_a_server_with_another_secret_key_is_422(
    api: Api, organs: str, tmp_path: Path
) -> None:
    other = dataclasses.replace(store_settings("memory", tmp_path), secret_key="another key")
    same = dataclasses.replace(store_settings("memory", tmp_path), secret_key="another key")
    with opened(other) as other_server, opened(same) as same_key:
        other_server.start_follower()
        elsewhere = api_over(other_server)
        three_groups(elsewhere)
        cursor = first_page(elsewhere).get_json()["next_cursor"]
        assert_refused(next_page(api, cursor))
        assert api_over(same_key).get("/organs", kind="group", cursor=cursor).status_code == 200


@pytest.fixture(params=["sqlite", "postgresql"])
def two_workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Api, Api]]:
    """Two processes on one store, as two gunicorn workers: the first made the tables and
    follows; the second was started with CREATE_TABLE=n."""
    settings = store_settings(request.param, tmp_path, follower_interval_seconds=0.05)
    worker = dataclasses.replace(settings, create_tables=False)
    with opened(settings) as first, opened(worker) as second:
        first.start_follower()
        yield api_over(first), api_over(second)


def test_two_workers_of_one_store_continue_each_others_pages(two_workers: tuple[Api, Api]) -> None:
    a, b = two_workers
    three_groups(a)
    b.position = a.position
    reached = str(a.position)
    pinned = first_page(a, known_at=reached, valid_at="2021-01-01")
    assert pinned.headers["Cache-Control"] == IMMUTABLE
    continued = next_page(b, pinned.get_json()["next_cursor"])
    assert continued.status_code == 200, continued.get_json()
    assert [o["name"] for o in continued.get_json()["items"]] == ["Funktionsgrupp C"]
    assert continued.headers["Cache-Control"] == IMMUTABLE
    today = first_page(b, known_at=reached)  # valid_at defaulted: it changes tomorrow
    assert today.headers["Cache-Control"] == "no-cache"
    continued = next_page(a, today.get_json()["next_cursor"])
    assert continued.status_code == 200, continued.get_json()
    assert continued.headers["Cache-Control"] == "no-cache"
