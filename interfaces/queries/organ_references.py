"""What other things recorded need of an organ: the dates from which they need it (for the
write that corrects its founding date) and what names it at all (for the annulment of its
establishment), read from the projections' indexes by organ once they hold every event
recorded so far."""

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
NEEDS = (
    ("a decision it took is dated", "decision_register",
     "SELECT MIN(decided_on) FROM decisions WHERE organ_id = ? AND recorded_to = ?"),
    ("it succeeds a dissolved organ from", "organ_tree",
     "SELECT MIN(effective_on) FROM organ_successions WHERE successor_id = ?"
     " AND recorded_to = ?"),
    ("a seat representing it starts on", "composition",
     "SELECT MIN(started_on) FROM seat_versions WHERE representing_id = ? AND recorded_to = ?"),
    ("a seat it appointed starts on", "composition",
     "SELECT MIN(started_on) FROM seat_versions WHERE appointed_by_id = ? AND recorded_to = ?"),
    ("an assignment to it starts on", "assignments",
     "SELECT MIN(v.starts_on) FROM assignment_assignees a JOIN assignment_versions v"
     " ON v.assignment_id = a.assignment_id WHERE a.assignee_id = ? AND v.recorded_to = ?"),
    ("a plan it owns is in force from", "plan_tree",
     "SELECT MIN(valid_from) FROM plan_versions WHERE owner_organ_id = ? AND recorded_to = ?"),
    ("a collaboration it is a principal of is established on", "organ_tree",
     "SELECT MIN(v.valid_from) FROM organ_principals p JOIN organ_versions v"
     " ON v.organ_id = p.organ_id WHERE p.principal_id = ? AND v.recorded_to = ?"),
    ("the last day of the plan span an indicator of it is followed up in is",
     "indicator_series",
     "SELECT MIN(v.span_to) - 1 FROM indicators i JOIN plan_versions v"
     " ON v.plan_id = i.plan_id WHERE i.subject_organ_id = ? AND v.recorded_to = ?"
     f" AND v.span_to < {OPEN}"),
)  # fmt: skip
"""Per kind of thing recorded elsewhere that needs an organ to exist on a date: what it is
(introducing the date), the projection that indexes it, and the query of its earliest date
as recorded now (a day number, or ISO text for decisions) with the organ's id and OPEN as
parameters. An indicator's plan span is half-open: its subject must exist on its last day,
the day before its end (an open span needs nothing)."""


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

    def needs(self, organ_id: UUID) -> list[tuple[str, date]]:
        self._wait_for(*{projection for _, projection, _ in NEEDS})
        found: list[tuple[str, date]] = []
        with self.db.reading() as cursor:
            for what, _, query in NEEDS:
                cursor.execute(query, (str(organ_id), OPEN))
                row = cursor.fetchone()
                if row is not None and row[0] is not None:
                    found.append((what, _date(row[0])))
        return found

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


def _date(value: object) -> date:
    """A decision's ISO text or a day number."""
    return date.fromisoformat(value) if isinstance(value, str) else from_day(int(str(value)))
