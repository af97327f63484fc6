"""Idempotency-Key, exactly once: a request's key is recorded in the same save as its
events, so whatever becomes of the answer, a retry writes nothing and replays the first."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, request
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from tests.api.conftest import REGISTRATION, Api, client_of, serving
from tests.conftest import STORES
from tests.support.auth import PRINCIPAL, authorized
from tests.support.openapi import mismatches

DECISIONS = "/api/v1/decisions"
KEY_TTL = 0.3


class ProcessDied(Exception):
    """The process died after the commit, before its answer was kept."""


def flask_app(container: Container) -> Flask:
    app = create_app(container)
    app.testing = True
    return app


def dying_once(container: Container) -> FlaskClient:
    """A client whose first request dies after its view answered: its events are committed
    but its answer never reaches the client or the answers table."""
    app = flask_app(container)
    armed = [True]

    # Registered last, so it runs first of the after_request functions.
    @app.after_request
    def die(response: Response) -> Response:
        if armed:
            armed.pop()
            raise ProcessDied
        return response

    return authorized(app)


def events(api: Api, event_type: str) -> list[dict[str, Any]]:
    feed = api.client.get("/api/v1/events", query_string={"limit": 1000}).get_json()
    return [e for e in feed["events"] if e["type"] == event_type]


def post(client: FlaskClient, key: str, body: dict[str, Any]) -> TestResponse:
    return client.post(DECISIONS, json=body, headers={"Idempotency-Key": key})


def forget_answer_of(api: Api, key: str, seconds_ago: int) -> None:
    """The answers table as a process leaves it that died after committing, before keeping
    its answer: the key still claimed and unanswered, since `seconds_ago`."""
    with api.container.db.transaction() as cursor:
        cursor.execute(
            "UPDATE idempotency_keys SET status = 0, body = NULL, headers = NULL,"
            " claimed_at = claimed_at - ? WHERE key = ?",
            (seconds_ago, f"{PRINCIPAL}:{key}"),
        )


def test_a_retry_after_the_answer_was_lost_writes_nothing_and_says_what_was_written(
    api: Api,
) -> None:
    body = {**REGISTRATION, "title": "Beslut om uppföljning"}
    with pytest.raises(ProcessDied):
        post(dying_once(api.container), "beslut-1", body)
    [written] = events(api, "Decision.Recorded")
    assert written["data"]["title"] == "Beslut om uppföljning"
    other = post(api.client, "beslut-1", {**body, "title": "Ett annat beslut"})
    assert other.status_code == 422, other.get_json()  # the key is still this request's

    retried = post(api.client, "beslut-1", body)
    assert len(events(api, "Decision.Recorded")) == 1
    assert retried.status_code == 200, retried.get_json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    answer = retried.get_json()
    assert answer["replayed"] is True
    assert answer["position"] == written["position"] == api.store_position()
    assert answer["events"] == [
        {
            "position": written["position"],
            "type": "Decision.Recorded",
            "aggregate_id": written["aggregate_id"],
            "version": 1,
        }
    ]
    assert "not run again" in answer["detail"]
    document = api.client.get("/api/v1/openapi.json").get_json()
    assert mismatches(document, "POST", "/api/v1/decisions", retried) == []  # as documented

    again = post(api.client, "beslut-1", body)
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == answer
    assert len(events(api, "Decision.Recorded")) == 1


def test_a_request_that_died_is_taken_over_after_60_seconds_and_replayed_whole(
    api: Api,
) -> None:
    registration = api.decision()
    region = api.organ("Regionen", "region", registration)
    body = {"decided_on": "2024-02-01", "title": "Delegation", "organ_id": region,
            "paragraph": "§12", "decision_type": "meeting_decision"}  # fmt: skip
    first = post(api.client, "beslut-12", body)
    assert first.status_code == 201, first.get_json()
    forget_answer_of(api, "beslut-12", seconds_ago=30)
    assert post(api.client, "beslut-12", body).status_code == 409  # it may still be running
    forget_answer_of(api, "beslut-12", seconds_ago=61)

    taken_over = post(api.client, "beslut-12", body)
    assert len(events(api, "Decision.Recorded")) == 2  # the registration, and §12 once
    assert taken_over.status_code == 200, taken_over.get_json()
    assert taken_over.headers["Idempotent-Replayed"] == "true"
    answer = taken_over.get_json()
    assert answer["position"] == first.get_json()["position"]
    # The whole save: the decision and the claim on its §, nothing of earlier saves.
    assert [(e["type"], e["aggregate_id"] == first.get_json()["id"]) for e in answer["events"]] == [
        ("Decision.Recorded", True),
        ("ParagraphClaim.Claimed", False),
    ]


class Holds:
    """Holds a request sent with `X-Run: <name>` at a point of its run until let go:
    `before` its command runs (its key claimed), `after` it answered (its events committed,
    its answer not yet kept)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.points: dict[tuple[str, str], tuple[threading.Event, threading.Event]] = {}
        self.runs: list[threading.Thread] = []
        app.before_request(self._before)  # after the key was claimed
        app.after_request(self._after)  # registered last, so it runs first

    def hold(self, run: str, point: str) -> None:
        self.points[(run, point)] = (threading.Event(), threading.Event())

    def start(self, run: str, body: dict[str, Any], answers: list[TestResponse]) -> None:
        headers = {"Idempotency-Key": "slow", "X-Run": run}
        client = authorized(self.app)
        thread = threading.Thread(
            target=lambda: answers.append(client.post(DECISIONS, json=body, headers=headers))
        )
        self.runs.append(thread)
        thread.start()

    def reached(self, run: str, point: str) -> None:
        assert self.points[(run, point)][0].wait(timeout=5), f"{run} never reached {point}"

    def let_go(self, run: str, point: str) -> None:
        self.points[(run, point)][1].set()

    def finish(self) -> None:
        for _, go_on in self.points.values():
            go_on.set()
        for thread in self.runs:
            thread.join(timeout=10)

    def _before(self) -> None:
        self._at("before")

    def _after(self, response: Response) -> Response:
        self._at("after")
        return response

    def _at(self, point: str) -> None:
        found = self.points.get((request.headers.get("X-Run", ""), point))
        if found is not None:
            found[0].set()
            found[1].wait(timeout=5)


def running_for_61_seconds(api: Api, key: str) -> None:
    with api.container.db.transaction() as cursor:
        cursor.execute(
            "UPDATE idempotency_keys SET claimed_at = claimed_at - 61 WHERE key = ?",
            (f"{PRINCIPAL}:{key}",),
        )


def test_a_run_taken_over_while_still_running_collides_instead_of_writing_twice(
    api: Api,
) -> None:
    """The first run is slow: after 60 s a retry takes its key over and writes; when the
    first run then saves, its save collides with the retry's claim in the store."""
    holds = Holds(flask_app(api.container))
    body = {**REGISTRATION, "title": "Långsamt beslut"}
    first: list[TestResponse] = []
    holds.hold("first", "before")
    try:
        holds.start("first", body, first)
        holds.reached("first", "before")
        running_for_61_seconds(api, "slow")
        retry = authorized(holds.app).post(
            DECISIONS, json=body, headers={"Idempotency-Key": "slow"}
        )
    finally:
        holds.finish()
    assert len(events(api, "Decision.Recorded")) == 1
    assert retry.status_code == 201, retry.get_json()
    assert "Idempotent-Replayed" not in retry.headers
    [late] = first
    assert late.status_code == 201, late.get_json()
    assert late.headers["Idempotent-Replayed"] == "true"
    assert late.get_json() == retry.get_json()


def test_a_takeover_whose_save_collides_before_the_first_answered_says_what_was_written(
    api: Api,
) -> None:
    """The retry takes the key over while the first run is still to save; the first saves,
    and dies, or is slow, before keeping its answer; then the retry's save collides."""
    holds = Holds(flask_app(api.container))
    body = {**REGISTRATION, "title": "Beslut i kapplöpning"}
    first: list[TestResponse] = []
    retry: list[TestResponse] = []
    holds.hold("first", "before")
    holds.hold("retry", "before")
    holds.hold("first", "after")
    try:
        holds.start("first", body, first)
        holds.reached("first", "before")
        running_for_61_seconds(api, "slow")
        holds.start("retry", body, retry)
        holds.reached("retry", "before")
        holds.let_go("first", "before")
        holds.reached("first", "after")
        holds.let_go("retry", "before")
        holds.runs[1].join(timeout=10)
    finally:
        holds.finish()
    [written] = events(api, "Decision.Recorded")
    [replayed] = retry
    assert replayed.status_code == 200, replayed.get_json()
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_json()["events"] == [
        {"position": written["position"], "type": "Decision.Recorded",
         "aggregate_id": written["aggregate_id"], "version": 1}
    ]  # fmt: skip
    [answered] = first
    assert answered.status_code == 201
    assert answered.get_json()["id"] == written["aggregate_id"]
    kept = post(api.client, "slow", body)
    assert kept.get_json() == replayed.get_json()
    assert len(events(api, "Decision.Recorded")) == 1


@pytest.fixture(params=STORES)
def short_lived_keys(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with serving(request.param, tmp_path, idempotency_key_ttl_seconds=KEY_TTL) as api:
        yield api


def test_an_expired_key_can_be_used_again_and_writes_again(short_lived_keys: Api) -> None:
    api = short_lived_keys
    first = post(api.client, "ateranvand", REGISTRATION)
    replayed = post(api.client, "ateranvand", REGISTRATION)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_json() == first.get_json()
    time.sleep(KEY_TTL + 0.1)  # the store's claim expires by the database's clock
    with api.container.db.transaction() as cursor:  # the answer is kept to the second
        cursor.execute("UPDATE idempotency_keys SET claimed_at = claimed_at - 2")

    again = post(api.client, "ateranvand", REGISTRATION)
    assert again.status_code == 201, again.get_json()
    assert "Idempotent-Replayed" not in again.headers
    assert again.get_json()["id"] != first.get_json()["id"]
    assert len(events(api, "Decision.Recorded")) == 2


def test_the_same_key_of_two_principals_writes_for_each(api: Api) -> None:
    other = client_of(api.container, "annan")  # a token of another principal
    mine = post(api.client, "gemensam-nyckel", REGISTRATION)
    theirs = post(other, "gemensam-nyckel", REGISTRATION)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine.get_json()["id"]
    assert post(other, "gemensam-nyckel", REGISTRATION).get_json() == theirs.get_json()
    assert post(api.client, "gemensam-nyckel", REGISTRATION).get_json() == mine.get_json()
    recorded = events(api, "Decision.Recorded")
    assert [e["data"]["actor"] for e in recorded] == [PRINCIPAL, "annan"]
