"""Checking the live projections against a rebuild: one snapshot of the live tables, each
projection rebuilt up to the position it was tracked at in that snapshot."""

from __future__ import annotations

from datetime import date

from interfaces.bootstrap import Container, make_projections
from projections.follower import Follower
from projections.rebuild import Difference, check, snapshot
from tests.builders import World
from tests.support.writers import every_live_row, writing


def check_live(container: Container) -> tuple[dict[str, int], list[Difference]]:
    seen = snapshot(container.db, container.follower.projections)
    found = check(container.db, seen, container.follower.source, make_projections)
    return seen.positions, found


def test_a_check_while_writes_go_on_finds_no_difference(container: Container) -> None:
    world = World(container.app)
    for i in range(40):
        world.organ(f"Nämnd {i}")
    container.follower.catch_up()
    container.start_follower()
    with writing(container, world) as saves:
        started = saves[0]
        positions, found = check_live(container)
        during = saves[0] - started

    assert found == []
    assert during > 0
    container.follower.catch_up()
    assert min(container.follower.positions().values()) > max(positions.values())


def test_each_projection_is_compared_at_its_own_tracked_position(container: Container) -> None:
    world = World(container.app)
    committee = world.organ("Hälso- och sjukvårdsnämnden")
    behind = container.follower.catch_up()
    world.organs.rename(committee, "Hälsonämnden", world.change(date(2020, 1, 1)))
    world.organ("Arbetsutskottet")
    organ_tree = next(p for p in container.follower.projections if p.name == "organ_tree")
    ahead = Follower(container.db, container.follower.source, [organ_tree]).catch_up()
    before = every_live_row(container)

    positions, found = check_live(container)

    assert found == []
    assert positions["organ_tree"] == ahead == container.app.last_position()
    assert {p for n, p in positions.items() if n != "organ_tree"} == {behind}
    assert every_live_row(container) == before


def test_a_corrupted_live_row_is_a_difference_in_its_table(container: Container) -> None:
    world = World(container.app)
    world.organ("Hälso- och sjukvårdsnämnden")
    at = container.follower.catch_up()
    with container.db.transaction() as cursor:
        cursor.execute(
            "UPDATE organ_versions SET name = 'Fel namn' WHERE name = 'Hälso- och sjukvårdsnämnden'"
        )

    _, found = check_live(container)

    assert [(d.projection, d.table, d.position, d.only_live, d.only_rebuilt) for d in found] == [
        ("organ_tree", "organ_versions", at, 1, 1)
    ]
    assert "Fel namn" in found[0].example
