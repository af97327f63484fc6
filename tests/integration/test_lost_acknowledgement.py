"""A save whose commit was not acknowledged takes effect once, and is answered as written."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from application.app import Styrlogg
from application.organs import NewOrgan
from domain.organ_kinds import Classification, OrganKind
from interfaces.bootstrap import Container
from tests.builders import World


@contextmanager
def next_acknowledgement_lost(app: Styrlogg) -> Iterator[list[Sequence[int] | None]]:
    """The store commits the next insert but its answer is lost on the way, and the
    recorder sends the insert again, as the library's does after a dropped connection."""
    recorder = app.recorder
    insert = recorder.insert_events
    lost: list[Sequence[int] | None] = []

    def insert_events(stored_events: Any, **kwargs: Any) -> Sequence[int] | None:
        ids = insert(stored_events, **kwargs)
        if lost:
            return ids
        lost.append(ids)
        return insert(stored_events, **kwargs)  # the retry collides with its own events

    recorder.insert_events = insert_events  # type: ignore[method-assign]
    try:
        yield lost
    finally:
        recorder.insert_events = insert  # type: ignore[method-assign]


def topics(app: Styrlogg) -> list[str]:
    return [n.topic for n in app.recorder.select_notifications(start=1, limit=10_000)]


def test_an_establishment_whose_commit_was_not_acknowledged_creates_one_organ(
    container: Container,
) -> None:
    world = World(container.app)
    established = topics(container.app).count("styrlogg:Organ.Established")
    new = NewOrgan("Nämnden", Classification(OrganKind.COMMITTEE), parent_id=world.region_id)
    with next_acknowledgement_lost(container.app) as lost:
        written = world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert lost, "the fault was injected"
    assert topics(container.app).count("styrlogg:Organ.Established") == established + 1
    assert written.position == container.app.last_position()
    assert container.app.exists(written.organ.organ_id)


def test_a_rename_whose_commit_was_not_acknowledged_is_answered_as_written(
    container: Container,
) -> None:
    world = World(container.app)
    committee = world.organ("Nämnden")
    with next_acknowledgement_lost(container.app) as lost:
        renamed = world.organs.rename(committee, "Nämnd 2", world.change(date(2012, 1, 1)))
    assert lost
    assert renamed.organ.name == "Nämnd 2"
    assert renamed.position == container.app.last_position()
    assert topics(container.app).count("styrlogg:Organ.Renamed") == 1
