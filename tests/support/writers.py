"""Writes that go on in the background while a test does something else."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from uuid import UUID

from interfaces.bootstrap import Container
from projections.sql import Row
from tests.builders import World


@contextmanager
def writing(container: Container, world: World) -> Iterator[list[int]]:
    """Establishes and renames organs through the use cases, waking the live follower after
    each save, until the block ends; yields the number of saves so far."""
    stop = threading.Event()
    saves = [0]
    failures: list[BaseException] = []

    def write() -> None:
        organs: list[UUID] = []
        try:
            while not stop.is_set():
                n = saves[0]
                if n % 3 == 0:
                    organs.append(world.organ(f"Arbetsgrupp {n}"))
                else:
                    on = date(2011, 1, 1) + timedelta(days=n)
                    world.organs.rename(organs[n % len(organs)], f"Grupp {n}", world.change(on))
                saves[0] += 1
                container.wake_follower()
                time.sleep(0.002)
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=write, name="writer", daemon=True)
    thread.start()
    try:
        yield saves
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not failures, failures


def every_live_row(container: Container) -> dict[str, list[Row]]:
    """Every table of the live projections' database, tracking rows included."""
    tables = container.db.table_names()
    with container.db.reading() as cursor:
        found = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")
            found[table] = sorted(cursor.fetchall(), key=repr)
        return found
