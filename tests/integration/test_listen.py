"""On PostgreSQL a write wakes the follower through LISTEN/NOTIFY, well before its re-poll."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from interfaces.bootstrap import Container
from interfaces.listen import listen_for_writes
from interfaces.store.postgres import channel_of
from tests.builders import World
from tests.conftest import opened, store_settings


@contextmanager
def listening(container: Container) -> Iterator[threading.Event]:
    """Set whenever the store's channel announces a write."""
    channel = container.app.recorder.channel_name  # type: ignore[attr-defined]
    wake, stop = threading.Event(), threading.Event()
    listener = threading.Thread(
        target=listen_for_writes,
        args=(container.settings.postgres_conninfo(), channel, wake, stop),
        daemon=True,
    )
    listener.start()
    try:
        yield wake
    finally:
        stop.set()
        listener.join(timeout=5)


def test_a_write_wakes_the_listener(tmp_path: Path) -> None:
    with opened(store_settings("postgresql", tmp_path)) as container:
        channel = container.app.recorder.channel_name  # type: ignore[attr-defined]
        assert channel == f"{container.settings.postgres_schema}.styrlogg_events"
        with listening(container) as wake:
            time.sleep(0.5)  # LISTEN is in place
            wake.clear()
            World(container.app, founded=date(2000, 1, 1))
            assert wake.wait(5)


def test_a_write_to_a_store_in_another_schema_wakes_no_one_here(tmp_path: Path) -> None:
    with (
        opened(store_settings("postgresql", tmp_path)) as here,
        opened(store_settings("postgresql", tmp_path)) as there,
        listening(here) as wake,
    ):
        time.sleep(0.5)
        wake.clear()
        World(there.app, founded=date(2000, 1, 1))
        assert not wake.wait(1.5)
        World(here.app, founded=date(2000, 1, 1))
        assert wake.wait(5)


def test_a_long_schema_name_gets_a_channel_postgresql_keeps_whole() -> None:
    short = channel_of("public", "styrlogg_events")
    assert short == "public.styrlogg_events"
    one, other = (channel_of("s" * 60 + tail, "styrlogg_events") for tail in "ab")
    assert one != other
    assert max(len(one.encode()), len(other.encode())) <= 63
