"""Fixtures: one store fixture parametrised over memory, SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from psycopg import sql as pgsql

from interfaces.bootstrap import Container, bootstrap
from interfaces.settings import Settings

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RUN_ID = uuid.uuid4().hex[:8]
_schemas = itertools.count(1)
STORES = ["memory", "sqlite", "postgresql"]


def new_postgres_schema() -> str:
    """A schema of this run; it and its projections' schema are dropped after the test."""
    return f"styrlogg_test_{RUN_ID}_{next(_schemas)}"


def drop_postgres_schemas(*schemas: str) -> None:
    """Drops the schemas and the generations of projections made beside them."""
    with psycopg.connect(
        Settings(database_url=POSTGRES_URL).postgres_conninfo(), autocommit=True
    ) as c:
        for schema in schemas:
            found = c.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname = %s OR nspname LIKE %s",
                (schema, schema.replace("_", r"\_") + r"\_g%"),
            ).fetchall()
            for (name,) in found:
                c.execute(
                    pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(name))
                )


def store_settings(kind: str, tmp_path: Path, **overrides: Any) -> Settings:
    if kind == "memory":
        settings = Settings(database_url="memory://")
    elif kind == "sqlite":
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    else:
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=new_postgres_schema())
    return dataclasses.replace(settings, **overrides)


CHURNED_CATALOGS = ("pg_attribute", "pg_class", "pg_depend", "pg_type", "pg_index",
                    "pg_constraint", "pg_attrdef", "pg_sequence", "pg_namespace")  # fmt: skip
"""The catalogs a run's hundreds of schemas, made and dropped, leave dead rows in."""


@pytest.fixture(scope="session", autouse=True)
def _catalogs_vacuumed() -> Iterator[None]:
    """After the run, the catalogs its schemas churned are vacuumed: with autovacuum off
    (as on these machines) their dead rows pile up run after run, and every CREATE TABLE
    of every later run reads past them (pg_attribute had grown to 429 MB, and a run's
    PostgreSQL tests slowed with it)."""
    yield
    with psycopg.connect(
        Settings(database_url=POSTGRES_URL).postgres_conninfo(), autocommit=True
    ) as c:
        for table in CHURNED_CATALOGS:
            c.execute(pgsql.SQL("VACUUM pg_catalog.{}").format(pgsql.Identifier(table)))


@pytest.fixture(scope="session", autouse=True)
def _services_reachable() -> None:
    """PostgreSQL and Redis must answer: a suite that cannot reach them fails, never skips."""
    try:
        with psycopg.connect(
            Settings(database_url=POSTGRES_URL).postgres_conninfo(), connect_timeout=5
        ):
            pass
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}", pytrace=False)
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}", pytrace=False)


@contextmanager
def opened(settings: Settings) -> Iterator[Container]:
    container = bootstrap(settings)
    try:
        yield container
    finally:
        container.close()
        if settings.kind == "postgresql":
            drop_postgres_schemas(settings.postgres_schema, settings.projections_schema)


@pytest.fixture(params=STORES)
def container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    """A fresh store and projections of each kind; the follower is driven by the test."""
    with opened(store_settings(request.param, tmp_path)) as c:
        yield c
