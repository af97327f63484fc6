"""A projection that cannot apply an event stops before it, says so once (log and /readyz),
and leaves the other projections going; once the cause is gone it applies it, and the stall
is cleared (by a follower that starts with the fix, or by a rebuild)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient

from domain.organs import Organ
from interfaces.bootstrap import Container, make_projections
from interfaces.http.app import create_app
from interfaces.readiness import Readiness
from projections.follower import Follower
from projections.organ_tree import OrganTree
from projections.projection import Projection, Recorded
from projections.sql import Cursor, Database, Dialect
from tests.builders import World
from tests.support.auth import authorized


@dataclass
class Cause:
    """What makes the test's organ tree fail; a fix removes it."""

    present: bool = True
    tries: int = 0


class OrganTreeThatFails(OrganTree):
    """The organ tree, refusing organs named "Trasig" while the cause is present."""

    def __init__(self, dialect: Dialect, cause: Cause) -> None:
        super().__init__(dialect)
        self.cause = cause

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        if isinstance(recorded.event, Organ.Established) and recorded.event.name == "Trasig":
            self.cause.tries += 1
            if self.cause.present:
                raise ValueError("the organ tree cannot take this organ")
        super().handle(cursor, recorded)


def with_failing_tree(cause: Cause) -> Any:
    def projections(db: Database) -> Sequence[Projection]:
        return [
            OrganTreeThatFails(db.dialect, cause) if p.name == "organ_tree" else p
            for p in make_projections(db)
        ]

    return projections


def client_of(container: Container) -> FlaskClient:
    # A verdict at every probe: the test's steps are quicker than READINESS_CACHE_SECONDS.
    container.readiness = Readiness(container.app, container.db, cache_seconds=0)
    app = create_app(container)
    app.testing = True
    return authorized(app)


def established(container: Container, organ_id: object) -> int:
    """The position of the organ's Established event (its save records more)."""
    (position,) = [
        r.position
        for r in container.follower.source.read(0, 1000)
        if isinstance(r.event, Organ.Established) and r.event.originator_id == organ_id
    ]
    return position


def stall_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "organ_tree" in r.getMessage()]


def test_a_projection_that_cannot_apply_an_event_stalls_alone_and_says_so_once(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    cause = Cause()
    container.follower.make_projections = with_failing_tree(cause)
    client = client_of(container)
    world = World(container.app, personal_data=container.personal_data)
    world.organ("Hel")
    good = container.app.last_position()
    broken = world.organ("Trasig")
    stalled_at = established(container, broken)
    world.organ("Efter")
    caplog.set_level(logging.INFO)

    reached = container.follower.catch_up()

    positions = container.follower.positions()
    assert reached == container.app.last_position()
    assert positions.pop("organ_tree") == good  # the save before the event, not a part of it
    assert set(positions.values()) == {reached}  # the others went on past it
    ready = client.get("/api/v1/readyz")
    assert ready.status_code == 503
    problem = ready.get_json()
    assert problem["detail"] == (
        f"projection organ_tree cannot apply event {stalled_at} (applied through {good}):"
        " ValueError: the organ tree cannot take this organ"
    )
    assert problem["stalls"] == [
        {"projection": "organ_tree", "position": stalled_at, "applied_through": good,
         "error": "ValueError: the organ tree cannot take this organ"},
    ]  # fmt: skip
    # Reads of the organ tree answer from its last good position.
    organs = client.get("/api/v1/organs").get_json()
    assert {o["name"] for o in organs["items"]} == {"Västra Götalandsregionen", "Hel"}
    assert organs["as_of"]["position"] == good

    # More writes and catch-ups: the others follow them; no second word in the log.
    world.organ("Senare")
    for _ in range(3):
        assert container.follower.catch_up() == container.app.last_position()
    assert client.get("/api/v1/readyz").status_code == 503
    (record,) = stall_records(caplog)
    assert record.levelno == logging.ERROR
    assert f"event {stalled_at} (applied through {good})" in record.getMessage()
    assert cause.tries == 1  # not tried again before its delay

    cause.present = False  # the fix
    container.follower.rebuild()

    assert client.get("/api/v1/readyz").status_code == 200
    assert set(container.follower.positions().values()) == {container.app.last_position()}
    assert client.get(f"/api/v1/organs/{broken}").get_json()["name"] == "Trasig"


def test_a_stalled_projection_is_tried_again_rarely_and_applies_once_its_cause_is_gone(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    cause = Cause()
    container.follower.make_projections = with_failing_tree(cause)
    client = client_of(container)
    world = World(container.app, personal_data=container.personal_data)
    world.organ("Trasig")
    container.follower.catch_up()
    assert len(stall_records(caplog)) == 1
    caplog.clear()
    now = [0.0]
    restarted = Follower(
        container.db,
        container.follower.source,
        with_failing_tree(cause)(container.db),
        retry_after=60.0,
        clock=lambda: now[0],
    )
    caplog.set_level(logging.INFO)

    restarted.catch_up()  # a follower that starts tries at once: it may run fixed code
    restarted.catch_up()
    now[0] = 59.0
    restarted.catch_up()
    assert cause.tries == 2  # the first follower's try and the restarted one's
    now[0] = 61.0
    restarted.catch_up()
    now[0] = 61.0 + 119.0
    restarted.catch_up()
    assert cause.tries == 3  # then after 60 s, and the next one after 120 s
    assert stall_records(caplog) == []  # the same stall, known already: not logged again
    assert client.get("/api/v1/readyz").status_code == 503

    cause.present = False
    now[0] = 61.0 + 121.0
    assert restarted.catch_up() == container.app.last_position()

    assert client.get("/api/v1/readyz").status_code == 200
    assert set(restarted.positions().values()) == {container.app.last_position()}
    (cleared,) = stall_records(caplog)
    assert cleared.levelno == logging.INFO
    assert "applies events again" in cleared.getMessage()


@pytest.mark.parametrize("container", ["postgresql"], indirect=True)
def test_an_organ_named_with_nul_past_the_edge_stalls_only_what_cannot_hold_it(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14: such an event once stopped every projection on PostgreSQL, for good, with
    the follower's loop retrying it without end."""
    client = client_of(container)
    world = World(container.app, personal_data=container.personal_data)
    world.organ("Nämnd\x00")
    world.organ("Nästa")
    last = container.app.last_position()

    container.start_follower()  # the loop of `styrlogg follow`
    deadline = time.monotonic() + 10
    while sorted(container.follower.positions().values())[1] < last:
        assert time.monotonic() < deadline, container.follower.positions()
        time.sleep(0.02)
    for _ in range(10):  # the loop goes round again and again
        container.wake_follower()
        time.sleep(0.02)

    stalled = [name for name, at in container.follower.positions().items() if at < last]
    assert stalled == ["organ_tree"]
    problem = client.get("/api/v1/readyz").get_json()
    assert problem["status"] == 503
    assert problem["stalls"][0]["projection"] == "organ_tree"
    assert "DataError: PostgreSQL text fields cannot contain NUL" in problem["detail"]
    (record,) = stall_records(caplog)
    assert record.levelno == logging.ERROR
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == [record]
