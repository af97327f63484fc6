"""Every event a release stored decodes into the current code's shape; every aggregate loads.

Each fixture store under tests/fixtures/store-<version>/ was written by that release's own
code (tests/fixtures/make_release_store.py). A test opens a copy: opening may write.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import types
import typing
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from application.app import Styrlogg
from domain.retired_events import RETIRED
from interfaces.settings import Settings
from tests.fixtures.released_events import domain_events

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASE_STORES = sorted(FIXTURES.glob("store-*/store.sqlite"))


@dataclasses.dataclass(frozen=True)
class ReleaseStore:
    app: Styrlogg
    notifications: list[Notification]
    stored_topics: dict[str, int]  # read with sqlite3, beside the application


@pytest.fixture(params=RELEASE_STORES, ids=[p.parent.name for p in RELEASE_STORES])
def release_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReleaseStore]:
    copy = tmp_path / "store.sqlite"
    shutil.copyfile(request.param, copy)
    with closing(sqlite3.connect(copy)) as connection:
        rows = connection.execute("SELECT topic, count(*) FROM stored_events GROUP BY topic")
        stored_topics = dict(rows.fetchall())
    domain_events()  # imports every domain module, so that every topic resolves
    # Opened as `styrlogg serve` opens a store (CREATE_TABLE=y): the copy may gain tables.
    app = Styrlogg(env=Settings(database_url=f"sqlite:///{copy}").store_env())
    try:
        notifications = list(app.recorder.select_notifications(None, 1_000_000))
        yield ReleaseStore(app, notifications, stored_topics)
    finally:
        app.close()


def test_the_fixture_store_of_every_release_is_found() -> None:
    assert "store-0.1.0" in [p.parent.name for p in RELEASE_STORES]


def test_every_event_a_release_stored_decodes_with_every_field_of_its_current_class(
    release_store: ReleaseStore,
) -> None:
    classes = domain_events()
    found: list[str] = []
    decoded: dict[str, int] = {}
    for notification in release_store.notifications:
        event = release_store.app.mapper.to_domain_event(notification)
        decoded[notification.topic] = decoded.get(notification.topic, 0) + 1
        where = f"{notification.topic} (position {notification.id})"
        retired = RETIRED.get(notification.topic)
        expected = retired.successors if retired else (classes.get(notification.topic),)
        if type(event) not in expected:
            found.append(f"{where} decoded into {type(event).__qualname__}")
            continue
        found += [f"{where}: {problem}" for problem in shape_problems(event)]
    assert found == []
    assert decoded == release_store.stored_topics


def test_every_aggregate_a_release_stored_loads_at_its_last_version(
    release_store: ReleaseStore,
) -> None:
    last: dict[UUID, int] = {}
    kinds: dict[UUID, type[Any]] = {}
    for notification in release_store.notifications:
        originator_id = UUID(str(notification.originator_id))
        last[originator_id] = max(last.get(originator_id, 0), notification.originator_version)
        if notification.originator_version == 1:
            created = release_store.app.mapper.to_domain_event(notification)
            kinds[originator_id] = resolve_topic(vars(created)["originator_topic"])
    assert set(kinds) == set(last)
    for originator_id, version in last.items():
        aggregate: Aggregate = release_store.app.repository.get(originator_id)
        assert type(aggregate) is kinds[originator_id]
        assert aggregate.version == version


def shape_problems(event: Any) -> list[str]:
    """Fields the decoded event lacks, holds beyond its class, or holds with the wrong type."""
    hints = typing.get_type_hints(type(event))
    declared = {f.name for f in dataclasses.fields(event)}
    state = vars(event)
    found = [f"lacks {name}" for name in sorted(declared - set(state))]
    found += [f"holds {name}, which its class lacks" for name in sorted(set(state) - declared)]
    found += [
        f"{name} = {state[name]!r} is not {hints[name]}"
        for name in sorted(declared & set(state))
        if not conforms(state[name], hints[name])
    ]
    return found


def conforms(value: object, hint: Any) -> bool:
    """Whether a decoded value has its annotation's type (the hints events use)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return True
    if isinstance(hint, typing.TypeVar):  # the library's originator_id: TAggregateID
        bounds = hint.__constraints__ or (hint.__bound__ or Any,)
        return any(conforms(value, bound) for bound in bounds)
    if hint is type(None):
        return value is None
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, arg) for arg in args)
    if origin is list:
        return isinstance(value, list) and all(conforms(item, args[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(
            conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items()
        )
    return isinstance(value, hint)
