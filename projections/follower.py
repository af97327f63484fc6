"""Feeds projections from the store, batch by batch, each batch one transaction per projection."""

from __future__ import annotations

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


class EventSource(Protocol):
    """The store's notification log, read forward from a position (exclusive), in whole
    saves: a batch ends at a save end (at most `stop`), so no reader sees part of a save."""

    def read(self, after: int, limit: int, stop: int | None = None) -> Sequence[Recorded]: ...


def create_tables(db: Database, projections: Sequence[Projection]) -> None:
    """The projections' tables and tracking rows, if they do not exist."""
    with db.transaction() as cursor:
        create_tracking(cursor)
        for projection in projections:
            projection.create(cursor)
            cursor.execute(
                f"INSERT INTO {TRACKING_TABLE} (name, position, version) VALUES (?, 0, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (projection.name, projection.version),
            )


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
        self._lock = threading.Lock()
        self._unvacuumed = 0

    def create_tables(self) -> None:
        create_tables(self.db, self.projections)

    def positions(self) -> dict[str, int]:
        with self.db.reading() as cursor:
            return tracked_positions(cursor, [p.name for p in self.projections])

    def catch_up(
        self,
        progress: Callable[[int], None] | None = None,
        until: int | None = None,
        batches: int | None = None,
    ) -> int:
        """Applies every stored event not yet applied (up to `until`, or `batches` batches
        of them); returns the position reached."""
        if not self.projections:
            return 0
        with self._lock:
            positions = self.positions()
            after = min(positions.values(), default=0)
            while (batches is None or batches > 0) and (batch := self._read(after, until)):
                batches = None if batches is None else batches - 1
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
            track(cursor, projection.name, last, projection.version)

    def _locked_position(self, cursor: Cursor, name: str) -> int:
        lock = " FOR UPDATE" if self.db.dialect == "postgresql" else ""
        cursor.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?{lock}", (name,))
        row = cursor.fetchone()
        return int(row[0]) if row else 0
