"""With REDIS_URL, the follower's process tells the web processes when projections
advance, so a read with `min_position` answers at once rather than at its next re-poll."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest

from interfaces.redis_advances import RedisAdvances
from interfaces.settings import Settings, SettingsError
from tests.builders import World
from tests.conftest import REDIS_URL, opened, store_settings


def test_an_advance_in_one_process_wakes_waiters_in_another() -> None:
    channel = f"styrlogg:test:{uuid4().hex}"
    follower, web = RedisAdvances(REDIS_URL, channel), RedisAdvances(REDIS_URL, channel)
    try:
        assert web.listening.wait(5)
        assert web.wait(0.3) is False, "nothing announced yet"
        announce = threading.Timer(0.2, follower.advanced, args=(7,))
        announce.start()
        began = time.monotonic()
        assert web.wait(10) is True
        assert time.monotonic() - began < 5
        announce.join()
    finally:
        follower.close()
        web.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_min_position_is_answered_when_the_other_process_announces(
    kind: str, tmp_path: Path
) -> None:
    settings = store_settings(kind, tmp_path, redis_url=REDIS_URL)
    # The "web" container never runs its follower; the second stands for `styrlogg follow`.
    with opened(settings) as web, opened(replace(settings, create_tables=False)) as follow:
        heard, told = web.advances, follow.advances
        assert isinstance(heard, RedisAdvances)
        assert isinstance(told, RedisAdvances)
        assert heard.channel == told.channel
        assert heard.listening.wait(5)
        heard.poll_seconds = 60  # only an announcement can wake the reader in time
        World(web.app, founded=date(2000, 1, 1))
        wanted = web.app.last_position()
        follower = threading.Timer(0.3, follow.follower.catch_up)
        follower.start()
        began = time.monotonic()
        assert web.resolver.wait_for(["organ_tree"], wanted, timeout=20)
        assert time.monotonic() - began < 10
        follower.join()  # its catch-up ends before its store is closed


def test_a_redis_url_of_another_scheme_is_refused() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"REDIS_URL": "http://127.0.0.1:6379"})
