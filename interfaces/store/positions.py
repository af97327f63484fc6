"""The store's positions without the events' bodies, for the gap watchdog, from any of the
library's application recorders (ours or the library's own)."""

from __future__ import annotations

import psycopg.errors
from eventsourcing.persistence import ApplicationRecorder, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier, Literal


class RecorderPositions:
    def __init__(self, recorder: ApplicationRecorder, *, settle_timeout_seconds: float = 2.0):
        self.recorder = recorder
        self.settle_timeout_seconds = settle_timeout_seconds

    def ids(self, after: int, upto: int) -> list[int]:
        """The store's positions in (after, upto], ascending."""
        r = self.recorder
        if upto <= after:
            return []
        if isinstance(r, PostgresApplicationRecorder):
            statement = SQL(
                "SELECT notification_id FROM {}.{} WHERE notification_id > %s"
                " AND notification_id <= %s ORDER BY notification_id"
            ).format(Identifier(r.datastore.schema), Identifier(r.events_table_name))
            with r.datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(statement, (after, upto))
                return [int(row["notification_id"]) for row in curs.fetchall()]
        if isinstance(r, SQLiteApplicationRecorder):
            with r.datastore.transaction(commit=False) as c:
                c.execute(
                    f"SELECT rowid FROM {r.events_table_name} WHERE rowid > ? AND rowid <= ?"
                    " ORDER BY rowid",
                    (after, upto),
                )
                return [int(row[0]) for row in c.fetchall()]
        notifications = r.select_notifications(
            after, upto - after, stop=upto, inclusive_of_start=False
        )
        return [n.id for n in notifications]

    def settle(self) -> bool:
        """Waits until every write that took a position has committed or rolled back.

        SQLite and the in-memory store write one transaction at a time, so a position is
        settled once it was taken. On PostgreSQL a SHARE lock on the events table waits for
        every transaction that inserted into it (each holds ROW EXCLUSIVE from before it
        took its ids, whether or not it took the store's EXCLUSIVE lock too), and lets
        readers go on; it is released at once."""
        r = self.recorder
        if not isinstance(r, PostgresApplicationRecorder):
            return True
        timeout = Literal(f"{int(self.settle_timeout_seconds * 1000)}ms")
        lock = SQL("LOCK TABLE {}.{} IN SHARE MODE").format(
            Identifier(r.datastore.schema), Identifier(r.events_table_name)
        )
        try:
            with r.datastore.transaction(commit=True) as curs:
                curs.execute(SQL("SET LOCAL lock_timeout = {}").format(timeout))
                curs.execute(lock)
        except OperationalError as error:
            if isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
                return False
            raise
        return True
