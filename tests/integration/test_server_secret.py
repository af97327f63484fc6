"""One secret per deployment: SECRET_KEY when set, else one made once beside the projections
and read by every process that opens the store afterwards."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from interfaces.bootstrap import bootstrap, projections_database
from interfaces.registers.server_secret import TABLE, create_server_secret, kept_secret
from interfaces.settings import Settings, SettingsError
from projections.sql import Database
from tests.conftest import drop_postgres_schemas, opened, store_settings

SHARED = ["sqlite", "postgresql"]  # a memory store is one process's own


@pytest.mark.parametrize("kind", SHARED)
def test_init_db_makes_the_secret_every_later_start_reads(kind: str, tmp_path: Path) -> None:
    settings = store_settings(kind, tmp_path)
    init_db = bootstrap(settings)
    made = init_db.secret_key
    init_db.close()
    assert len(made) >= 32
    with (  # `opened` drops a PostgreSQL store after
        opened(settings) as started_again,
        opened(dataclasses.replace(settings, create_tables=False)) as worker,
    ):
        assert started_again.secret_key == worker.secret_key == made


@pytest.mark.parametrize("kind", SHARED)
def test_processes_starting_at_once_read_one_secret(kind: str, tmp_path: Path) -> None:
    settings = store_settings(kind, tmp_path)
    with opened(settings) as first:
        # The moment of a first start: the table is there, no secret is in it yet.
        with first.registers.transaction() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        databases = [projections_database(settings) for _ in range(6)]
        barrier = threading.Barrier(len(databases))
        read: list[str | None] = []
        failures: list[BaseException] = []

        def start(db: Database) -> None:
            barrier.wait()
            try:
                with db.transaction() as cursor:
                    create_server_secret(cursor)
                read.append(kept_secret(db))
            except BaseException as error:  # reported below
                failures.append(error)

        threads = [threading.Thread(target=start, args=(db,)) for db in databases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        for db in databases:
            db.close()
        assert failures == []
        assert len(read) == len(databases)
        assert len(set(read)) == 1
        assert read[0] == kept_secret(first.registers)


@pytest.mark.parametrize("kind", SHARED)
def test_a_worker_started_before_init_db_without_secret_key_refuses_to_start(
    kind: str, tmp_path: Path
) -> None:
    worker = store_settings(kind, tmp_path, create_tables=False)
    try:
        with pytest.raises(SettingsError, match="init-db"):
            bootstrap(worker)
        with opened(dataclasses.replace(worker, secret_key="set by the operator")) as started:
            assert started.secret_key == "set by the operator"
    finally:
        if kind == "postgresql":
            drop_postgres_schemas(worker.postgres_schema, worker.projections_schema)


def test_secret_key_is_read_from_the_environment_and_never_shown() -> None:
    settings = Settings.from_env({"SECRET_KEY": "s3cret-of-this-deployment"})
    assert settings.secret_key == "s3cret-of-this-deployment"
    assert "s3cret" not in repr(settings)
    assert Settings.from_env({"SECRET_KEY": ""}).secret_key is None


def test_secret_key_set_is_used_instead_of_the_kept_one(tmp_path: Path) -> None:
    settings = store_settings("sqlite", tmp_path)
    with (
        opened(settings) as kept,
        opened(dataclasses.replace(settings, secret_key="the operator's")) as configured,
    ):
        assert configured.secret_key == "the operator's"
        assert kept.secret_key != configured.secret_key
        assert repr(configured).count("the operator's") == 0
