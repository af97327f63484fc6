"""The follower vacuums PostgreSQL projections after writing, so that reads do not fetch the
row versions that closing versions left behind; the box index is SP-GiST."""

from __future__ import annotations

from pathlib import Path

from interfaces.bootstrap import Container
from tests.builders import World
from tests.conftest import opened, store_settings


def test_follower_vacuums_the_projections_after_enough_events(tmp_path: Path) -> None:
    with opened(store_settings("postgresql", tmp_path)) as container:
        world = World(container.app)
        world.organ("Nämnd")
        follower = container.follower.live
        follower.vacuum_after = 10**6
        follower.catch_up()
        assert _last_vacuum(container) is None
        follower.vacuum_after = 1
        world.organ("Styrelse")
        follower.catch_up()
        assert _last_vacuum(container) is not None
        with container.db.reading() as cursor:
            cursor.execute(
                "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam"
                " WHERE c.relname = 'organ_versions_spbox'"
                " AND c.relnamespace = current_schema()::regnamespace"
            )
            assert cursor.fetchall() == [("spgist",)]


def _last_vacuum(container: Container) -> object:
    with container.db.reading() as cursor:
        cursor.execute(
            "SELECT last_vacuum FROM pg_stat_user_tables"
            " WHERE schemaname = current_schema() AND relname = 'organ_versions'"
        )
        return cursor.fetchall()[0][0]
