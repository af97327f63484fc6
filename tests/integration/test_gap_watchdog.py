"""The gap watchdog finds a stored event that the projections passed without applying it."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interfaces.bootstrap import Container, bootstrap
from interfaces.http.app import create_app
from interfaces.readiness import Readiness
from interfaces.store.positions import RecorderPositions
from projections.gap_watchdog import GapWatchdog
from projections.gaps import Gap, ProjectionGap, create_gap_tables
from projections.projection import tracked_position
from projections.sql import ProjectionStoreUnavailable
from tests.builders import World
from tests.conftest import STORES, opened, store_settings
from tests.support.auth import authorized


@pytest.fixture(params=STORES)
def container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    with opened(store_settings(request.param, tmp_path, readiness_cache_seconds=0)) as c:
        yield c


def written(container: Container, organs: int = 3) -> int:
    """Writes a few saves and applies them; returns the audit trail's position."""
    world = World(container.app)
    for n in range(organs):
        world.organ(f"Arbetsgrupp {n}")
    container.follower.catch_up()
    with container.db.reading() as cursor:
        return tracked_position(cursor, "audit_trail")


def applied_positions(container: Container) -> list[int]:
    with container.db.reading() as cursor:
        cursor.execute("SELECT position FROM recorded_times ORDER BY position")
        return [int(row[0]) for row in cursor.fetchall()]


def skip(container: Container, position: int) -> None:
    """As if the follower had passed the event at `position` without applying it."""
    with container.db.transaction() as cursor:
        cursor.execute("DELETE FROM recorded_times WHERE position = ?", (position,))


def watchdog(
    container: Container,
    *,
    interval: float = 30.0,
    chunk: int = 10_000,
    budget: int = 200_000,
    clock: Callable[[], float] = time.monotonic,
) -> GapWatchdog:
    """A watchdog as a freshly started follower has one."""
    store = RecorderPositions(container.app.recorder)
    return GapWatchdog(
        container.db, store, interval=interval, chunk=chunk, budget=budget, clock=clock
    )


def test_a_healthy_store_is_ready(container: Container) -> None:
    tracked = written(container)
    assert applied_positions(container) == container.watchdog.store.ids(0, tracked)
    assert container.watchdog.check() == []
    ready = container.readiness.check()
    assert ready.store_position == tracked
    assert ready.verified_through == {"audit_trail": tracked}


def test_an_applied_event_missing_from_the_audit_trail_is_a_gap_at_its_position(
    container: Container,
) -> None:
    tracked = written(container)
    missing = applied_positions(container)[2]
    skip(container, missing)
    assert container.watchdog.check() == [Gap("audit_trail", missing, tracked)]
    client = authorized(create_app(container))
    answer = client.get("/api/v1/readyz")
    assert answer.status_code == 503
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json() == {
        "type": "urn:styrlogg:problem:projection-gap",
        "title": "A projection missed an event",
        "status": 503,
        "detail": f"projection audit_trail missed event {missing} (applied through {tracked}):"
        " rebuild the projections",
        "gaps": [{"projection": "audit_trail", "position": missing, "applied_through": tracked}],
    }
    assert client.get("/api/v1/healthz").get_json() == {"status": "alive"}


def test_several_missing_events_are_named_in_one_answer(container: Container) -> None:
    tracked = written(container)
    first, second = applied_positions(container)[1:4:2]
    skip(container, first)
    skip(container, second)
    container.watchdog.check()
    with pytest.raises(ProjectionGap) as raised:
        container.readiness.check()
    assert raised.value.detail == (
        f"projection audit_trail missed events {first}, {second} (applied through {tracked}):"
        " rebuild the projections"
    )


def test_a_rebuild_leaves_the_old_generations_gaps_behind_and_is_verified_afresh(
    container: Container,
) -> None:
    tracked = written(container)
    skip(container, applied_positions(container)[3])
    assert container.watchdog.check() != []
    container.follower.rebuild()
    assert container.readiness.check().store_position == tracked
    missing = applied_positions(container)[1]
    skip(container, missing)  # in the new generation, below what the old one was verified to
    assert container.watchdog.check() == [Gap("audit_trail", missing, tracked)]


def test_the_first_check_verifies_in_chunks_within_a_budget(container: Container) -> None:
    tracked = written(container, organs=6)
    last = applied_positions(container)[-1]
    skip(container, last)
    patient = watchdog(container, chunk=2, budget=5)
    assert patient.check() == []
    assert patient.verified == 5
    checks = 1
    while patient.verified < tracked:
        patient.check_if_due()  # at once, however long the interval, while it is behind
        checks += 1
    assert checks == -(-tracked // 5)
    assert patient.check() == [Gap("audit_trail", last, tracked)]


def test_after_the_first_check_it_checks_once_an_interval_what_was_applied_since(
    container: Container,
) -> None:
    now = [1000.0]
    watching = watchdog(container, interval=30.0, clock=lambda: now[0])
    first = written(container)
    watching.check_if_due()
    assert watching.verified == first
    later = written(container)
    skip(container, applied_positions(container)[-2])
    now[0] += 29
    watching.check_if_due()
    assert watching.verified == first
    now[0] += 1
    watching.check_if_due()
    assert watching.verified == later
    with pytest.raises(ProjectionGap, match="missed event"):
        container.readiness.check()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_web_worker_that_runs_no_follower_reports_the_gap_the_follower_found(
    kind: str, tmp_path: Path
) -> None:
    settings = store_settings(kind, tmp_path, readiness_cache_seconds=0)
    with opened(settings) as follower:
        tracked = written(follower)
        missing = applied_positions(follower)[1]
        skip(follower, missing)
        follower.watchdog.check()
        worker = bootstrap(dataclasses.replace(settings, create_tables=False))
        try:
            with pytest.raises(ProjectionGap) as raised:
                worker.readiness.check()
            assert raised.value.gaps == (Gap("audit_trail", missing, tracked),)
        finally:
            worker.close()


def test_a_process_started_before_init_db_made_the_gap_tables_says_to_run_it(
    container: Container,
) -> None:
    written(container)
    with container.db.transaction() as cursor:
        cursor.execute("DROP TABLE projection_gaps")  # as a store initialised by a release before
    readiness = Readiness(container.app, container.db, cache_seconds=0)
    with pytest.raises(ProjectionStoreUnavailable, match="projection_gaps do not exist: run"):
        readiness.check()
    with container.db.transaction() as cursor:
        create_gap_tables(cursor)
    assert readiness.check().store_position == container.app.last_position()
