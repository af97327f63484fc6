"""A save that carries an idempotency claim collides with an earlier save of the same key,
until the key expires; a collision on anything else is no replay."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from application.app import Claim, Styrlogg, current_claim
from application.decisions import NewDecision
from application.errors import AlreadyApplied
from domain.decisions import DecisionType
from domain.tree_guard import TreeGuard
from interfaces.bootstrap import Container
from tests.builders import BY, World

DECISION = NewDecision(date(2024, 3, 1), "Beslut", DecisionType.REGISTRATION)


@contextmanager
def claimed(claim: Claim) -> Iterator[None]:
    token = current_claim.set(claim)
    try:
        yield
    finally:
        current_claim.reset(token)


def recorded_decisions(app: Styrlogg) -> int:
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    return [n.topic for n in notifications].count("styrlogg:Decision.Recorded")


def test_a_second_save_with_the_same_key_is_refused_as_already_applied(
    container: Container,
) -> None:
    world = World(container.app)
    before = recorded_decisions(container.app)
    claim = Claim(uuid4(), ttl_seconds=3600)
    with claimed(claim):
        first = world.decisions.record(DECISION, BY)
        with pytest.raises(AlreadyApplied) as applied:
            world.decisions.record(DECISION, BY)
    assert applied.value.position == first.position
    assert recorded_decisions(container.app) == before + 1
    assert container.app.saves.claimed_at_position(claim) == first.position


def test_an_expired_key_writes_again(container: Container) -> None:
    world = World(container.app)
    before = recorded_decisions(container.app)
    claim = Claim(uuid4(), ttl_seconds=0.05)
    with claimed(claim):
        world.decisions.record(DECISION, BY)
        time.sleep(0.1)
        assert container.app.saves.claimed_at_position(claim) is None
        again = world.decisions.record(DECISION, BY)
    assert recorded_decisions(container.app) == before + 2
    assert container.app.saves.claimed_at_position(claim) == again.position


def test_a_lost_race_under_an_expired_key_is_a_collision_not_a_replay(
    container: Container,
) -> None:
    claim = Claim(uuid4(), ttl_seconds=0.05)
    with claimed(claim):
        container.app.save_all(TreeGuard.open("a"))
    time.sleep(0.1)
    with claimed(claim), pytest.raises(IntegrityError):
        container.app.save_all(TreeGuard.open("a"))  # version 1 of "a" exists: it lost
