"""When PostgreSQL goes away, requests answer 503 with Retry-After within seconds, and the
service recovers when it comes back."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from interfaces.http.app import create_app
from tests.conftest import opened, store_settings
from tests.support.auth import authorized
from tests.support.tcp_proxy import TcpProxy

DECISION = {"decided_on": "2020-01-01", "title": "Beslut", "decision_type": "registration"}


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    proxy = TcpProxy(("127.0.0.1", 5432))
    proxy.start()
    yield proxy
    proxy.cut()


@pytest.fixture
def client(proxy: TcpProxy, tmp_path: Path) -> Iterator[FlaskClient]:
    settings = store_settings("postgresql", tmp_path)
    direct = dataclasses.replace(settings, postgres_connect_timeout_seconds=1)
    through_proxy = dataclasses.replace(
        direct, database_url=direct.database_url.replace(":5432", f":{proxy.port}")
    )
    # The first opens directly, to create the tables and drop them afterwards.
    with (
        opened(direct),
        opened(dataclasses.replace(through_proxy, create_tables=False)) as container,
    ):
        app = create_app(container)
        app.testing = True
        yield authorized(app)


def test_writes_and_reads_answer_503_quickly_during_an_outage_then_recover(
    proxy: TcpProxy, client: FlaskClient
) -> None:
    assert client.post("/api/v1/decisions", json=DECISION).status_code == 201
    proxy.cut()
    began = time.monotonic()
    write = client.post("/api/v1/decisions", json=DECISION)
    assert write.status_code == 503, write.get_json()
    assert write.headers["Retry-After"]
    # The token is looked up first, in the register beside the projections (the same
    # server): its outage is the first one met. /readyz below meets the store's own.
    assert write.get_json()["title"] == "Projections unavailable"
    assert write.mimetype == "application/problem+json"
    read = client.get("/api/v1/organs")
    assert read.status_code == 503, read.get_json()
    assert read.mimetype == "application/problem+json"
    # Two attempts of a one-second connect timeout each; the library alone retries ten times.
    assert time.monotonic() - began < 6
    proxy.start()
    deadline = time.monotonic() + 15
    while (status := client.post("/api/v1/decisions", json=DECISION).status_code) == 503:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    assert status == 201


def test_readyz_answers_503_while_the_store_is_away_and_healthz_still_200(
    proxy: TcpProxy, client: FlaskClient
) -> None:
    assert client.get("/api/v1/readyz").status_code == 200
    proxy.cut()
    time.sleep(2.1)  # past the cached verdict (READINESS_CACHE_SECONDS)
    began = time.monotonic()
    ready = client.get("/api/v1/readyz")
    assert ready.status_code == 503, ready.get_json()
    assert ready.mimetype == "application/problem+json"
    assert ready.get_json()["title"] == "Event store unavailable"
    assert time.monotonic() - began < 6
    assert client.get("/api/v1/healthz").status_code == 200
    proxy.start()
    deadline = time.monotonic() + 15
    while client.get("/api/v1/readyz").status_code == 503:
        assert time.monotonic() < deadline
        time.sleep(0.5)
