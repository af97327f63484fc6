"""Recorded time is the database's, per save: a writer's clock never moves a known_at."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest

from application.app import Styrlogg
from application.imports import import_id
from domain.provenance import Provenance
from interfaces.bootstrap import Container
from projections.as_of import KnownAt
from projections.audit_trail import from_micros
from tests.builders import World

BY = Provenance(actor="tester", correlation_id="clock-test")


@contextmanager
def writer_clock_off_by(app: Styrlogg, offset: timedelta) -> Iterator[None]:
    """Every event saved meanwhile carries a timestamp `offset` from the true time, as
    events from a writer whose clock is wrong do."""
    save = app.save

    def skewed(*objs: Any, **kwargs: Any) -> Any:
        for aggregate in objs:
            for event in getattr(aggregate, "pending_events", []):
                object.__setattr__(event, "timestamp", event.timestamp + offset)
        return save(*objs, **kwargs)

    app.save = skewed  # type: ignore[method-assign]
    try:
        yield
    finally:
        app.save = save  # type: ignore[method-assign]


def save_end_times(c: Container) -> list[tuple[int, int]]:
    return c.app.saves.select_save_ends(0, None, 10_000)


def names_at(c: Container, organ_id: Any, known_at: KnownAt) -> tuple[int, str | None]:
    as_of = c.resolver.resolve(["organ_tree"], date(2020, 6, 1), known_at)
    with c.db.reading() as cursor:
        detail = c.views.organs.detail(cursor, organ_id, date(2020, 6, 1), as_of.position)
    return as_of.position, detail.state.name if detail else None


def at(micros: int) -> KnownAt:
    moment = from_micros(micros)
    return KnownAt(moment.isoformat(), moment=moment)


@pytest.mark.parametrize("offset", [timedelta(seconds=3), timedelta(seconds=-3)])
def test_a_writers_clock_does_not_move_what_a_time_resolves_to(
    container: Container, offset: timedelta
) -> None:
    world = World(container.app)
    committee = world.organ("Nämnden")
    # Saves a few milliseconds apart: SQLite's clock counts milliseconds, and saves in the
    # same one share a recorded time (a time then resolves to the last of them).
    time.sleep(0.005)
    with writer_clock_off_by(container.app, offset):
        first = world.organs.rename(committee, "Nämnd 2", world.change(date(2020, 1, 1)))
        time.sleep(0.005)
        second = world.organs.rename(committee, "Nämnd 3", world.change(date(2020, 2, 1)))
    time.sleep(0.005)
    world.organ("Efter")  # a save after them, so their times are pinned
    container.follower.catch_up()
    ends = dict(save_end_times(container))
    assert names_at(container, committee, at(ends[first.position])) == (first.position, "Nämnd 2")
    assert names_at(container, committee, at(ends[second.position])) == (
        second.position,
        "Nämnd 3",
    )
    assert names_at(container, committee, at(ends[first.position] - 1)) == (
        first.position - 1,
        "Nämnden",
    )


def test_save_ends_are_recorded_in_order_by_a_clock_that_always_rises(
    container: Container,
) -> None:
    world = World(container.app)
    committee = world.organ("Nämnden")
    for i in range(20):
        world.organs.rename(committee, f"Nämnd {i}", world.change(date(2011, 1, 1) + timedelta(i)))
    ends = save_end_times(container)
    assert [p for p, _ in ends] == sorted(p for p, _ in ends)
    # Strictly: two saves within one millisecond (SQLite's clock) are still two times.
    assert all(a[1] < b[1] for a, b in itertools.pairwise(ends))
    assert ends[-1][0] == container.app.last_position()


def test_every_event_of_a_save_carries_its_saves_time(container: Container) -> None:
    rows: list[dict[str, Any]] = [
        {"record": "decision", "key": "reg", "decided_on": "1998-06-01", "title": "Registrering",
         "decision_type": "registration"},
        {"record": "organ", "key": "vgr", "name": "Regionen", "kind": "region",
         "effective_on": "1999-01-01", "decision": "reg"},
        {"record": "organ", "key": "ks", "name": "Styrelsen", "kind": "executive_board",
         "parent": "vgr", "effective_on": "1999-01-01", "decision": "reg"},
    ]  # fmt: skip
    report = container.imports.run(rows, BY)
    events = container.follower.source.read(0, 100)
    assert [r.position for r in events][-1] == report.position
    assert len({r.recorded_at for r in events}) == 1
    assert [r.save_end for r in events] == [False] * (len(events) - 1) + [True]
    assert import_id("ks")


def test_a_time_is_pinned_once_the_projections_hold_a_save_recorded_after_it(
    container: Container,
) -> None:
    world = World(container.app)
    committee = world.organ("Nämnden")
    container.follower.catch_up()
    last = save_end_times(container)[-1]
    just_after = at(last[1] + 1)
    unpinned = container.resolver.resolve(["organ_tree"], date(2020, 1, 1), just_after)
    assert (unpinned.position, unpinned.pinned) == (last[0], False)

    time.sleep(0.005)  # SQLite's clock counts milliseconds: the next save is recorded later
    world.organs.rename(committee, "Nämnd 2", world.change(date(2012, 1, 1)))
    assert container.resolver.resolve(["organ_tree"], date(2020, 1, 1), just_after).pinned is False
    container.follower.catch_up()
    pinned = container.resolver.resolve(["organ_tree"], date(2020, 1, 1), just_after)
    assert (pinned.position, pinned.pinned) == (last[0], True)
