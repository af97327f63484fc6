"""Who is an elected member: the seats of members and substitutes in political organs,
read from the composition and organ projections once they hold every event recorded so
far (what an erasure and a scheduled deletion ask, application.people.ElectedSeats)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from interfaces.http.errors import PositionNotReached
from projections.as_of import AsOfResolver
from projections.bitemporal import day
from projections.projection import OPEN
from projections.sql import Database

POLITICAL = ("assembly", "executive_board", "committee", "subcommittee",
             "preparatory_committee", "audit")  # fmt: skip
"""Organs whose members are elected (fullmäktige, styrelser, nämnder, beredningar, the
auditors): their members are named in decisions, public records. A group, a
collaboration or an administration seats officials, whose data may be erased."""
ELECTED_ROLES = ("member", "substitute")
ELECTED_SEATS = (
    "FROM seat_versions s WHERE s.recorded_to = ?"
    f" AND s.role IN ({', '.join(repr(r) for r in ELECTED_ROLES)})"
    " AND EXISTS (SELECT 1 FROM organ_versions o WHERE o.organ_id = s.organ_id"
    f" AND o.recorded_to = ? AND o.kind IN ({', '.join(repr(k) for k in POLITICAL)}))"
)


class ElectedSeatsInProjections:
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

    def elected_organs(self, person_id: UUID) -> list[UUID]:
        self._wait()
        with self.db.reading() as cursor:
            cursor.execute(
                f"SELECT DISTINCT s.organ_id {ELECTED_SEATS} AND s.person_id = ?"
                " ORDER BY s.organ_id",
                (OPEN, OPEN, str(person_id)),
            )
            return [UUID(str(row[0])) for row in cursor.fetchall()]

    def ended_before(self, on: date) -> list[UUID]:
        self._wait()
        with self.db.reading() as cursor:
            cursor.execute(
                f"SELECT s.person_id {ELECTED_SEATS} GROUP BY s.person_id"
                " HAVING MAX(s.ended_on) <= ? ORDER BY s.person_id",
                (OPEN, OPEN, day(on)),
            )
            return [UUID(str(row[0])) for row in cursor.fetchall()]

    def _wait(self) -> None:
        target = self.last_position()
        if not self.resolver.wait_for(["composition", "organ_tree"], target, self.timeout_seconds):
            raise PositionNotReached(
                f"the seats are not yet read up to position {target}: retry in a moment"
            )
