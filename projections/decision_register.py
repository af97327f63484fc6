"""DecisionRegister: the decisions recorded, as known at any time."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod

from domain.decisions import Decision
from projections.projection import OPEN, Projection, Recorded
from projections.sql import Cursor

COLUMNS = (
    "decision_id",
    "organ_id",
    "decided_on",
    "paragraph",
    "case_number",
    "title",
    "summary",
    "decision_type",
    "outcome",
)


class DecisionRegister(Projection):
    name = "decision_register"
    version = 2
    """2: indexed by case number, by type and by outcome (the list's filters)."""

    def tables(self) -> Sequence[str]:
        return ["decisions"]

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS decisions (decision_id TEXT NOT NULL, organ_id TEXT,"
            " decided_on TEXT NOT NULL, paragraph TEXT, case_number TEXT, title TEXT NOT NULL,"
            " summary TEXT, decision_type TEXT NOT NULL, outcome TEXT NOT NULL,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (decision_id, recorded_from))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS decisions_by_date ON decisions (decided_on, decision_id)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS decisions_by_organ ON decisions (organ_id, decided_on)"
        )
        for column in ("case_number", "decision_type", "outcome"):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS decisions_by_{column}"
                f" ON decisions ({column}, decided_on)"
            )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Other events change nothing here."""

    @apply.register
    def _recorded(self, event: Decision.Recorded, cursor: Cursor, position: int) -> None:
        cursor.execute(
            f"INSERT INTO decisions ({', '.join(COLUMNS)}, recorded_from, recorded_to)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(event.originator_id),
                str(event.organ_id) if event.organ_id else None,
                event.decided_on.isoformat(),
                event.paragraph,
                event.case_number,
                event.title,
                event.summary,
                event.decision_type.value,
                event.outcome.value,
                position,
                OPEN,
            ),
        )
