"""Wakes the follower on PostgreSQL NOTIFY; the follower still re-polls on its interval."""

from __future__ import annotations

import logging
import threading

import psycopg
from psycopg import sql as pgsql

log = logging.getLogger(__name__)


def listen_for_writes(
    conninfo: str, channel: str, wake: threading.Event, stop: threading.Event
) -> None:
    """Sets `wake` whenever the store announces a write on `channel` (the library names it
    after its events table); reconnects after failures."""
    while not stop.is_set():
        try:
            with psycopg.connect(conninfo, autocommit=True) as connection:
                connection.execute(pgsql.SQL("LISTEN {}").format(pgsql.Identifier(channel)))
                while not stop.is_set():
                    for _ in connection.notifies(timeout=1.0, stop_after=1):
                        wake.set()
        except psycopg.Error:
            log.warning("LISTEN connection lost; retrying", exc_info=True)
            stop.wait(2.0)
