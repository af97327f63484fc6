"""Issue 13: with inserts that take no table lock a follower skips an event for good, and the
gap watchdog says so; Styrlogg's recorder makes the same interleaving harmless.

A takes a position and holds its transaction, B commits the next one, the follower reaches
B, A commits: A's event is never applied.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from flask.testing import FlaskClient
from psycopg.sql import SQL, Identifier

from application.decisions import DecisionUseCases, NewDecision
from domain.decisions import Decision, DecisionOutcome, DecisionType
from interfaces.bootstrap import Container
from interfaces.http.app import create_app
from projections.gaps import Gap
from projections.projection import tracked_position
from projections.sql import Row
from tests.builders import BY, World
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

NOW = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"


@pytest.fixture
def container(tmp_path: Path) -> Iterator[Container]:
    with opened(store_settings("postgresql", tmp_path, readiness_cache_seconds=0)) as c:
        World(c.app).organ("Arbetsgrupp")
        c.follower.catch_up()
        assert c.watchdog.check() == []
        yield c


@pytest.fixture
def client(container: Container) -> FlaskClient:
    app = create_app(container)
    app.testing = True
    return authorized(app)


def a_decision(container: Container) -> list[StoredEvent]:
    """A real event to store by hand, so that a rebuild can read it."""
    decision = Decision.record(
        decision_id=uuid4(),
        organ_id=None,
        decided_on=date(2020, 1, 1),
        paragraph=None,
        case_number=None,
        title="Beslut",
        summary=None,
        decision_type=DecisionType.REGISTRATION,
        outcome=DecisionOutcome.ADOPTED,
        by=BY,
    )
    return [container.app.mapper.to_stored_event(e) for e in decision.collect_events()]


def table(container: Container, name: str) -> Identifier:
    return Identifier(container.settings.postgres_schema, name)


@contextmanager
def writer_holding_a_position(
    container: Container,
) -> Iterator[tuple[int, psycopg.Connection[Row]]]:
    """A writer that, like the library's database functions, inserts without the store's
    lock: it takes a position and its save end, then holds its transaction open."""
    events = table(container, container.app.recorder.events_table_name)  # type: ignore[attr-defined]
    with psycopg.connect(container.settings.postgres_conninfo()) as connection:
        [stored] = a_decision(container)
        row = connection.execute(
            SQL(
                "INSERT INTO {} (originator_id, originator_version, topic, state)"
                " VALUES (%s, %s, %s, %s) RETURNING notification_id"
            ).format(events),
            (stored.originator_id, stored.originator_version, stored.topic, stored.state),
        ).fetchone()
        assert row is not None
        position = int(row[0])
        write_save_end(connection, container, position)
        yield position, connection


def write_save_end(
    connection: psycopg.Connection[Row], container: Container, position: int
) -> None:
    connection.execute(
        SQL("INSERT INTO {} (position, recorded_at) VALUES (%s, {})").format(
            table(container, "save_ends"), SQL(NOW)
        ),
        (position,),
    )


@contextmanager
def library_recorder_with_database_functions(
    container: Container,
) -> Iterator[PostgresApplicationRecorder]:
    """The library's own recorder over the same store, POSTGRES_ENABLE_DB_FUNCTIONS=y."""
    env = container.settings.store_env()
    datastore = PostgresDatastore(
        env["POSTGRES_DBNAME"],
        env["POSTGRES_HOST"],
        env["POSTGRES_PORT"],
        env["POSTGRES_USER"],
        env["POSTGRES_PASSWORD"],
        schema=env["POSTGRES_SCHEMA"],
        enable_db_functions=True,
    )
    recorder = PostgresApplicationRecorder(
        datastore,
        events_table_name=container.app.recorder.events_table_name,  # type: ignore[attr-defined]
    )
    recorder.create_table()
    try:
        yield recorder
    finally:
        datastore.close()


def audit_position(container: Container) -> int:
    with container.db.reading() as cursor:
        return tracked_position(cursor, "audit_trail")


def applied(container: Container, position: int) -> bool:
    with container.db.reading() as cursor:
        cursor.execute("SELECT 1 FROM recorded_times WHERE position = ?", (position,))
        return cursor.fetchone() is not None


def test_the_librarys_database_functions_let_the_follower_skip_an_event_and_readyz_says_so(
    container: Container, client: FlaskClient
) -> None:
    before = container.watchdog.verified
    with (
        library_recorder_with_database_functions(container) as library,
        writer_holding_a_position(container) as (a, held),
    ):
        # B does not wait for A: the library's function takes no table lock.
        [b] = library.insert_events(a_decision(container)) or []
        assert b > a
        with psycopg.connect(container.settings.postgres_conninfo(), autocommit=True) as c:
            write_save_end(c, container, b)  # as Styrlogg's recorder would have, beside B
        assert container.follower.catch_up() == b
        # While A holds its position the watchdog vouches for nothing past it.
        assert container.watchdog.check() == []
        assert container.watchdog.verified == before
        held.commit()
    assert container.follower.catch_up() == b
    assert not applied(container, a)  # for good: the follower reads on after b

    assert container.watchdog.check() == [Gap("audit_trail", a, b)]
    answer = client.get("/api/v1/readyz")
    assert answer.status_code == 503
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["detail"] == (
        f"projection audit_trail missed event {a} (applied through {b}): rebuild the projections"
    )
    assert client.get("/api/v1/healthz").status_code == 200

    container.follower.rebuild()
    assert applied(container, a)
    assert container.watchdog.check() == []
    assert client.get("/api/v1/readyz").status_code == 200


def test_with_styrloggs_recorder_the_second_writer_waits_for_the_first_and_nothing_is_skipped(
    container: Container, client: FlaskClient
) -> None:
    container.follower.catch_up()  # the client's grants
    before = audit_position(container)
    saved: list[int] = []
    with writer_holding_a_position(container) as (a, held):
        new = NewDecision(date(2021, 1, 1), "Beslut", DecisionType.REGISTRATION)
        decisions = DecisionUseCases(container.app)
        b_writes = threading.Thread(target=lambda: saved.append(decisions.record(new, BY).position))
        b_writes.start()
        b_writes.join(timeout=0.5)
        assert b_writes.is_alive()  # B waits on the store's lock, which A's insert holds
        assert container.follower.catch_up() == before
        held.commit()
    b_writes.join(timeout=10)
    [b] = saved
    assert b > a
    assert container.follower.catch_up() == b
    assert applied(container, a)
    assert container.watchdog.check() == []
    assert container.watchdog.verified == b
    assert client.get("/api/v1/readyz").status_code == 200
