"""Which store position a read uses: `known_at` resolved, and `min_position` awaited."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from projections.audit_trail import micros
from projections.projection import tracked_positions
from projections.sql import Database


@dataclass(frozen=True)
class KnownAt:
    """What a client asked for: a store position, or a moment (RFC 3339 with a zone)."""

    text: str
    position: int | None = None
    moment: datetime | None = None


@dataclass(frozen=True)
class AsOf:
    valid_at: date
    known_at: str
    position: int
    pinned: bool
    """True when the answer at this position can never change (cacheable forever)."""


class Advances:
    """Wakes readers waiting for projections to advance (in one process).

    A process without the follower (a gunicorn worker) is never told, so its waiters
    re-read the tracking rows every `poll_seconds`; a subclass that hears the follower
    from another process may poll less often."""

    poll_seconds = 0.05

    def __init__(self) -> None:
        self._condition = threading.Condition()

    def advanced(self, position: int) -> None:
        """The follower has applied everything up to `position`."""
        self._wake()

    def _wake(self) -> None:
        with self._condition:
            self._condition.notify_all()

    def wait(self, timeout: float) -> bool:
        """Waits up to `timeout` seconds; True when woken by an advance."""
        with self._condition:
            return self._condition.wait(timeout)

    def close(self) -> None:
        """Releases what it holds (nothing, in one process)."""


class AsOfResolver:
    RECORDED_TIMES = "audit_trail"

    def __init__(
        self,
        db: Database,
        grace: timedelta,
        advances: Advances | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.grace = grace
        self.advances = advances or Advances()
        self.now = now

    def current(self, names: Sequence[str]) -> int:
        with self.db.reading() as cursor:
            return min(tracked_positions(cursor, names).values(), default=0)

    def resolve(self, names: Sequence[str], valid_at: date, known_at: KnownAt | None) -> AsOf:
        names = sorted({*names, self.RECORDED_TIMES})
        with self.db.reading() as cursor:
            current = min(tracked_positions(cursor, names).values(), default=0)
            if known_at is None:
                return AsOf(valid_at, self.now().isoformat(), current, pinned=False)
            if known_at.position is not None:
                position = min(known_at.position, current)
                return AsOf(valid_at, known_at.text, position, known_at.position <= current)
            assert known_at.moment is not None
            if known_at.moment > self.now() - self.grace:
                # Events stamped before that moment may still be committing: use the latest.
                return AsOf(valid_at, known_at.text, current, pinned=False)
            moment = micros(known_at.moment)
            cursor.execute(
                "SELECT max(position) FROM recorded_times WHERE recorded_at <= ?", (moment,)
            )
            row = cursor.fetchone()
            resolved = int(row[0]) if row and row[0] is not None else 0
            cursor.execute("SELECT 1 FROM recorded_times WHERE recorded_at > ? LIMIT 1", (moment,))
            complete = cursor.fetchone() is not None
            if not complete:
                return AsOf(valid_at, known_at.text, current, pinned=False)
            return AsOf(valid_at, known_at.text, min(resolved, current), resolved <= current)

    def wait_for(self, names: Sequence[str], min_position: int, timeout: float) -> bool:
        """Waits until every named projection has reached `min_position`."""
        deadline = time.monotonic() + timeout
        while self.current(names) < min_position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.advances.wait(min(remaining, self.advances.poll_seconds))
        return True
