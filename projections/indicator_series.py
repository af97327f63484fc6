"""IndicatorSeries: indicators and their values per period (targets, outcomes, forecasts,
assessments), as known at any time; period-keyed facts have no valid date."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import singledispatchmethod
from uuid import UUID

from domain.indicators import Indicator
from domain.periods import Period
from projections.bitemporal import day
from projections.period_rows import supersede
from projections.projection import OPEN, Projection, Recorded
from projections.sorting import bytewise, sort_key
from projections.sql import Cursor


class IndicatorSeries(Projection):
    name = "indicator_series"
    version = 2
    """2: indicators keep their name's sort key, and are indexed by subject organ (the list)."""

    def tables(self) -> Sequence[str]:
        return ["indicators", "indicator_values"]

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS indicators (indicator_id TEXT PRIMARY KEY,"
            " plan_id TEXT NOT NULL, plan_item_id TEXT NOT NULL, subject_organ_id TEXT,"
            " name TEXT NOT NULL, unit TEXT NOT NULL, direction TEXT NOT NULL,"
            " periodicity TEXT NOT NULL, accumulation TEXT NOT NULL,"
            f" recorded_from BIGINT NOT NULL, sort_key {bytewise(self.dialect)})"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicators_subject"
            " ON indicators (subject_organ_id, sort_key, indicator_id)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS indicators_item ON indicators (plan_item_id)")
        cursor.execute("CREATE INDEX IF NOT EXISTS indicators_plan ON indicators (plan_id)")
        # One row per recorded value; a correction ends the row it supersedes.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS indicator_values (indicator_id TEXT NOT NULL,"
            " series TEXT NOT NULL, period TEXT NOT NULL, period_start BIGINT NOT NULL,"
            " value TEXT, status TEXT, basis TEXT, comment TEXT, corrected BIGINT NOT NULL,"
            " late BIGINT NOT NULL,"
            " decision_id TEXT, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " reported_in TEXT NOT NULL,"
            " PRIMARY KEY (indicator_id, series, period, reported_in, recorded_from))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicator_values_current"
            " ON indicator_values (indicator_id, recorded_to, period_start)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicator_values_period"
            " ON indicator_values (indicator_id, period_start)"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Events of other aggregates change nothing here."""

    @apply.register
    def _defined(self, event: Indicator.Defined, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "INSERT INTO indicators (indicator_id, plan_id, plan_item_id, subject_organ_id,"
            " name, unit, direction, periodicity, accumulation, recorded_from, sort_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(event.originator_id),
                str(event.plan_id),
                str(event.plan_item_id),
                str(event.subject_organ_id) if event.subject_organ_id else None,
                event.name,
                event.unit,
                event.direction.value,
                event.periodicity.value,
                event.accumulation.value,
                position,
                sort_key(event.name),
            ),
        )

    @apply.register
    def _target(self, event: Indicator.TargetSet, cursor: Cursor, position: int) -> None:
        """A target set, or (TargetRevised) revised."""
        _value(cursor, event, position, value=event.value, comment=event.comment,
               decision_id=event.decision_id)  # fmt: skip

    @apply.register
    def _outcome(self, event: Indicator.OutcomeReported, cursor: Cursor, position: int) -> None:
        """An outcome reported, or (OutcomeCorrected) corrected."""
        _value(cursor, event, position, value=event.value, comment=event.comment,
               decision_id=event.decision_id)  # fmt: skip

    @apply.register
    def _forecast(self, event: Indicator.ForecastMade, cursor: Cursor, position: int) -> None:
        """A forecast made, or (ForecastCorrected) corrected."""
        _value(cursor, event, position, value=event.value, comment=event.comment,
               reported_in=event.reported_in)  # fmt: skip

    @apply.register
    def _assessed(self, event: Indicator.AssessmentMade, cursor: Cursor, position: int) -> None:
        """An assessment made, or (AssessmentCorrected) corrected."""
        _value(cursor, event, position, status=event.status.value,
               basis=event.basis.value if event.basis else None,
               comment=event.comment)  # fmt: skip


def _value(
    cursor: Cursor,
    event: Indicator.Fact,
    position: int,
    *,
    value: Decimal | None = None,
    status: str | None = None,
    basis: str | None = None,
    comment: str | None = None,
    decision_id: UUID | None = None,
    reported_in: Period | None = None,
) -> None:
    """A value of the indicator's for a period, superseding the one it corrects."""
    indicator_id = str(event.originator_id)
    period = str(event.period)
    made_in = "" if reported_in is None else str(reported_in)
    row = {
        "indicator_id": indicator_id,
        "series": event.SERIES.value,
        "period": period,
        "period_start": day(event.period.first_day()),
        "value": None if value is None else str(value),
        "status": status,
        "basis": basis,
        "comment": comment,
        "corrected": int(event.CORRECTS),
        "late": int(event.late),
        "decision_id": None if decision_id is None else str(decision_id),
        "actor": event.actor,
        "reason": event.reason,
        "recorded_from": position,
        "recorded_to": OPEN,
        "reported_in": made_in,
    }
    key = {
        "indicator_id": indicator_id,
        "series": event.SERIES.value,
        "period": period,
        "reported_in": made_in,
    }
    supersede(cursor, "indicator_values", key, row, position)
