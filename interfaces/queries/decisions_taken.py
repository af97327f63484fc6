"""The decisions an organ took, for the write that corrects its founding date: read from the
decision register's index once it holds every decision recorded so far."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from interfaces.http.errors import PositionNotReached
from projections.as_of import AsOfResolver
from projections.projection import OPEN
from projections.sql import Database


class DecisionsTakenInRegister:
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
        position = self.last_position()
        if not self.resolver.wait_for(["decision_register"], position, self.timeout_seconds):
            raise PositionNotReached(
                f"the decision register has not yet reached position {position}, which the"
                " check of the organ's decisions needs; retry shortly"
            )
        with self.db.reading() as cursor:
            cursor.execute(
                "SELECT MIN(decided_on) FROM decisions WHERE organ_id = ? AND recorded_to = ?",
                (str(organ_id), OPEN),
            )
            row = cursor.fetchone()
        return None if row is None or row[0] is None else date.fromisoformat(str(row[0]))
