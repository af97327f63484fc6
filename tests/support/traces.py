"""Where a text is held: every column of every table of the store and of the projections'
databases (the registers and every generation), found from the databases' own catalogues."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql as pgsql

from interfaces.bootstrap import Container
from projections.postgres import PostgresDatabase
from projections.sql import Database
from projections.sqlite import SQLiteDatabase


def tables(container: Container) -> set[str]:
    """Every table of both stores, as `database.table` (the in-memory store: its recorder's
    attributes)."""
    return {place for place, _ in _rows(container)}


def holding(container: Container, text: str) -> set[str]:
    """The tables (`database.table`) with a value that holds `text`, in any column and of
    any type (an event's state is bytes)."""
    return {place for place, row in _rows(container) if any(_holds(v, text) for v in row)}


def files_holding(directory: Path, text: str) -> list[str]:
    """The files under `directory` (SQLite databases, their write-ahead logs) whose bytes
    hold `text`, wherever in the file: in a row, a free part of a page or a logged page."""
    found = text.encode()
    return sorted(p.name for p in directory.rglob("*") if p.is_file() and found in p.read_bytes())


def _holds(value: Any, text: str) -> bool:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return text.encode() in value
    return text in str(value)


def _rows(container: Container) -> Iterator[tuple[str, tuple[Any, ...]]]:
    yield from _store_rows(container)
    databases: dict[str, Database] = {"registers": container.registers}
    generations = container.follower.generations
    for generation in generations.all():
        if generation.number:  # generation 0 is the registers' database itself
            databases[f"g{generation.number}"] = generations.database(generation.number)
    for name, db in databases.items():
        for table, row in _database_rows(db):
            yield f"{name}.{table}", row


def _store_rows(container: Container) -> Iterator[tuple[str, tuple[Any, ...]]]:
    settings = container.settings
    if settings.kind == "memory":
        # The library's in-memory recorder: its events, save ends and claims are its state.
        for name, value in vars(container.app.recorder).items():
            if not name.endswith("lock"):
                yield f"store.{name}", (repr(value),)
    elif settings.kind == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as connection:
            yield from _sqlite_rows(connection.cursor(), "store")
    else:
        with psycopg.connect(settings.postgres_conninfo()) as connection:
            yield from _postgres_rows(connection, settings.postgres_schema, "store")


def _database_rows(db: Database) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if isinstance(db, SQLiteDatabase):
        with db.reading() as cursor:
            names = _names(cursor, "SELECT name FROM main.sqlite_master WHERE type = 'table'")
            for name in names:
                yield name, ()
                cursor.execute(f'SELECT * FROM main."{name}"')
                for row in cursor.fetchall():
                    yield name, tuple(row)
    else:
        assert isinstance(db, PostgresDatabase)
        with psycopg.connect(db.conninfo) as connection:
            for place, row in _postgres_rows(connection, db.schema, ""):
                yield place.lstrip("."), row


def _sqlite_rows(cursor: sqlite3.Cursor, prefix: str) -> Iterator[tuple[str, tuple[Any, ...]]]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (name,) in cursor.fetchall():
        yield f"{prefix}.{name}", ()
        for row in cursor.execute(f'SELECT * FROM "{name}"').fetchall():
            yield f"{prefix}.{name}", tuple(row)


def _postgres_rows(
    connection: psycopg.Connection[Any], schema: str, prefix: str
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    found = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
    ).fetchall()
    for (name,) in found:
        query = pgsql.SQL("SELECT * FROM {}.{}").format(
            pgsql.Identifier(schema), pgsql.Identifier(name)
        )
        yield f"{prefix}.{name}", ()
        for row in connection.execute(query).fetchall():
            yield f"{prefix}.{name}", tuple(row)


def _names(cursor: Any, query: str) -> Iterable[str]:
    cursor.execute(query)
    return [str(row[0]) for row in cursor.fetchall()]
