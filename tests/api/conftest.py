"""An HTTP client over each kind of store, the follower running as in `styrlogg serve`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.grants import Role
from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from tests.conftest import STORES, opened, store_settings
from tests.support.auth import PRINCIPAL, ROLES, authorized, grant

REGISTRATION = {
    "decided_on": "1998-06-01",
    "title": "Registrering av organisationen",
    "decision_type": "registration",
}


class Api:
    """A test client that knows the API's paths and reads its own writes."""

    def __init__(self, client: FlaskClient, container: Container) -> None:
        self.client = client
        self.container = container
        self.position = 0

    def post(self, path: str, body: Any, **kwargs: Any) -> TestResponse:
        response = self.client.post(f"/api/v1{path}", json=body, **kwargs)
        if response.status_code < 300:
            self.position = max(self.position, response.get_json()["position"] or 0)
        return response

    def get(self, path: str, **params: Any) -> TestResponse:
        if path != "/events":  # the feed reads the store itself: it waits for nothing
            params.setdefault("min_position", self.position)
        return self.client.get(f"/api/v1{path}", query_string=params)

    def signed_in(
        self, principal: str, roles: Iterable[Role], organ_ids: Iterable[str] = ()
    ) -> Api:
        """A client of the same app and store, signed in as the principal, which is given
        `roles` (for `organ_ids`, a follow-up officer's) from 2000-01-01; it reads from
        where this one has written."""
        grant(self.container, principal, roles, tuple(UUID(o) for o in organ_ids))
        other = Api(client_of(self.container, principal, ()), self.container)
        other.position = self.container.app.last_position()
        return other

    def created(self, path: str, body: Any) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == 201, response.get_json()
        answer: dict[str, Any] = response.get_json()
        return answer

    def decision(self, **fields: Any) -> str:
        return str(self.created("/decisions", {**REGISTRATION, **fields})["id"])

    def organ(self, name: str, kind: str, decision_id: str, **fields: Any) -> str:
        body = {
            "name": name,
            "kind": kind,
            "effective_on": "2000-01-01",
            "decision_id": decision_id,
        }
        return str(self.created("/organs", {**body, **fields})["id"])

    def plan_with_indicator(
        self, decision: str, owner_organ_id: str, periodicity: str = "tertial"
    ) -> tuple[str, str, str]:
        """An operational plan from 2024 with one goal and one indicator on it: the ids of
        the plan, the goal and the indicator."""
        plan = self.created(
            "/plans",
            {"name": "Plan", "kind": "operational_plan", "owner_organ_id": owner_organ_id,
             "valid_from": "2024-01-01", "effective_on": "2024-01-01", "decision_id": decision},
        )["id"]  # fmt: skip
        item = self.created(
            f"/plans/{plan}/items", {"kind": "goal", "title": "Mål", "effective_on": "2024-01-01"}
        )["id"]
        indicator = self.created(
            "/indicators",
            {"plan_item_id": item, "name": "Mått", "unit": "st", "direction": "higher_is_better",
             "periodicity": periodicity},
        )["id"]  # fmt: skip
        return str(plan), str(item), str(indicator)

    def store_position(self) -> int:
        return self.container.app.last_position()


@contextmanager
def serving(
    kind: str, tmp_path: Path, *, principal: str = PRINCIPAL, **overrides: Any
) -> Iterator[Api]:
    """A client over a fresh store of this kind, with these settings changed, signed in as
    the principal."""
    settings = dataclasses.replace(
        store_settings(kind, tmp_path, reused=True),
        follower_interval_seconds=0.05,
        min_position_timeout_seconds=5.0,
        **overrides,
    )
    with opened(settings) as container:
        container.start_follower()
        with _pooled_app(container) as app:
            yield Api(authorized(app, principal), container)


def client_of(
    container: Container, principal: str = PRINCIPAL, roles: Iterable[Role] = ROLES
) -> FlaskClient:
    """A client of a new app over the container, sending a new token of the principal,
    which holds `roles`."""
    app = create_app(container)
    app.testing = True
    return authorized(app, principal, roles)


_free_apps: dict[int | None, list[Flask]] = {}
"""Apps built by earlier tests of this process and not in use, by body limit."""


@contextmanager
def _pooled_app(container: Container) -> Iterator[Flask]:
    """An app over the container, lent for one `serving`. Building one costs a third of a
    second (flask-smorest documents every operation as it registers it: most of an HTTP
    test's time), and an app holds nothing of its container but `extensions["styrlogg"]`
    and the body limit, so an app no test is using is pointed at the next one's container;
    two `serving`s at once each get their own app."""
    limit = container.settings.max_content_length
    free = _free_apps.setdefault(limit, [])
    app = free.pop() if free else create_app(container)
    app.testing = True
    app.extensions["styrlogg"] = container
    try:
        yield app
    finally:
        free.append(app)


@pytest.fixture(params=STORES)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with serving(request.param, tmp_path) as client:
        yield client


def ids(items: list[dict[str, Any]]) -> set[UUID]:
    return {UUID(i["id"]) for i in items}
