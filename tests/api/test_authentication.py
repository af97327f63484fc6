"""Every request to /api/v1 but health, readiness, the OpenAPI document and the docs page
signs in with an API token; a request that does not is 401 and writes nothing; what it
writes names the token's principal, never a value the client sent."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from domain.grants import Role
from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from tests.api.conftest import REGISTRATION, Api, client_of, serving
from tests.conftest import STORES, opened
from tests.support.auth import PRINCIPAL, grant

DECISIONS = "/api/v1/decisions"
REALM = 'Bearer realm="styrlogg"'
PUBLIC = {"/api/v1/health", "/api/v1/healthz", "/api/v1/readyz"}


def anonymous(api: Api) -> FlaskClient:
    """A client of the same app that sends no token of its own."""
    return api.client.application.test_client()


def idempotency_rows(container: Container) -> int:
    with container.registers.reading() as cursor:
        cursor.execute("SELECT COUNT(*) FROM idempotency_keys")
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def assert_refused(response: TestResponse, kind: str, challenge: str) -> None:
    assert response.status_code == 401, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert (problem["type"], problem["status"]) == (f"urn:styrlogg:problem:{kind}", 401)
    assert problem["title"] == "Not authenticated"
    assert problem["detail"]
    assert response.headers["WWW-Authenticate"] == challenge


@pytest.mark.parametrize(
    ("authorization", "kind", "challenge"),
    [
        (None, "not-authenticated", REALM),
        ("Basic YWRtaW46aGVtbGln", "not-authenticated", REALM),
        ("Bearer", "invalid-authorization", f'{REALM}, error="invalid_request"'),
        ("Bearer ", "invalid-authorization", f'{REALM}, error="invalid_request"'),
        ("Bearer två ord", "invalid-authorization", f'{REALM}, error="invalid_request"'),
        ("Bearer styrlogg_unknown", "unknown-token", f'{REALM}, error="invalid_token"'),
    ],
    ids=["missing", "basic", "bearer-alone", "bearer-blank", "bearer-malformed", "unknown"],
)
def test_a_request_without_a_valid_token_is_401_and_writes_nothing(
    api: Api, authorization: str | None, kind: str, challenge: str
) -> None:
    client = anonymous(api)
    headers = {"Idempotency-Key": "utan-token"}
    if authorization is not None:
        headers["Authorization"] = authorization
    before = api.store_position()
    write = client.post(DECISIONS, json=REGISTRATION, headers=headers)
    assert_refused(write, kind, challenge)
    # Refused before the body is read (bad JSON is not a 400) and before any key is claimed.
    garbled = client.post(
        DECISIONS, data=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert_refused(garbled, kind, challenge)
    assert_refused(client.get("/api/v1/organs", headers=headers), kind, challenge)
    assert api.store_position() == before
    assert idempotency_rows(api.container) == 0
    assert api.post("/decisions", REGISTRATION).status_code == 201  # with its token: written


def test_a_body_too_large_without_a_token_is_401_unread(tmp_path: Path) -> None:
    with serving("memory", tmp_path, max_content_length=100) as api:
        body = {**REGISTRATION, "title": "x" * 500}
        assert_refused(anonymous(api).post(DECISIONS, json=body), "not-authenticated", REALM)
        assert api.client.post(DECISIONS, json=body).status_code == 413


def test_an_expired_token_is_401(api: Api) -> None:
    made = api.container.tokens.create(
        "gammal", expires_in_days=1, now=datetime.now(UTC) - timedelta(days=2)
    )
    response = anonymous(api).get(
        "/api/v1/organs", headers={"Authorization": f"Bearer {made.secret}"}
    )
    assert_refused(
        response,
        "token-expired",
        f'{REALM}, error="invalid_token", error_description="the token has expired"',
    )
    assert made.token.expires_at.isoformat() in response.get_json()["detail"]


@contextmanager
def second_worker(api: Api, kind: str) -> Iterator[FlaskClient]:
    """Another app over the same store and registers, as another gunicorn worker has (in
    memory there is only the one process: another app over its container)."""
    if kind == "memory":
        yield create_app(api.container).test_client()
        return
    settings = dataclasses.replace(api.container.settings, create_tables=False)
    with opened(settings) as other:
        yield create_app(other).test_client()


@pytest.mark.parametrize("kind", STORES)
def test_a_token_revoked_in_one_worker_is_refused_at_once_by_another(
    kind: str, tmp_path: Path
) -> None:
    with serving(kind, tmp_path) as api, second_worker(api, kind) as other:
        grant(api.container, "rapportjobb", [Role.AUDITOR])
        made = api.container.tokens.create("rapportjobb", "nightly")
        signed = {"Authorization": f"Bearer {made.secret}"}
        assert other.get("/api/v1/organs", headers=signed).status_code == 200
        assert anonymous(api).get("/api/v1/organs", headers=signed).status_code == 200
        api.container.tokens.revoke(made.token.id)
        before = api.store_position()
        for client in (other, anonymous(api)):
            refused = client.post(DECISIONS, json=REGISTRATION, headers=signed)
            assert_refused(
                refused,
                "token-revoked",
                f'{REALM}, error="invalid_token", error_description="the token was revoked"',
            )
        assert api.store_position() == before
        # The test client's own token is untouched by it.
        assert api.client.get("/api/v1/organs").status_code == 200


def test_health_readiness_the_document_and_the_docs_need_no_token(api: Api) -> None:
    client = anonymous(api)
    for path in [*sorted(PUBLIC), "/api/v1/openapi.json", "/api/v1/docs"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/api/v1/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/").status_code == 302


def test_every_operation_but_the_public_ones_is_401_without_a_token(api: Api) -> None:
    before = api.store_position()
    document = anonymous(api).get("/api/v1/openapi.json").get_json()
    client = anonymous(api)
    seen = 0
    for path, item in document["paths"].items():
        concrete = re.sub(r"\{period\}", "2024-T1", path)
        concrete = re.sub(r"\{(version|position)\}", "1", concrete)
        concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), concrete)
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            response = client.open(concrete, method=method.upper(), json={})
            if path in PUBLIC:
                assert operation["security"] == [], path
                assert response.status_code == 200, (method, path)
                continue
            seen += 1
            assert "security" not in operation, (method, path)  # the default: bearerAuth
            assert "401" in operation["responses"], (method, path)
            assert response.status_code == 401, (method, path, response.get_json())
    assert seen >= 60
    assert api.store_position() == before


def history_actors(api: Api, organ: str) -> list[str]:
    answer = api.get(f"/organs/{organ}/history").get_json()
    return [entry["actor"] for entry in answer["items"]]


@pytest.mark.parametrize("kind", STORES)
def test_the_actor_of_every_write_is_the_tokens_principal(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path, local_actor="konsolen") as api:
        start = api.store_position()
        decision = api.decision()
        organ = api.organ("Region Exempel", "region", decision)
        other = Api(client_of(api.container, "registrator-7"), api.container)
        renamed = other.post(
            f"/organs/{organ}/renamings",
            {"name": "Region Prov", "effective_on": "2001-01-01", "decision_id": decision},
        )
        assert renamed.status_code == 200, renamed.get_json()
        api.position = other.position
        assert history_actors(api, organ) == [PRINCIPAL, "registrator-7"]
        feed = api.get("/events", after=start, limit=100).get_json()["events"]
        writes = [e["data"]["actor"] for e in feed if not e["type"].startswith("Access.")]
        assert writes == [PRINCIPAL, PRINCIPAL, "registrator-7"]


def test_a_client_cannot_send_an_actor(api: Api) -> None:
    start = api.store_position()
    refused = api.post("/decisions", {**REGISTRATION, "actor": "någon-annan"})
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["actor"]
    decision = api.decision()
    organ = api.post(
        "/organs",
        {"name": "R", "kind": "region", "effective_on": "2000-01-01", "decision_id": decision,
         "actor": "någon-annan"},
    )  # fmt: skip
    assert organ.status_code == 422
    assert "actor" in organ.get_json()["errors"]
    feed = api.get("/events", after=start).get_json()["events"]
    assert [e["data"]["actor"] for e in feed] == [PRINCIPAL]


def test_an_unknown_route_or_method_is_404_or_405_before_any_sign_in(api: Api) -> None:
    client = anonymous(api)
    assert client.get("/api/v1/no-such-thing").status_code == 404
    assert client.get(f"/api/v1/organs/{uuid.uuid4()}/no-such-thing").status_code == 404
    refused = client.delete("/api/v1/organs")
    assert refused.status_code == 405
    assert "GET" in refused.headers["Allow"]
    assert refused.mimetype == "application/problem+json"
