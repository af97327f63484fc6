"""The in-memory store (tests): the library's recorder, plus save ends and claims."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Notification, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from application.app import Claim
from interfaces.store.save_ends import save_kwargs


class SaveEndsPOPORecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._ends: dict[int, int] = {}  # position -> recorded_at (microseconds)
        self._save_ids: dict[UUID, int] = {}
        self._claims: dict[UUID, tuple[int, int]] = {}  # key id -> (position, claimed_at)

    def _insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        save_id, claim = save_kwargs(kwargs)
        with self._database_lock:
            now = self._now()
            if claim is not None and self._held(claim, now) is not None:
                raise IntegrityError(f"idempotency key {claim.key_id} is claimed already")
            ids = super()._insert_events(stored_events, **kwargs)
            if ids:
                # Strictly rising, as the databases' save ends are.
                self._ends[ids[-1]] = max(now, max(self._ends.values(), default=-1) + 1)
                if save_id is not None:
                    self._save_ids[save_id] = ids[-1]
                if claim is not None:
                    self._claims[claim.key_id] = (ids[-1], now)
            return ids

    def save_end_of(self, save_id: UUID) -> int | None:
        return self._save_ids.get(save_id)

    def claimed_at_position(self, claim: Claim) -> int | None:
        with self._database_lock:
            return self._held(claim, self._now())

    def _now(self) -> int:
        return max(time.time_ns() // 1000, max(self._ends.values(), default=0))

    def _held(self, claim: Claim, now: int) -> int | None:
        """The position of the claim's key if it is claimed and has not expired at `now`."""
        held = self._claims.get(claim.key_id)
        if held is None or held[1] < now - claim.ttl_seconds * 1_000_000:
            return None
        return held[0]

    def last_save_end(self) -> int:
        with self._database_lock:
            return max(self._ends, default=0)

    def save_end_before(self, position: int) -> int:
        with self._database_lock:
            return max((p for p in self._ends if p < position), default=0)

    def select_save_ends(self, after: int, stop: int | None, limit: int) -> list[tuple[int, int]]:
        with self._database_lock:
            ends = sorted(
                (p, t) for p, t in self._ends.items() if p > after and (stop is None or p <= stop)
            )
            return ends[:limit]

    def backfill_save_ends(self, timestamp_of: Callable[[Notification], datetime]) -> int:
        return 0  # an in-memory store is never older than its recorder


class SaveEndsPOPOFactory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        return SaveEndsPOPORecorder()
