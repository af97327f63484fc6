"""`styrlogg check-projections` as an operator runs it, beside a live follower that keeps
applying while writes go on: it compares one snapshot and never writes to the live tables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from interfaces.settings import Settings
from tests.builders import World
from tests.conftest import opened, store_settings
from tests.support.writers import every_live_row, writing

STYRLOGG = str(Path(sys.executable).parent / "styrlogg")
STORES = ["sqlite", "postgresql"]


def check_projections(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": settings.database_url}
    env["POSTGRES_SCHEMA"] = settings.postgres_schema
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [STYRLOGG, "check-projections"], env=env, capture_output=True, text=True, timeout=120
    )


def compared_positions(stdout: str) -> set[int]:
    """The position(s) the check compared at: one, or each projection's own."""
    found = re.search(
        r"projections equal a rebuild at (?:position|each one's position:) (.*)", stdout
    )
    assert found, stdout
    return {int(p) for p in re.findall(r"\d+", found.group(1))}


@pytest.mark.parametrize("kind", STORES)
def test_check_projections_is_equal_while_writes_go_on(kind: str, tmp_path: Path) -> None:
    settings = store_settings(kind, tmp_path, follower_interval_seconds=0.01)
    with opened(settings) as container:
        world = World(container.app)
        for i in range(40):  # some history, so that the scratch rebuild takes a while
            world.organ(f"Nämnd {i}")
        container.follower.catch_up()
        container.start_follower()
        with writing(container, world) as saves:
            started = saves[0]
            checked = check_projections(settings)
            during = saves[0] - started
        assert checked.returncode == 0, checked.stderr
        compared = compared_positions(checked.stdout)
        assert during > 0
        container.follower.catch_up()
        # The live tables moved on past the snapshot the check compared.
        assert min(container.follower.positions().values()) > max(compared)


@pytest.mark.parametrize("kind", STORES)
def test_check_projections_leaves_a_lagging_live_follower_where_it_was(
    kind: str, tmp_path: Path
) -> None:
    settings = store_settings(kind, tmp_path)
    with opened(settings) as container:
        world = World(container.app)
        committee = world.organ("Hälso- och sjukvårdsnämnden")
        applied = container.follower.catch_up()
        world.organs.rename(committee, "Hälsonämnden", world.change(date(2020, 1, 1)))
        world.organ("Arbetsutskottet")
        assert container.app.last_position() > applied
        before = every_live_row(container)

        checked = check_projections(settings)

        assert checked.returncode == 0, checked.stderr
        assert compared_positions(checked.stdout) == {applied}
        assert every_live_row(container) == before


@pytest.mark.parametrize("kind", STORES)
def test_check_projections_names_the_table_of_a_corrupted_live_row(
    kind: str, tmp_path: Path
) -> None:
    settings = store_settings(kind, tmp_path)
    with opened(settings) as container:
        world = World(container.app)
        world.organ("Hälso- och sjukvårdsnämnden")
        container.follower.catch_up()
        with container.db.transaction() as cursor:
            cursor.execute(
                "UPDATE organ_versions SET name = 'Fel namn'"
                " WHERE name = 'Hälso- och sjukvårdsnämnden'"
            )

        checked = check_projections(settings)

        assert checked.returncode == 1
        assert "organ_tree.organ_versions" in checked.stderr
        assert "Fel namn" in checked.stderr
        assert "projections equal" not in checked.stdout
