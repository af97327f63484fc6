"""What other things need of an organ (the decisions it took, the organs it succeeds), for
the write that corrects its founding date: read from the projections' indexes by organ once
they hold every event recorded so far."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from interfaces.http.errors import PositionNotReached
from projections.as_of import AsOfResolver
from projections.bitemporal import from_day
from projections.projection import OPEN
from projections.sql import Database


class ReferencesInProjections:
    def __init__(
        self,
        db: Database,
        resolver: AsOfResolver,
        last_position: Callable[[], int],
        timeout_seconds: float,
    ) -> None:
        self.db = db
        self.resolver = resolver
        self.last_position = last_position
        self.timeout_seconds = timeout_seconds

    def first_decided_on(self, organ_id: UUID) -> date | None:
        self._wait_for("decision_register")
        with self.db.reading() as cursor:
            cursor.execute(
                "SELECT MIN(decided_on) FROM decisions WHERE organ_id = ? AND recorded_to = ?",
                (str(organ_id), OPEN),
            )
            row = cursor.fetchone()
        return None if row is None or row[0] is None else date.fromisoformat(str(row[0]))

    def first_succeeded_on(self, organ_id: UUID) -> date | None:
        self._wait_for("organ_tree")
        with self.db.reading() as cursor:
            cursor.execute(
                "SELECT MIN(effective_on) FROM organ_successions WHERE successor_id = ?"
                " AND recorded_to = ?",
                (str(organ_id), OPEN),
            )
            row = cursor.fetchone()
        return None if row is None or row[0] is None else from_day(int(row[0]))

    def _wait_for(self, projection: str) -> None:
        position = self.last_position()
        if not self.resolver.wait_for([projection], position, self.timeout_seconds):
            raise PositionNotReached(
                f"the {projection} projection has not yet reached position {position}, which"
                " the check of a corrected founding date needs; retry shortly"
            )
