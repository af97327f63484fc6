"""Feeds projections from the store, batch by batch, each batch one transaction per projection."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from projections.projection import (
    TRACKING_TABLE,
    Projection,
    Recorded,
    create_tracking,
    track,
    tracked_positions,
)
from projections.sql import Cursor, Database

log = logging.getLogger(__name__)


class EventSource(Protocol):
    """The store's notification log, read forward from a position (exclusive), in whole
    saves: a batch ends at a save end (at most `stop`), so no reader sees part of a save."""

    def read(self, after: int, limit: int, stop: int | None = None) -> Sequence[Recorded]: ...


class Follower:
    def __init__(
        self,
        db: Database,
        source: EventSource,
        projections: Sequence[Projection],
        *,
        batch_size: int = 500,
        vacuum_after: int = 1000,
        on_advance: Callable[[int], None] | None = None,
    ) -> None:
        self.db = db
        self.source = source
        self.projections = list(projections)
        self.batch_size = batch_size
        self.vacuum_after = vacuum_after
        self.on_advance = on_advance
        self.after_catch_up: Callable[[], None] | None = None  # a hook of `run`
        self._lock = threading.Lock()
        self._unvacuumed = 0

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            create_tracking(cursor)
            for projection in self.projections:
                projection.create(cursor)
                cursor.execute(
                    f"INSERT INTO {TRACKING_TABLE} (name, position) VALUES (?, 0)"
                    " ON CONFLICT (name) DO NOTHING",
                    (projection.name,),
                )

    def positions(self) -> dict[str, int]:
        with self.db.reading() as cursor:
            return tracked_positions(cursor, [p.name for p in self.projections])

    def catch_up(
        self, progress: Callable[[int], None] | None = None, until: int | None = None
    ) -> int:
        """Applies every stored event not yet applied (up to `until`); returns the position."""
        with self._lock:
            positions = self.positions()
            after = min(positions.values(), default=0)
            while batch := self._read(after, until):
                last = batch[-1].position
                for projection in self.projections:
                    if positions[projection.name] < last:
                        self._apply(projection, batch, last)
                        positions[projection.name] = last
                after = last
                self._unvacuumed += len(batch)
                if self._unvacuumed >= 20 * self.vacuum_after:
                    self._vacuum()
                if progress is not None:
                    progress(last)
                if self.on_advance is not None:
                    self.on_advance(last)
            if self._unvacuumed >= self.vacuum_after:
                self._vacuum()
            return after

    def _vacuum(self) -> None:
        """Vacuums the projections' tables once `vacuum_after` events were applied since the
        last time, on catching up, and along the way of a long catch-up."""
        self.db.vacuum([TRACKING_TABLE, *(t for p in self.projections for t in p.tables())])
        self._unvacuumed = 0

    def _read(self, after: int, until: int | None) -> Sequence[Recorded]:
        if until is not None and after >= until:
            return []
        return self.source.read(after, self.batch_size, stop=until)

    def _apply(self, projection: Projection, batch: Sequence[Recorded], last: int) -> None:
        with self.db.transaction() as cursor:
            # Read under the write lock: a second follower cannot apply the same events.
            done = self._locked_position(cursor, projection.name)
            if done >= last:
                return
            projection.begin_batch(cursor)
            for recorded in batch:
                if recorded.position > done:
                    projection.handle(cursor, recorded)
            track(cursor, projection.name, last)

    def _locked_position(self, cursor: Cursor, name: str) -> int:
        lock = " FOR UPDATE" if self.db.dialect == "postgresql" else ""
        cursor.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?{lock}", (name,))
        row = cursor.fetchone()
        return int(row[0]) if row else 0

    def run(self, stop: threading.Event, wake: threading.Event, interval: float = 1.0) -> None:
        """Catches up, then waits for a wake-up or the polling interval, until stopped."""
        failures = 0
        while not stop.is_set():
            try:
                self.catch_up()
                if self.after_catch_up is not None:
                    self.after_catch_up()
                failures = 0
            except Exception:
                failures += 1
                log.exception("projection follower failed; retrying")
            wake.wait(min(interval * 2**failures, 30.0))
            wake.clear()
