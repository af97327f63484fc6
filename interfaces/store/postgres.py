"""The PostgreSQL store: the library's recorder, quick to fail, plus save ends and claims
written in the insert's own transaction while its table lock is held."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from application.app import Claim
from interfaces.quick_fail import QuickFailPostgresApplicationRecorder, quick
from interfaces.store.save_ends import CLAIMS, RECENT_SAVE, SAVE_ENDS, legacy_ends, save_kwargs

NOW = SQL("(extract(epoch FROM clock_timestamp()) * 1000000)::bigint")


class DatabaseFunctionsRefused(ValueError):
    """POSTGRES_ENABLE_DB_FUNCTIONS inserts without the table lock: followers skip events."""


def channel_of(schema: str, events_table: str) -> str:
    """The NOTIFY channel of one store: its schema and events table, so that stores in other
    schemas of the database (the library names it after the table alone) wake no one here.
    A channel is an identifier of at most 63 bytes; a longer name is shortened by a hash."""
    name = f"{schema}.{events_table}"
    if len(name.encode()) <= 63:
        return name
    return f"{events_table[:30]}.{hashlib.sha256(schema.encode()).hexdigest()[:24]}"


class SaveEndsPostgresRecorder(QuickFailPostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        if datastore.enable_db_functions:
            raise DatabaseFunctionsRefused(
                "POSTGRES_ENABLE_DB_FUNCTIONS inserts events without the table lock, so a"
                " follower can pass an id that commits later and never apply it: unset it"
            )
        super().__init__(datastore, **kwargs)
        self.channel_name = channel_of(datastore.schema, self.events_table_name)
        self.save_ends = self._table(SAVE_ENDS)
        self.claims = self._table(CLAIMS)
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY,"
                " recorded_at bigint NOT NULL, save_id uuid)"
            ).format(self.save_ends),
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (key_id uuid PRIMARY KEY,"
                " position bigint NOT NULL, claimed_at bigint NOT NULL)"
            ).format(self.claims),
        ]
        # The events (the insert returns their ids) and their save's end in one statement. Ids
        # come from the sequence in the order of the rows, so ordering them restores it.
        self.insert_events_and_end = SQL(
            "WITH new AS ({insert}),"
            " save_end AS (INSERT INTO {ends} (position, recorded_at, save_id)"
            " SELECT max(notification_id), greatest({now}, coalesce((SELECT recorded_at"
            " FROM {ends} ORDER BY position DESC LIMIT 1) + 1, 0)), %s FROM new)"
            " SELECT notification_id FROM new ORDER BY notification_id"
        ).format(insert=self.insert_events_statement, ends=self.save_ends, now=NOW)
        self.drop_expired_claim = SQL(
            "DELETE FROM {0} WHERE key_id = %s AND claimed_at < {1} - %s"
        ).format(self.claims, NOW)
        self.record_claim = SQL(
            "INSERT INTO {0} (key_id, position, claimed_at) VALUES (%s, %s, {1})"
        ).format(self.claims, NOW)

    def _table(self, name: str) -> Composed:
        return SQL("{}.{}").format(Identifier(self.datastore.schema), Identifier(name))

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        self._lock_table(curs)
        self._notify_channel(curs)
        events = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        save_id, _ = save_kwargs(kwargs)
        curs.execute(self.insert_events_and_end, (events, save_id))

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = [int(row["notification_id"]) for row in curs.fetchall()]
        assert len(ids) == len(stored_events), (len(ids), len(stored_events))
        _, claim = save_kwargs(kwargs)
        if claim is not None:
            # A nested pipeline syncs on exit, so a colliding claim raises IntegrityError
            # here, in the insert.
            with curs.connection.pipeline():
                curs.execute(
                    self.drop_expired_claim, (claim.key_id, int(claim.ttl_seconds * 1_000_000))
                )
                curs.execute(self.record_claim, (claim.key_id, ids[-1]))
        return ids

    def save_end_of(self, save_id: UUID) -> int | None:
        return self._one(SQL(RECENT_SAVE.replace("?", "%s")).format(self.save_ends), save_id)

    def claimed_at_position(self, claim: Claim) -> int | None:
        return self._one(
            SQL("SELECT position FROM {0} WHERE key_id = %s AND claimed_at >= {1} - %s").format(
                self.claims, NOW
            ),
            claim.key_id,
            int(claim.ttl_seconds * 1_000_000),
        )

    def last_save_end(self) -> int:
        return self._one(SQL("SELECT max(position) FROM {}").format(self.save_ends)) or 0

    def save_end_before(self, position: int) -> int:
        statement = SQL("SELECT max(position) FROM {} WHERE position < %s").format(self.save_ends)
        return self._one(statement, position) or 0

    def select_save_ends(self, after: int, stop: int | None, limit: int) -> list[tuple[int, int]]:
        return [(int(p), int(t)) for p, t in self._select_save_ends(after, stop, limit)]

    @quick
    def _select_save_ends(self, after: int, stop: int | None, limit: int) -> list[Any]:
        statement = SQL(
            "SELECT position, recorded_at FROM {} WHERE position > %s AND position <= %s"
            " ORDER BY position LIMIT %s"
        ).format(self.save_ends)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, (after, stop if stop is not None else 2**62, limit))
            return [(r["position"], r["recorded_at"]) for r in curs.fetchall()]

    def backfill_save_ends(self, timestamp_of: Callable[[Notification], datetime]) -> int:
        """Gives every event written before save ends were recorded a save end of its own;
        returns how many. Runs under the insert lock, so no save can come between."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            curs.execute(
                SQL("SELECT max(position) AS p, max(recorded_at) AS t FROM {}").format(
                    self.save_ends
                )
            )
            row = curs.fetchone()
            assert row is not None
            curs.execute(
                SQL(
                    "SELECT * FROM {}.{} WHERE notification_id > %s ORDER BY notification_id"
                ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name)),
                (row["p"] or 0,),
            )
            legacy = [
                Notification(
                    id=r["notification_id"],
                    originator_id=r["originator_id"],
                    originator_version=r["originator_version"],
                    topic=r["topic"],
                    state=bytes(r["state"]),
                )
                for r in curs.fetchall()
            ]
            ends = legacy_ends(legacy, timestamp_of, row["t"] or 0)
            if ends:
                curs.executemany(
                    SQL("INSERT INTO {} (position, recorded_at) VALUES (%s, %s)").format(
                        self.save_ends
                    ),
                    ends,
                )
            return len(ends)

    @quick
    def _one(self, statement: Composed, *params: Any) -> int | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params)
            row = curs.fetchone()
            value = None if row is None else next(iter(row.values()))
            return None if value is None else int(value)


class SaveEndsPostgresFactory(PostgresFactory):
    application_recorder_class = SaveEndsPostgresRecorder
