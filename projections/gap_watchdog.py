"""Gap watchdog: compares the store's positions with what the audit trail applied.

A follower that reads past a position another writer fills later never applies it: with
the library's database functions (inserts without the table lock) A takes id 2 and holds
its transaction, B commits 3, the follower reaches 3, A commits, and 2 is lost. Styrlogg's
recorders write one save at a time, so no save of theirs can do that; the watchdog shows
that nothing else did either.

The AuditTrail records every position it applies (`recorded_times`, bookkeeping events
included), so what it applied is known position by position. The follower feeds every
projection the same batches, and an event one read saw stays visible to every later read,
so an event that any projection skipped, the audit trail skipped too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from projections.gaps import (
    Gap,
    ProjectionGap,
    forget_gaps,
    found_gaps,
    record_check,
    recorded_gaps,
)
from projections.projection import tracked_position
from projections.sql import Cursor, Database

log = logging.getLogger(__name__)
AUDITED = "audit_trail"


class StorePositions(Protocol):
    """The store's positions, without the events."""

    def settle(self) -> bool:
        """Waits until no write holds a position it has not committed or rolled back;
        False when one still holds one after a timeout."""

    def ids(self, after: int, upto: int) -> list[int]:
        """The store's positions in (after, upto], ascending."""


class GapWatchdog:
    """Verifies the audit trail incrementally: after a start (or a rebuild) from 0, at most
    `budget` positions a check in chunks of `chunk`; after that, what was applied since."""

    def __init__(
        self,
        db: Database,
        store: StorePositions,
        *,
        interval: float = 30.0,
        chunk: int = 10_000,
        budget: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
        scope: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        self.db = db
        self.store = store
        self.interval = interval
        self.chunk = chunk
        self.budget = budget
        self.clock = clock
        self.scope = scope  # pins the generation of the projections that a check reads
        self.verified = 0
        self._generation: object = None
        self._due: float | None = None
        self._behind = False  # the last check stopped at its budget
        self._suspect = False  # gaps are recorded: check often, so a rebuild clears them
        self._logged: set[int] = set()

    def check_if_due(self) -> None:
        """A check every `interval`, and at once while one is behind or a gap is recorded.
        It runs in the follower's loop, so a failure is logged, never raised."""
        waiting = self._due is not None and self.clock() < self._due
        if waiting and not (self._behind or self._suspect):
            return
        try:
            self.check()
        except Exception:
            log.exception("gap check failed; trying again in %s s", self.interval)

    def check(self) -> list[Gap]:
        """Verifies what the audit trail applied since the last check; returns the gaps."""
        with self.scope() as generation:
            if generation != self._generation:
                self.verified = 0  # a new generation was built: verify it from the start
                self._generation = generation
            return self._check()

    def _check(self) -> list[Gap]:
        self._due = self.clock() + self.interval
        with self.db.reading() as cursor:
            tracked = tracked_position(cursor, AUDITED)
        with self.db.transaction() as cursor:
            rebuilt = self._forget_applied_gaps(cursor)
        if rebuilt or tracked < self.verified:
            self.verified = 0  # the projection was rebuilt: verify it again
        # Every position up to `tracked` was taken before the follower passed it: once no
        # write holds one, each is committed (and visible) or rolled back (and never will be).
        reached, missing = self.verified, list[int]()
        if tracked <= self.verified or self.store.settle():
            reached, missing = self._verify(tracked)
        else:
            self._behind = False  # wait for the next interval, not the next poll
            log.warning("gap check: a write still holds a position, verified to %s", reached)
        with self.db.transaction() as cursor:
            record_check(cursor, AUDITED, reached, missing)
            self._suspect = bool(recorded_gaps(cursor, AUDITED))
            gaps = found_gaps(cursor)
        self.verified = reached  # only once what it found is recorded
        self._log(gaps)
        return gaps

    def _verify(self, tracked: int) -> tuple[int, list[int]]:
        """Compares the store with the audit trail after `verified`, chunk by chunk, up to
        `tracked` or the budget; returns how far it came and the positions never applied."""
        end = min(tracked, self.verified + self.budget)
        reached, missing = self.verified, list[int]()
        while reached < end:
            upto = min(end, reached + self.chunk)
            with self.db.reading() as cursor:
                if tracked_position(cursor, AUDITED) < tracked:
                    return 0, []  # a rebuild began: verify it from the start next time
                cursor.execute(
                    "SELECT position FROM recorded_times WHERE position > ? AND position <= ?",
                    (reached, upto),
                )
                applied = {int(row[0]) for row in cursor.fetchall()}
            missing += [p for p in self.store.ids(reached, upto) if p not in applied]
            reached = upto
        self._behind = end < tracked
        return reached, missing

    def _forget_applied_gaps(self, cursor: Cursor) -> bool:
        """Forgets recorded gaps that the audit trail now holds (it was rebuilt)."""
        held = [p for p in recorded_gaps(cursor, AUDITED) if _applied(cursor, p)]
        forget_gaps(cursor, AUDITED, held)
        self._logged -= set(held)
        return bool(held)

    def _log(self, gaps: list[Gap]) -> None:
        new = [g for g in gaps if g.position not in self._logged]
        if new:
            log.error("%s", ProjectionGap(new).detail)
            self._logged |= {g.position for g in new}


def _applied(cursor: Cursor, position: int) -> bool:
    cursor.execute("SELECT 1 FROM recorded_times WHERE position = ?", (position,))
    return cursor.fetchone() is not None
