"""A projection whose version changed, or that is new, is built anew beside the live one,
then swapped in; meanwhile reads of it answer 503 and reads of the others go on."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from domain.periods import Period
from domain.plan_items import FollowUp, FollowUpStatus, ItemKind
from interfaces.bootstrap import Container, bootstrap
from interfaces.http.app import create_app
from projections.generations import TABLE
from projections.organ_tree import OrganTree
from projections.projection import TRACKING_TABLE, tracked_positions
from tests.builders import BY, World
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

T1_2024 = Period.parse("2024-T1")
ONGOING = FollowUpStatus.ONGOING


def test_a_new_version_of_a_projection_is_built_beside_the_live_one(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(container.app)
    world.organ("Nämnden")
    container.follower.catch_up()
    generations = container.follower.generations
    first = generations.live()
    # The next release raises the organ tree's version.
    monkeypatch.setattr(OrganTree, "version", OrganTree.version + 1)
    monkeypatch.setitem(generations.expected, "organ_tree", OrganTree.version)
    client = authorized(create_app(container))

    tree = client.get("/api/v1/organs/tree", query_string={"valid_at": "2020-01-01"})
    assert tree.status_code == 503
    assert tree.headers["Retry-After"]
    assert "organ_tree" in tree.get_json()["detail"]
    decisions = client.get("/api/v1/decisions", query_string={"valid_at": "2020-01-01"})
    assert decisions.status_code == 200  # the other projections serve on

    position = container.follower.catch_up()
    live = generations.live()
    assert live.number == first.number + 1
    assert live.versions["organ_tree"] == OrganTree.version
    tree = client.get("/api/v1/organs/tree", query_string={"valid_at": "2020-01-01"})
    assert tree.status_code == 200
    assert tree.get_json()["as_of"]["position"] == position
    with container.db.reading() as cursor:
        cursor.execute(f"SELECT version FROM {TRACKING_TABLE} WHERE name = 'organ_tree'")
        assert cursor.fetchall() == [(OrganTree.version,)]


SPLIT = ("plan_tree", "indicator_series", "follow_up_report")
"""The projections that took the place of `plans` (version 2, release 0.3.0)."""


def leave_as_before_the_split(container: Container) -> None:
    """What the release before the split leaves: a live generation holding one `plans`
    projection, at version 2, where three projections are now (over the same tables)."""
    generations = container.follower.generations
    live = generations.live()
    versions = {n: v for n, v in live.versions.items() if n not in SPLIT} | {"plans": 2}
    with generations.registers.transaction() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET versions = ? WHERE generation = ?",
            (json.dumps(versions, sort_keys=True), live.number),
        )
    with generations.database(live.number).transaction() as cursor:
        position = tracked_positions(cursor, SPLIT)["plan_tree"]
        cursor.execute(f"DELETE FROM {TRACKING_TABLE} WHERE name IN (?, ?, ?)", SPLIT)
        cursor.execute(
            f"INSERT INTO {TRACKING_TABLE} (name, position, version) VALUES ('plans', ?, 2)",
            (position,),
        )


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_generation_with_the_plans_projection_is_rebuilt_as_the_projections_by_question(
    kind: str, tmp_path: Path
) -> None:
    settings = store_settings(kind, tmp_path)
    with opened(settings) as first:
        world = World(first.app)
        plan = world.plan()
        goal = world.plan_item(plan, "Tillgänglighet")
        activity = world.plan_item(plan, "Införa digitala besök", ItemKind.ACTIVITY)
        measure = world.indicator(goal)
        world.indicators.report_outcome(measure, T1_2024, Decimal("85"), None, BY)
        world.plan_items.report_follow_up(plan, activity, T1_2024, FollowUp(ONGOING, None), BY)
        world.plans.submit(plan, T1_2024, BY)
        position = first.follower.catch_up()
        at = {"known_at": str(position)}
        reads = [
            (f"/api/v1/plans/{plan}", {**at, "valid_at": "2024-03-01"}),
            (f"/api/v1/plans/{plan}/report", {**at, "period": "2024-T1"}),
            (f"/api/v1/indicators/{measure}", {**at, "valid_at": "2024-03-01"}),
        ]
        client = authorized(create_app(first))
        before = [client.get(path, query_string=query).get_json() for path, query in reads]
        assert before[1]["submitted"] is True  # what is compared holds the facts
        leave_as_before_the_split(first)

        second = bootstrap(settings)  # the next release's processes, on that store
        try:
            generations = second.follower.generations
            old = generations.live()
            assert "plans" in old.versions
            assert not set(SPLIT) & set(old.versions)
            client = authorized(create_app(second))
            path, query = reads[1]
            waiting = client.get(path, query_string=query)
            assert waiting.status_code == 503  # the new projections are being built
            assert client.get("/api/v1/decisions").status_code == 200  # the others serve on

            second.follower.catch_up()

            live = generations.live()
            assert live.number == old.number + 1
            assert live.versions == generations.expected
            assert "plans" not in live.versions
            assert set(SPLIT) <= set(live.versions)
            after = [client.get(path, query_string=query).get_json() for path, query in reads]
            assert after == before
            assert set(client.get("/api/v1/health").get_json()["projections"]) >= set(SPLIT)
            dropped = generations.drop_retired(second.follower.projections, older_than=0)
            assert dropped == [old.number]
        finally:
            second.close()
