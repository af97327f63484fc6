"""`init-db` gives a personal-data register made before name search (release 0.4.0 and
earlier: no `name_key`) the folded key of every name, so that those people are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.people import PersonalDetails
from interfaces.bootstrap import bootstrap
from interfaces.http.app import create_app
from projections.sorting import sort_key
from tests.builders import BY
from tests.conftest import opened, store_settings
from tests.support.auth import authorized


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_init_db_adds_the_name_key_to_a_register_made_before_it(kind: str, tmp_path: Path) -> None:
    settings = store_settings(kind, tmp_path)
    first = bootstrap(settings)
    try:
        asa = first.people.register(PersonalDetails("Åsa Öberg", None, None), BY).person_id
        first.follower.catch_up()
        with first.follower.generations.registers.transaction() as cursor:
            # The register as release 0.4.0 made it.
            cursor.execute("DROP INDEX personal_data_by_name")
            cursor.execute("ALTER TABLE personal_data DROP COLUMN name_key")
    finally:
        first.close()

    with opened(settings) as container:  # what `styrlogg init-db` runs
        with container.follower.generations.registers.reading() as cursor:
            cursor.execute("SELECT person_id, name_key FROM personal_data")
            assert cursor.fetchall() == [(str(asa), sort_key("Åsa Öberg"))]
        container.follower.catch_up()
        client = authorized(create_app(container))
        found = client.get("/api/v1/people", query_string={"q": "öberg"}).get_json()
        assert [p["id"] for p in found["items"]] == [str(asa)]
