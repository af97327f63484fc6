"""Feeds the live generation of the projections, and builds the next one beside it.

The next generation is built when the live one holds a projection at another version
than this code's, or when a rebuild was asked for (`rebuild`, or a generation left
`building` by another process). It is built in chunks between the live generation's
catch-ups, so that reads of the projections that did not change stay current, and
swapped in once it has reached the store's last save end and the live generation's
position. A follower of another process notices the swap and follows the new one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from projections.follower import EventSource, Follower
from projections.generations import Generation, Generations
from projections.projection import TRACKING_TABLE, Projection
from projections.sql import Database, has_table

log = logging.getLogger(__name__)


class Projector:
    def __init__(
        self,
        generations: Generations,
        source: EventSource,
        make_projections: Callable[[Database], Sequence[Projection]],
        *,
        last_position: Callable[[], int],
        batch_size: int = 500,
        build_chunk: int = 20,
        on_advance: Callable[[int], None] | None = None,
    ) -> None:
        self.generations = generations
        self.source = source
        self.make_projections = make_projections
        self.last_position = last_position
        self.batch_size = batch_size
        self.build_chunk = build_chunk
        self.on_advance = on_advance
        self.after_catch_up: Callable[[], None] | None = None  # a hook of `run`
        self._followers: dict[tuple[int, bool], Follower] = {}
        self._lock = threading.RLock()

    def follower(self, generation: Generation, *, serving_only: bool = True) -> Follower:
        """A follower of the generation: of the projections it serves at this code's
        versions (the live one), or of all of them (the one being built)."""
        key = (generation.number, serving_only)
        with self._lock:
            if key not in self._followers:
                db = self.generations.database(generation.number)
                projections = [
                    p for p in self.make_projections(db) if not serving_only or generation.serves(p)
                ]
                self._followers[key] = Follower(
                    db,
                    self.source,
                    projections,
                    batch_size=self.batch_size,
                    on_advance=self.on_advance if serving_only else None,
                )
            return self._followers[key]

    @property
    def live(self) -> Follower:
        return self.follower(self.generations.live())

    @property
    def projections(self) -> list[Projection]:
        """Every projection of the live generation's database (as this code knows them)."""
        live = self.generations.live()
        return list(self.make_projections(self.generations.database(live.number)))

    def create_tables(self) -> None:
        self.generations.create([p.name for p in self.make_projections(self.generations.registers)])

    def positions(self) -> dict[str, int]:
        return self.live.positions()

    def catch_up(
        self, progress: Callable[[int], None] | None = None, until: int | None = None
    ) -> int:
        """Builds and swaps in the next generation if one is due, then brings the live one
        up to the store (up to `until`); returns the live generation's position."""
        with self._lock:
            if self._due():
                self._build(progress)
            reached = self.live.catch_up(progress, until)
            self.generations.drop_retired(self.projections)
            return reached

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Builds a new generation of every projection from the store beside the live one,
        and swaps it in; the live one serves reads until then."""
        with self._lock:
            self.generations.begin()
            return self._build(progress)

    def _due(self) -> bool:
        live = self.generations.live()
        expected = self.generations.expected
        building = self.generations.building() is not None
        return building or live.versions != expected or not self._live_intact()

    def _live_intact(self) -> bool:
        """Whether the live generation still has its tables: one whose file or schema was
        lost (deleted by hand) is built anew beside it, as a new version would be."""
        live = self.generations.live()
        db = self.generations.database(live.number)
        with db.reading() as cursor:
            return has_table(cursor, db.dialect, TRACKING_TABLE)

    def _build(self, progress: Callable[[int], None] | None) -> int:
        building = self.generations.begin()
        builder = self.follower(building, serving_only=False)
        log.info("building generation %s of the projections beside the live one", building.number)
        while True:
            reached = builder.catch_up(progress, until=None, batches=self.build_chunk)
            live_at = 0
            if self._live_intact():
                # Reads of the projections that did not change stay current meanwhile.
                self.live.catch_up()
                live = self.generations.live()
                positions = self.follower(live, serving_only=False).positions().values()
                live_at = min(positions, default=0)
            if reached >= self.last_position() and reached >= live_at:
                break
        if self.generations.swap(building.number):
            log.info("generation %s of the projections is live at %s", building.number, reached)
        return reached

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
