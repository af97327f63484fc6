"""Indicator (indikator, mätetal): a measure on a plan item with values per period.

Targets, outcomes and assessments are keyed by their period, not by a valid date. The
first value for a period is a report; a different later value is a correction, which
needs a reason; the same value again writes nothing. Nothing is overwritten: history
keeps both, with who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand
from domain.figures import check_figure
from domain.period_facts import decide
from domain.periods import Period, Periodicity
from domain.provenance import Provenance


class Direction(Enum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Accumulation(Enum):
    PERIOD = "period"
    YEAR_TO_DATE = "year_to_date"
    POINT_IN_TIME = "point_in_time"


class AssessmentStatus(Enum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"


class AssessmentBasis(Enum):
    FORECAST = "forecast"
    OUTCOME = "outcome"
    COMMENT = "comment"


class Series(Enum):
    TARGET = "target"
    OUTCOME = "outcome"
    ASSESSMENT = "assessment"
    FORECAST = "forecast"
    """Keyed by (period, reported_in): a new forecast is never a correction of an older one."""


@dataclass(frozen=True)
class PeriodValue:
    """One series' value for one period, as it now stands."""

    period: str
    value: Decimal | None
    status: AssessmentStatus | None
    basis: AssessmentBasis | None
    comment: str | None
    corrected: bool

    def same_as(self, other: PeriodValue) -> bool:
        return (self.value, self.status, self.basis, self.comment) == (
            other.value,
            other.status,
            other.basis,
            other.comment,
        )


class Indicator(Aggregate, created_event_name="Defined"):
    TOPIC = "styrlogg:Indicator"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

    class Defined(Event, Aggregate.Created):
        TOPIC = "styrlogg:Indicator.Defined"
        plan_id: UUID
        plan_item_id: UUID
        subject_organ_id: UUID | None
        name: str
        unit: str
        direction: Direction
        periodicity: Periodicity
        accumulation: Accumulation

        def apply(self, aggregate: Indicator) -> None:
            aggregate.plan_id = self.plan_id
            aggregate.plan_item_id = self.plan_item_id
            aggregate.periodicity = self.periodicity
            aggregate.values = {series: {} for series in Series}

    Created = Defined

    class ValueRecorded(Event):
        """A period's value in one series: a report, or (`corrected`) a correction."""

        TOPIC = "styrlogg:Indicator.ValueRecorded"
        series: Series
        period: str
        value: Decimal | None
        status: AssessmentStatus | None
        basis: AssessmentBasis | None
        comment: str | None
        decision_id: UUID | None
        corrected: bool
        late: bool
        """First reported after the period's follow-up was submitted."""
        reported_in: str | None
        """Forecasts only: the period in which the forecast was made."""

        def apply(self, aggregate: Indicator) -> None:
            key = self.period if self.reported_in is None else f"{self.period}@{self.reported_in}"
            aggregate.values[self.series][key] = self.period_value()

        def period_value(self) -> PeriodValue:
            return PeriodValue(
                self.period, self.value, self.status, self.basis, self.comment, self.corrected
            )

    if TYPE_CHECKING:  # set by Defined.apply
        plan_id: UUID
        plan_item_id: UUID
        periodicity: Periodicity
        values: dict[Series, dict[str, PeriodValue]]

    @classmethod
    def define(
        cls,
        *,
        indicator_id: UUID,
        plan_id: UUID,
        plan_item_id: UUID,
        subject_organ_id: UUID | None,
        name: str,
        unit: str,
        direction: Direction,
        periodicity: Periodicity,
        accumulation: Accumulation,
        by: Provenance,
    ) -> Indicator:
        if not name.strip():
            raise InvalidCommand("a name must not be blank", field="name")
        if not unit.strip():
            raise InvalidCommand("a unit must not be blank (e.g. 'antal', '%', 'MSEK')",
                                 field="unit")  # fmt: skip
        indicator: Indicator = cls._create(
            cls.Defined,
            id=indicator_id,
            plan_id=plan_id,
            plan_item_id=plan_item_id,
            subject_organ_id=subject_organ_id,
            name=name.strip(),
            unit=unit.strip(),
            direction=direction,
            periodicity=periodicity,
            accumulation=accumulation,
            **_provenance(by),
        )
        return indicator

    def record(
        self,
        series: Series,
        period: Period,
        new: PeriodValue,
        decision_id: UUID | None,
        by: Provenance,
        *,
        submitted: bool = False,
        locked: bool = False,
        may_correct: bool = False,
        reported_in: Period | None = None,
    ) -> bool:
        """Reports or corrects the period's value; False when it says what is recorded.

        `submitted`/`locked`: whether the plan's follow-up covering the period has been
        submitted, or the period locked; after a lock only a corrector may write, and
        every write is then a correction."""
        if period.periodicity is not self.periodicity:
            raise InvalidCommand(
                f"this indicator is followed up per {self.periodicity.value}:"
                f" {period} is not such a period",
                field="period",
            )
        if series is Series.TARGET and decision_id is None:
            raise InvalidCommand("a target cites the decision that sets it", field="decision_id")
        if series is Series.ASSESSMENT and new.status is None:
            raise InvalidCommand("an assessment needs a status", field="status")
        if series is not Series.ASSESSMENT and new.value is None:
            raise InvalidCommand("a value is required", field="value")
        if new.value is not None:
            check_figure(new.value)
        if (series is Series.FORECAST) != (reported_in is not None):
            raise InvalidCommand(
                "a forecast, and only a forecast, names the period it was made in",
                field="reported_in",
            )
        key = str(period) if reported_in is None else f"{period}@{reported_in}"
        current = self.values[series].get(key)
        write = decide(
            series.value,
            period,
            recorded=current is not None,
            same=current is not None and current.same_as(new),
            submitted=submitted,
            locked=locked,
            may_correct=may_correct,
            by=by,
        )
        if write is None:
            return False
        self.trigger_event(
            self.ValueRecorded,
            series=series,
            period=str(period),
            value=new.value,
            status=new.status,
            basis=new.basis,
            comment=new.comment,
            decision_id=decision_id,
            corrected=write.corrected,
            late=write.late,
            reported_in=None if reported_in is None else str(reported_in),
            **_provenance(by),
        )
        return True


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
