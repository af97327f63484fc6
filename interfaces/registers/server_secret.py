"""The deployment's secret (it signs page cursors), made once and kept beside the projections.

Like the personal-data register this table is no projection: `rebuild` never touches it.
Every process of a deployment (web workers, followers, the command line) reads the same
secret, so a cursor one worker gave out is accepted by the others.
"""

from __future__ import annotations

import secrets

from projections.sql import Cursor, Database, has_table

TABLE = "server_secret"
NAME = "cursors"


def create_server_secret(cursor: Cursor) -> None:
    """The table, holding a new secret unless one is there already."""
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, secret TEXT NOT NULL)"
    )
    # Of processes starting at once, the first to commit wins; the others insert nothing
    # and read the winner's (`kept_secret`, after the commit), never their own.
    cursor.execute(
        f"INSERT INTO {TABLE} (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (NAME, secrets.token_urlsafe(32)),
    )


def kept_secret(db: Database) -> str | None:
    """The secret kept in this database; None before `create_server_secret` ran here."""
    with db.reading() as cursor:
        if not has_table(cursor, db.dialect, TABLE):
            return None
        cursor.execute(f"SELECT secret FROM {TABLE} WHERE name = ?", (NAME,))
        row = cursor.fetchone()
    return None if row is None else str(row[0])
