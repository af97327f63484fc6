"""A projection whose version changed is built anew beside the live one, then swapped in;
meanwhile reads of it answer 503 and reads of the others go on."""

from __future__ import annotations

import pytest

from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from projections.organ_tree import OrganTree
from projections.projection import TRACKING_TABLE
from tests.builders import World


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
    client = create_app(container).test_client()

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
