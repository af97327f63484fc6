"""Which store position a read uses: `known_at` resolved, and `min_position` awaited."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

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
    """Resolves `known_at` to a save end that every projection read has reached.

    Projections advance in whole saves, so the position they share is a save end. A
    position resolves to the last save end at or before it; a time to the last save end
    recorded (by the database's clock, monotone) at or before it. Such an answer is pinned
    (can never change) once the projections have passed it: for a time, once they hold a
    save recorded after it, since no later save can be recorded earlier."""

    RECORDED_TIMES = "audit_trail"

    def __init__(
        self,
        db: Database,
        advances: Advances | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.advances = advances or Advances()
        self.now = now

    def current(self, names: Sequence[str]) -> int:
        with self.db.reading() as cursor:
            return min(tracked_positions(cursor, names).values(), default=0)

    def resolve(self, names: Sequence[str], valid_at: date, known_at: KnownAt | None) -> AsOf:
        names = sorted({*names, self.RECORDED_TIMES})
        self.db.check_serves(names)
        with self.db.reading() as cursor:
            current = min(tracked_positions(cursor, names).values(), default=0)
            if known_at is None:
                return AsOf(valid_at, self.now().isoformat(), current, pinned=False)
            if known_at.position is not None:
                if known_at.position >= current:
                    # Not passed yet (or just reached): the latest whole save read.
                    return AsOf(valid_at, known_at.text, current, known_at.position == current)
                cursor.execute(
                    "SELECT position FROM save_ends WHERE position <= ?"
                    " ORDER BY position DESC LIMIT 1",
                    (known_at.position,),
                )
                return AsOf(valid_at, known_at.text, _position(cursor.fetchone()), pinned=True)
            assert known_at.moment is not None
            moment = micros(known_at.moment)
            cursor.execute(
                "SELECT 1 FROM save_ends WHERE recorded_at > ? AND position <= ? LIMIT 1",
                (moment, current),
            )
            if cursor.fetchone() is None:
                # Nothing read was recorded after it yet: a save may still be recorded at
                # or before it, so the answer is the latest and may change.
                return AsOf(valid_at, known_at.text, current, pinned=False)
            cursor.execute(
                "SELECT position FROM save_ends WHERE recorded_at <= ? AND position <= ?"
                " ORDER BY recorded_at DESC, position DESC LIMIT 1",
                (moment, current),
            )
            return AsOf(valid_at, known_at.text, _position(cursor.fetchone()), pinned=True)

    def wait_for(self, names: Sequence[str], min_position: int, timeout: float) -> bool:
        """Waits until every named projection has reached `min_position`."""
        deadline = time.monotonic() + timeout
        while self.current(names) < min_position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.advances.wait(min(remaining, self.advances.poll_seconds))
        return True


def _position(row: Sequence[object] | None) -> int:
    return 0 if row is None else int(str(row[0]))
