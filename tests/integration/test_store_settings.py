"""Library settings that would let a follower skip an event are refused at start-up."""

from __future__ import annotations

import pytest

from application.app import Styrlogg
from interfaces.settings import Settings, SettingsError
from interfaces.store.postgres import DatabaseFunctionsRefused
from tests.conftest import POSTGRES_URL, drop_postgres_schemas, new_postgres_schema


@pytest.mark.parametrize(
    "key", ["POSTGRES_ENABLE_DB_FUNCTIONS", "STYRLOGG_POSTGRES_ENABLE_DB_FUNCTIONS"]
)
def test_enabling_the_librarys_database_functions_is_refused(key: str) -> None:
    with pytest.raises(SettingsError, match=key):
        Settings.from_env({"DATABASE_URL": POSTGRES_URL, key: "y"})
    assert Settings.from_env({"DATABASE_URL": POSTGRES_URL, key: "n"}).kind == "postgresql"


def test_the_postgresql_store_refuses_database_functions_however_they_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The library reads the application's prefixed name before the one Styrlogg pins.
    monkeypatch.setenv("STYRLOGG_POSTGRES_ENABLE_DB_FUNCTIONS", "y")
    settings = Settings(database_url=POSTGRES_URL, postgres_schema=new_postgres_schema())
    try:
        with pytest.raises(DatabaseFunctionsRefused):
            Styrlogg(env=settings.store_env())
    finally:
        drop_postgres_schemas(settings.postgres_schema)
