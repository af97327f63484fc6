"""Projections in a PostgreSQL schema, through a small connection pool."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import sql as pgsql
from psycopg_pool import ConnectionPool, PoolTimeout

from projections.sql import Cursor, Database, Dialect, ProjectionStoreUnavailable, Row


@lru_cache(maxsize=1024)
def _placeholders(statement: str) -> str:
    return statement.replace("?", "%s")


class PostgresCursor:
    def __init__(self, cursor: psycopg.Cursor[Row]) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(_placeholders(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(_placeholders(sql), rows)

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()


class PostgresDatabase(Database):
    dialect: Dialect = "postgresql"

    def __init__(
        self,
        conninfo: str,
        schema: str,
        *,
        pool_size: int = 4,
        connect_timeout: float = 3.0,
        also: Sequence[str] = (),
    ) -> None:
        for name in (schema, *also):
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise ValueError(f"schema name {name!r} must be lower-case letters, digits and _")
        self.conninfo = conninfo
        self.schema = schema
        self.also = tuple(also)
        self.connect_timeout = connect_timeout
        self.pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            conninfo,
            kwargs={
                # Tables of `also` (the registers) are found after this schema's own.
                "options": f"-c search_path={','.join((schema, *also))}",
                "autocommit": True,
                "connect_timeout": max(1, int(connect_timeout)),
            },
            min_size=1,
            max_size=pool_size,
            open=False,
            timeout=connect_timeout,
        )
        self._opened = False

    def create_schema(self) -> None:
        with psycopg.connect(self.conninfo, autocommit=True) as connection:
            connection.execute(
                pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(self.schema))
            )

    @contextmanager
    def _transaction(self, *, read_only: bool) -> Iterator[Cursor]:
        if not self._opened:
            self.pool.open(wait=False)
            self._opened = True
        try:
            with self.pool.connection() as connection, connection.transaction():
                if read_only:
                    connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield PostgresCursor(connection.cursor())
        except (PoolTimeout, psycopg.OperationalError) as error:
            raise ProjectionStoreUnavailable(str(error)) from error

    def transaction(self) -> Any:
        return self._transaction(read_only=False)

    def reading(self) -> Any:
        return self._transaction(read_only=True)

    def close(self) -> None:
        self.pool.close()

    def vacuum(self, tables: Sequence[str]) -> None:
        """Closing a version updates its row, which leaves the old, open version behind, and
        every read at a later position would fetch it from the box index; this server's
        autovacuum may be off or late, so the follower vacuums after writing."""
        if not self._opened:
            self.pool.open(wait=False)
            self._opened = True
        names = pgsql.SQL(", ").join(pgsql.Identifier(t) for t in tables)
        try:
            with self.pool.connection() as connection:
                connection.execute(pgsql.SQL("VACUUM (ANALYZE) {}").format(names))
        except (PoolTimeout, psycopg.OperationalError) as error:
            raise ProjectionStoreUnavailable(str(error)) from error

    def purge_deleted(self, tables: Sequence[str]) -> None:
        """A deleted row stays in its table's pages, readable below SQL, until a vacuum
        removes it; this server's autovacuum may be off or late, so vacuum now. (What stays
        in the write-ahead log and in backups: README, "Limits".)"""
        self.vacuum(tables)

    def sibling(self, suffix: str, *, also: Sequence[str]) -> PostgresDatabase:
        """A database in another schema, named after this one's."""
        return PostgresDatabase(
            self.conninfo,
            f"{self.schema}_{suffix}",
            connect_timeout=self.connect_timeout,
            also=also,
        )

    def scratch(self) -> PostgresDatabase:
        scratch = PostgresDatabase(
            self.conninfo, f"{self.schema}_scratch_{uuid.uuid4().hex[:8]}", pool_size=2
        )
        scratch.create_schema()
        return scratch

    def discard(self) -> None:
        self.close()
        with psycopg.connect(self.conninfo, autocommit=True) as connection:
            connection.execute(
                pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(self.schema))
            )

    def table_names(self) -> list[str]:
        with self.reading() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                (self.schema,),
            )
            return sorted(row[0] for row in cursor.fetchall())
