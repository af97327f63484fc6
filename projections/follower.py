"""Feeds projections from the store, batch by batch, each batch one transaction per projection.

A projection that cannot apply an event (its handler raises; an outage of the database is
no such thing) stalls: the follower applies the saves before the event, records the stall
beside the projections (projections.stalls), logs it once, and goes on feeding the others.
It tries the stalled one again after `retry_after` seconds, doubling up to an hour, and at
once when a follower starts (as after deploying a fix); a rebuild builds it anew.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from projections.projection import (
    TRACKING_TABLE,
    Projection,
    Recorded,
    create_tracking,
    track,
    tracked_position,
    tracked_positions,
)
from projections.sql import Cursor, Database, ProjectionStoreUnavailable
from projections.stalls import (
    clear_stall,
    create_stall_table,
    describe,
    found_stalls,
    record_stall,
)

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60.0
RETRY_AT_MOST_SECONDS = 3600.0


class EventSource(Protocol):
    """The store's notification log, read forward from a position (exclusive), in whole
    saves: a batch ends at a save end (at most `stop`), so no reader sees part of a save."""

    def read(self, after: int, limit: int, stop: int | None = None) -> Sequence[Recorded]: ...


def create_tables(db: Database, projections: Sequence[Projection]) -> None:
    """The projections' tables and tracking rows, if they do not exist."""
    with db.transaction() as cursor:
        create_tracking(cursor)
        create_stall_table(cursor)
        for projection in projections:
            projection.create(cursor)
            cursor.execute(
                f"INSERT INTO {TRACKING_TABLE} (name, position, version) VALUES (?, 0, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (projection.name, projection.version),
            )


class EventNotApplied(Exception):
    """A projection's handler raised on the event at `position`."""

    def __init__(self, position: int, error: Exception) -> None:
        super().__init__(f"event {position}: {error}")
        self.position = position
        self.error = error


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
        retry_after: float = RETRY_AFTER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.source = source
        self.projections = list(projections)
        self.batch_size = batch_size
        self.vacuum_after = vacuum_after
        self.on_advance = on_advance
        self.retry_after = retry_after
        self.clock = clock
        self._lock = threading.Lock()
        self._unvacuumed = 0
        self._stalled: dict[str, int] = {}  # projection → the event it cannot apply
        self._retries: dict[str, tuple[float, float]] = {}  # projection → (due, delay)
        self._read_through = 0

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
        of them) to each projection that is not stalled, and tries a stalled one again when
        it is due; returns the position read through (every projection has applied it, or
        is stalled before it)."""
        if not self.projections:
            return 0
        with self._lock:
            with self.db.reading() as cursor:
                positions = tracked_positions(cursor, [p.name for p in self.projections])
                self._stalled = {s.projection: s.position for s in found_stalls(cursor)}
            for projection in self._due_retries():
                self._retry(projection, positions, until)
            active = [p for p in self.projections if p.name not in self._stalled]
            after = min(
                (positions[p.name] for p in active),
                default=max(self._read_through, *positions.values()),
            )
            while (batches is None or batches > 0) and (batch := self._read(after, until)):
                batches = None if batches is None else batches - 1
                last = batch[-1].position
                for projection in active:
                    if projection.name not in self._stalled and positions[projection.name] < last:
                        positions[projection.name] = self._advance(projection, batch, last)
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
            self._read_through = max(self._read_through, after)
            return after

    def _due_retries(self) -> list[Projection]:
        """Stalled projections due to be tried again: at once when this follower has not
        tried them yet (it may run fixed code), then after each one's delay."""
        for name in [n for n in self._retries if n not in self._stalled]:
            del self._retries[name]  # applied meanwhile, or rebuilt
        now = self.clock()
        return [
            p
            for p in self.projections
            if p.name in self._stalled and self._retries.get(p.name, (now, 0.0))[0] <= now
        ]

    def _retry(self, projection: Projection, positions: dict[str, int], until: int | None) -> None:
        """Tries one batch from where the stalled projection stopped."""
        batch = self._read(positions[projection.name], until)
        if batch:
            positions[projection.name] = self._advance(projection, batch, batch[-1].position)

    def _advance(self, projection: Projection, batch: Sequence[Recorded], last: int) -> int:
        """Applies the batch to the projection, or, when it cannot apply an event, the saves
        before that one, and records the stall; returns the position the projection holds."""
        try:
            self._apply(projection, batch, last)
        except EventNotApplied as failure:
            return self._stall(projection, batch, failure)
        if self._stalled.pop(projection.name, None) is not None:
            self._retries.pop(projection.name, None)
            log.info("projection %s applies events again, through %s", projection.name, last)
        return last

    def _stall(
        self, projection: Projection, batch: Sequence[Recorded], failure: EventNotApplied
    ) -> int:
        ends = [r.position for r in batch if r.save_end and r.position < failure.position]
        if ends:
            # Whole saves only: a projection's position is always a save end.
            before = [r for r in batch if r.position <= ends[-1]]
            try:
                self._apply(projection, before, ends[-1])
            except EventNotApplied as earlier:
                return self._stall(projection, before, earlier)
        error = describe(failure.error)
        with self.db.transaction() as cursor:
            new = record_stall(cursor, projection.name, failure.position, error)
            reached = tracked_position(cursor, projection.name)
        self._stalled[projection.name] = failure.position
        delay = self._retries.get(projection.name, (0.0, self.retry_after / 2))[1] * 2
        delay = min(delay, max(self.retry_after, RETRY_AT_MOST_SECONDS))
        self._retries[projection.name] = (self.clock() + delay, delay)
        if new:
            log.error(
                "projection %s cannot apply event %s (applied through %s): %s. The other"
                " projections go on; it is tried again in %.0f s and when a follower starts,"
                " and built anew by a rebuild",
                projection.name,
                failure.position,
                reached,
                error,
                delay,
                exc_info=failure.error,
            )
        return reached

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
        handling: int | None = None  # the event the projection's own code is at
        try:
            with self.db.transaction() as cursor:
                # Read under the write lock: a second follower cannot apply the same events.
                done = self._locked_position(cursor, projection.name)
                if done >= last:
                    return
                handling = next(r.position for r in batch if r.position > done)
                projection.begin_batch(cursor)
                for recorded in batch:
                    if recorded.position > done:
                        handling = recorded.position
                        projection.handle(cursor, recorded)
                handling = None
                track(cursor, projection.name, last, projection.version)
                if projection.name in self._stalled:
                    clear_stall(cursor, projection.name)
        except ProjectionStoreUnavailable:
            raise  # an outage, not the event: the follower's loop tries again
        except Exception as error:
            if handling is None:
                raise
            raise EventNotApplied(handling, error) from error

    def _locked_position(self, cursor: Cursor, name: str) -> int:
        lock = " FOR UPDATE" if self.db.dialect == "postgresql" else ""
        cursor.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?{lock}", (name,))
        row = cursor.fetchone()
        return int(row[0]) if row else 0
