"""Readiness: the store answers, no projection passed an event it never applied, and none
is stalled on an event it cannot apply.

Every process answers from the tables (web workers run no follower): the gap watchdog in the
follower's loop, and the follower itself for a stall, record what they find beside the
projections, and a verdict is cached for `READINESS_CACHE_SECONDS`, so a probe costs three
small queries every few seconds at most.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from application.app import Styrlogg, translate_store_errors
from application.errors import StoreUnavailable
from interfaces.settings import Settings
from interfaces.store.positions import RecorderPositions
from projections.gap_watchdog import GapWatchdog
from projections.gaps import CHECKS, GAPS, Gap, ProjectionGap, found_gaps, verified_through
from projections.live_projections import LiveProjections
from projections.projection import TRACKING_TABLE
from projections.sql import Database, ProjectionStoreUnavailable
from projections.stalls import STALLS, ProjectionStalled, Stall, found_stalls


@dataclass(frozen=True)
class Ready:
    store_position: int
    verified_through: dict[str, int]


@dataclass(frozen=True)
class Verdict:
    store_position: int = 0
    verified_through: dict[str, int] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()
    stalls: tuple[Stall, ...] = ()
    store_error: str | None = None
    projections_error: str | None = None


class Readiness:
    def __init__(
        self,
        app: Styrlogg,
        db: Database,
        *,
        cache_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.db = db
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._verdict: Verdict | None = None
        self._judged_at = 0.0
        self._tables_seen = False

    def check(self) -> Ready:
        """Ready, or the reason why not (StoreUnavailable, ProjectionStoreUnavailable,
        ProjectionGap, ProjectionStalled), raised afresh from the cached verdict."""
        with self._lock:
            if self._verdict is None or self.clock() - self._judged_at >= self.cache_seconds:
                self._verdict = self._judge()
                self._judged_at = self.clock()
            verdict = self._verdict
        if verdict.store_error is not None:
            raise StoreUnavailable(verdict.store_error)
        if verdict.projections_error is not None:
            raise ProjectionStoreUnavailable(verdict.projections_error)
        if verdict.gaps:
            raise ProjectionGap(verdict.gaps)
        if verdict.stalls:
            raise ProjectionStalled(verdict.stalls)
        return Ready(verdict.store_position, verdict.verified_through)

    def _judge(self) -> Verdict:
        try:
            with translate_store_errors():
                position = self.app.last_position()
        except StoreUnavailable as error:
            return Verdict(store_error=error.detail)
        try:
            missing = self._missing_tables()
            if missing:
                return Verdict(
                    position,
                    projections_error=f"the tables {', '.join(missing)} do not exist:"
                    " run `styrlogg init-db`",
                )
            with self.db.reading() as cursor:
                return Verdict(
                    position,
                    verified_through(cursor),
                    tuple(found_gaps(cursor)),
                    tuple(found_stalls(cursor)),
                )
        except ProjectionStoreUnavailable as error:
            return Verdict(position, projections_error=f"the projections are unavailable: {error}")

    def _missing_tables(self) -> list[str]:
        """Tables a process started with CREATE_TABLE=n before `init-db` created them."""
        if self._tables_seen:
            return []
        present = set(self.db.table_names())
        missing = [t for t in (TRACKING_TABLE, GAPS, CHECKS, STALLS) if t not in present]
        self._tables_seen = not missing
        return missing


def watch(app: Styrlogg, db: Database, settings: Settings) -> tuple[GapWatchdog, Readiness]:
    """The gap watchdog for the follower's loop, and the readiness every process reports."""
    watchdog = GapWatchdog(
        db,
        RecorderPositions(app.recorder),
        interval=settings.gap_check_interval_seconds,
        scope=db.pinned if isinstance(db, LiveProjections) else nullcontext,
    )
    return watchdog, Readiness(app, db, cache_seconds=settings.readiness_cache_seconds)
