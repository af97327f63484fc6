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

FEW = 3
"""How many of each kind of thing naming an organ are read."""
OPEN_VERSION = "SELECT 1 FROM organ_versions v WHERE v.organ_id = p.organ_id AND v.recorded_to = ?"
NAMING = (
    ("a seat representing it", "SELECT DISTINCT seat_id FROM seat_versions"
     " WHERE representing_id = ? AND recorded_to = ?"),
    ("a seat it appointed", "SELECT DISTINCT seat_id FROM seat_versions"
     " WHERE appointed_by_id = ? AND recorded_to = ?"),
    ("a decision it took", "SELECT decision_id FROM decisions"
     " WHERE organ_id = ? AND recorded_to = ?"),
    ("a plan it owns", "SELECT DISTINCT plan_id FROM plan_versions"
     " WHERE owner_organ_id = ? AND recorded_to = ?"),
    ("a plan item it owns", "SELECT item_id FROM plan_item_owners WHERE organ_id = ?"
     " AND ? IS NOT NULL"),
    ("an assignment to it", "SELECT assignment_id FROM assignment_assignees"
     " WHERE assignee_id = ? AND ? IS NOT NULL"),
    ("an indicator of it", "SELECT indicator_id FROM indicators"
     " WHERE subject_organ_id = ? AND ? IS NOT NULL"),
    ("an organ it succeeds", "SELECT predecessor_id FROM organ_successions"
     " WHERE successor_id = ? AND recorded_to = ?"),
    ("a collaboration it is a principal of", "SELECT p.organ_id FROM organ_principals p"
     f" WHERE p.principal_id = ? AND EXISTS ({OPEN_VERSION})"),
)  # fmt: skip
"""Per kind of thing that can name an organ, the query of its ids as recorded now: the
organ's id and OPEN as parameters (an index by organ each)."""


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

    def naming(self, organ_id: UUID) -> list[str]:
        self._wait_for("composition", "decision_register", "plan_tree", "assignments",
                       "indicator_series", "organ_tree")  # fmt: skip
        found: list[str] = []
        with self.db.reading() as cursor:
            for what, query in NAMING:
                cursor.execute(f"{query} LIMIT {FEW}", (str(organ_id), OPEN))
                found += [f"{what} ({row[0]})" for row in cursor.fetchall()]
        return found

    def _wait_for(self, *projections: str) -> None:
        position = self.last_position()
        if not self.resolver.wait_for(list(projections), position, self.timeout_seconds):
            raise PositionNotReached(
                f"the {', '.join(projections)} projections have not yet reached position"
                f" {position}, which the check of what names an organ needs; retry shortly"
            )
