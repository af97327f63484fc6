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
    with _connect() as c:
        for schema in schemas:
            found = c.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname = %s OR nspname LIKE %s",
                (schema, schema.replace("_", r"\_") + r"\_g%"),
            ).fetchall()
            for (name,) in found:
                c.execute(
                    pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(name))
                )


def store_settings(
    kind: str, tmp_path: Path, *, reused: bool = False, **overrides: Any
) -> Settings:
    """A new store of this kind. `reused`: on PostgreSQL, the schemas an earlier test of this
    process left (opened and bootstrapped, every row deleted) when there are any, for a
    test that opens the store with `opened` before anything else touches it."""
    if kind == "memory":
        settings = Settings(database_url="memory://")
    elif kind == "sqlite":
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    else:
        schema = _clean_schemas.pop() if reused and _clean_schemas else new_postgres_schema()
        if reused:
            _lent.add(schema)
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)
    return dataclasses.replace(settings, **overrides)


_clean_schemas: list[str] = []
"""Schemas of this process that a test used and left as a fresh bootstrap makes them, every
table emptied: the next test's store (making a store's tables on PostgreSQL takes half a
second, most of a PostgreSQL test's time)."""
_lent: set[str] = set()
"""Schemas handed out by store_settings: only those go back to the pool."""
_made: dict[str, tuple[Any, ...]] = {}
"""Per schema of the pool, its catalog signature as its first bootstrap made it."""
_open_count: dict[str, int] = {}


def _schemas_of(schema: str, projections: str) -> list[str]:
    return [schema, projections, f"{projections}_g1"]


SIGNATURE = (
    "SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(all)s)"
    " OR n.nspname LIKE %(generations)s ORDER BY 1",
    "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
    " ON n.oid = c.relnamespace WHERE n.nspname = ANY(%(all)s) ORDER BY 1, 2",
    "SELECT n.nspname, c.relname, a.attname, a.atttypid, a.attnotnull, a.attnum"
    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = ANY(%(all)s) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2, 6",
    "SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    " WHERE n.nspname = ANY(%(all)s) ORDER BY 1, 2",
    "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(%(all)s) ORDER BY 1",
)
"""What a test could change of a store's schemas beside their rows: the schemas (a rebuild
makes another generation), their tables, indexes and sequences, columns, functions and
triggers."""


def _signature(c: psycopg.Connection[Any], schema: str, projections: str) -> tuple[Any, ...]:
    names = {
        "all": _schemas_of(schema, projections),
        "generations": projections.replace("_", r"\_") + r"\_g%",
    }
    return tuple(tuple(c.execute(query, names).fetchall()) for query in SIGNATURE)


def _connect() -> psycopg.Connection[Any]:
    return psycopg.connect(Settings(database_url=POSTGRES_URL).postgres_conninfo(), autocommit=True)


def _made_fresh(settings: Settings) -> None:
    schema = settings.postgres_schema
    if (
        schema in _lent
        and schema not in _made
        and settings.projections_schema == f"{schema}_projections"
    ):
        with _connect() as c:
            _made[schema] = _signature(c, schema, settings.projections_schema)


def _give_back(settings: Settings) -> bool:
    """Empties the store's schemas for the next test, when they are as their first
    bootstrap made them and no one holds them; False when they must be dropped."""
    schema, projections = settings.postgres_schema, settings.projections_schema
    if schema not in _made:
        return False
    with _connect() as c:
        if _signature(c, schema, projections) != _made[schema]:
            return False
        c.execute("SET lock_timeout = '2s'")
        tables = c.execute(
            "SELECT format('%%I.%%I', schemaname, tablename) FROM pg_tables"
            " WHERE schemaname = ANY(%s)",
            (_schemas_of(schema, projections),),
        ).fetchall()
        sequences = c.execute(
            "SELECT format('%%I.%%I', schemaname, sequencename) FROM pg_sequences"
            " WHERE schemaname = ANY(%s)",
            (_schemas_of(schema, projections),),
        ).fetchall()
        try:
            with c.transaction():  # DELETE, not TRUNCATE: no new files for tiny tables
                for (name,) in tables:
                    c.execute(f"DELETE FROM {name}")
                for (name,) in sequences:
                    c.execute("SELECT setval(%s::regclass, 1, false)", (name,))
        except psycopg.errors.LockNotAvailable:
            return False
    _clean_schemas.append(schema)
    return True


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
    with _connect() as c:
        left = c.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            (f"styrlogg\\_test\\_{RUN_ID}\\_%",),
        ).fetchall()
        for (name,) in left:  # the pool's, and any a test took and did not open
            c.execute(pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(name)))
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
    schema = settings.postgres_schema
    if settings.kind == "postgresql":
        _made_fresh(settings)
        _open_count[schema] = _open_count.get(schema, 0) + 1
    try:
        yield container
    finally:
        container.close()
        if settings.kind == "postgresql":
            _open_count[schema] -= 1
            if _open_count[schema] == 0 and not _give_back(settings):
                _made.pop(schema, None)
                _lent.discard(schema)
                drop_postgres_schemas(schema, settings.projections_schema)


@pytest.fixture(params=STORES)
def container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    """A fresh store and projections of each kind; the follower is driven by the test."""
    with opened(store_settings(request.param, tmp_path, reused=True)) as c:
        yield c
