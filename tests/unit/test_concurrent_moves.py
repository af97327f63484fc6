"""Two moves that read the same tree concurrently, touch disjoint nodes and together
would close a cycle: X under P while Y, an ancestor of P, goes under Q, below X. Each
passes its own check against the tree it read; the tree's guard makes the second save
collide, and its retry from a fresh read sees the cycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from application.app import Loaded
from domain.errors import RuleConflict
from domain.organ_structure import MoveWouldMakeCycle
from domain.organs import Organ
from domain.plan_items import ItemState, PlanItem
from domain.tree_guard import ORGAN_TREES
from tests.builders import BY, World, memory_app
from tests.unit.test_plan_use_cases import item, plan


@pytest.fixture
def world() -> World:
    return World(memory_app())


def racing(monkeypatch: pytest.MonkeyPatch, concurrent: Callable[[], object]) -> list[int]:
    """Runs `concurrent` (a whole command) just before the next command saves: after it
    has read and checked, before it writes, as a request on another worker would."""
    original = Loaded.save
    pending, saves = [concurrent], []

    def save(self: Loaded) -> int:
        if pending:
            pending.pop()()
        saves.append(original(self))
        return saves[-1]

    monkeypatch.setattr(Loaded, "save", save)
    return saves


def parent_of(world: World, organ_id: UUID, on: date) -> UUID | None:
    return world.app.load(Organ, organ_id, what="organ").record.parents.at(on)


def test_concurrent_organ_moves_cannot_close_a_cycle(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    y = world.organ("Y")
    p = world.organ("P", parent_id=y)
    x = world.organ("X")
    q = world.organ("Q", parent_id=x)
    on = date(2012, 1, 1)
    world.organs.move(world.organ("Z"), q, world.change(on))  # the guard exists already
    racing(monkeypatch, lambda: world.organs.move(y, q, world.change(on)))
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.move(x, p, world.change(on))
    assert parent_of(world, y, on) == q, "the concurrent move was written"
    assert parent_of(world, x, on) == world.region_id, "the losing move was not"


def test_concurrent_organ_moves_that_make_no_cycle_both_land(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = world.organ("A"), world.organ("B"), world.organ("C")
    on = date(2012, 1, 1)
    saves = racing(monkeypatch, lambda: world.organs.move(c, b, world.change(on)))
    world.organs.move(a, b, world.change(on))
    assert (parent_of(world, a, on), parent_of(world, c, on)) == (b, b)
    assert len(saves) == 2, "the concurrent move, then the retried one (the first attempt lost)"


def test_concurrent_item_moves_cannot_close_a_cycle(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = plan(world)
    y = item(world, plan_id, "Y")
    p = item(world, plan_id, "P", y)
    x = item(world, plan_id, "X")
    q = item(world, plan_id, "Q", x)
    on = date(2025, 1, 1)
    z = item(world, plan_id, "Z")
    world.plan_items.revise(plan_id, z, ItemState("Z", q, None, ()), on, BY)  # the guard exists
    racing(
        monkeypatch,
        lambda: world.plan_items.revise(plan_id, y, ItemState("Y", q, None, ()), on, BY),
    )
    with pytest.raises(RuleConflict) as cycle:
        world.plan_items.revise(plan_id, x, ItemState("X", p, None, ()), on, BY)
    assert cycle.value.field == "parent_id"
    record = world.app.load(PlanItem, x, what="plan item").record
    assert record.parent_on(on) is None, "the losing move was not written"


def test_the_guard_is_read_at_its_version_without_replaying_its_moves(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = world.organ("A"), world.organ("B")
    for year in range(2011, 2016):
        world.organs.move(a, b if year % 2 else world.region_id, world.change(date(year, 1, 1)))
    reads: list[int | None] = []
    select = world.app.recorder.select_events

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs.get("limit"))
        return select(*args, **kwargs)

    monkeypatch.setattr(world.app.recorder, "select_events", counting)
    guard = world.app.tree_guard(ORGAN_TREES)
    assert guard.version == 1 + 5, "opened, then one event per move"
    assert reads == [1, 1], "its first and its last event, not all of them"
    guard.checked(a)
    world.app.save(guard)
    assert world.app.tree_guard(ORGAN_TREES).version == 7
