"""On PostgreSQL a write wakes the follower through LISTEN/NOTIFY, well before its re-poll."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from interfaces.listen import listen_for_writes
from tests.builders import World
from tests.conftest import opened, store_settings


def test_a_write_wakes_the_listener(tmp_path: Path) -> None:
    with opened(store_settings("postgresql", tmp_path)) as container:
        channel = container.app.recorder.channel_name  # type: ignore[attr-defined]
        assert channel == "styrlogg_events"
        wake, stop = threading.Event(), threading.Event()
        listener = threading.Thread(
            target=listen_for_writes,
            args=(container.settings.postgres_conninfo(), channel, wake, stop),
            daemon=True,
        )
        listener.start()
        try:
            assert not wake.wait(1.5)  # LISTEN is in place and nothing has been written
            World(container.app, founded=date(2000, 1, 1))
            assert wake.wait(5)
        finally:
            stop.set()
            listener.join(timeout=5)
