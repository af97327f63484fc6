"""A long random sequence of commands: incremental projections equal a rebuild, row for row,
and every as-of read equals the answer from replaying the store."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.errors import ApplicationError
from domain.errors import DomainError
from domain.organ_kinds import Classification, GroupType, OrganKind
from interfaces.bootstrap import Container, make_projections
from projections.organ_tree_view import TreeNode
from projections.rebuild import compare, rebuild
from projections.replay import organ_names_by_replay
from tests.builders import World
from tests.conftest import opened, store_settings

START = date(2000, 1, 1)
KINDS = [OrganKind.COMMITTEE, OrganKind.SUBCOMMITTEE, OrganKind.ADMINISTRATION, OrganKind.GROUP]

commands = st.lists(
    st.tuples(
        st.sampled_from(["establish", "rename", "reclassify", "move", "dissolve", "catch_up"]),
        st.integers(0, 30),  # which organ
        st.integers(0, 30),  # which other organ
        st.integers(0, 9000),  # days after START: back-dated as often as not
        st.integers(0, 3),  # a variant: kind, group type, name
    ),
    min_size=30,
    max_size=90,
)


def run(container: Container, steps: list[tuple[str, int, int, int, int]]) -> World:
    world = World(container.app, founded=START)
    organs: list[UUID] = [world.region_id]
    for action, a, b, days, variant in steps:
        on = START + timedelta(days=days)
        target, other = organs[a % len(organs)], organs[b % len(organs)]
        kind = KINDS[variant]
        classification = Classification(
            kind, GroupType.NETWORK if kind is OrganKind.GROUP else None
        )
        try:
            if action == "establish":
                on = START + timedelta(days=days % 1500)  # early, so that later changes apply
                group_type = classification.group_type
                organs.append(
                    world.organ(
                        f"Organ {len(organs)}", kind, on=on, parent_id=target, group_type=group_type
                    )
                )
            elif action == "rename":
                world.organs.rename(target, f"Namn {days % 7}", world.change(on))
            elif action == "reclassify":
                world.organs.reclassify(target, classification, world.change(on))
            elif action == "move":
                world.organs.move(target, other, world.change(on))
            elif action == "dissolve" and target != world.region_id:
                world.organs.dissolve(
                    target, world.change(on), successor_ids=(other,) if variant else ()
                )
            else:
                container.follower.batch_size = 1 + variant * 7
                container.follower.catch_up()
        except (DomainError, ApplicationError):
            pass  # refused commands write nothing; the sequence goes on
    container.follower.catch_up()
    return world


def reachable(roots: list[TreeNode]) -> int:
    return sum(1 + reachable(node.children) for node in roots)


def check(container: Container, steps: list[tuple[str, int, int, int, int]]) -> None:
    run(container, steps)
    scratch = container.db.scratch()
    try:
        rebuilt = make_projections(scratch)
        last = rebuild(scratch, container.follower.source, rebuilt, batch_size=13)
        assert last == container.app.last_position()
        assert compare(container.db, scratch, container.follower.projections, rebuilt) == []
    finally:
        scratch.discard()
    source = container.follower.source
    for position in range(1, last + 1, max(1, last // 6)):
        for on in (START, START + timedelta(days=3000), START + timedelta(days=8000)):
            with container.db.reading() as cursor:
                read = {
                    o.organ_id: (o.name, o.parent_id)
                    for o in container.views.organs.at(cursor, on, position)
                }
            assert read == organ_names_by_replay(source, on, position), (on, position)
            with container.db.reading() as cursor:
                roots = container.views.organs.tree(cursor, on, position)
            assert reachable(roots) == len(read), f"a cycle hides organs at {on}, {position}"


@pytest.mark.parametrize(("kind", "examples"), [("memory", 40), ("sqlite", 15), ("postgresql", 8)])
def test_rebuild_equals_incremental_and_reads_equal_replay(
    kind: str, examples: int, tmp_path: Path
) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=commands)
    def scenario(steps: list[tuple[str, int, int, int, int]]) -> None:
        with opened(store_settings(kind, tmp_path / uuid4().hex)) as container:
            check(container, steps)

    scenario()
