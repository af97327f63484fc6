"""Indicator (indikator, mätetal): a measure on a plan item with values per period.

Targets, outcomes, forecasts and assessments are keyed by their period, not by a valid
date, under the rules of `domain.period_facts`: the first value for a period is a
report; a different later value is a correction, which needs a reason; the same value
again writes nothing. Nothing is overwritten: history keeps both, with who, when and why.
Each fact has its own events: `TargetSet`/`TargetRevised`, `OutcomeReported`/
`OutcomeCorrected`, `ForecastMade`/`ForecastCorrected` (keyed by the period forecast and
the period it was made in: a new forecast is never a correction) and `AssessmentMade`/
`AssessmentCorrected`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand
from domain.figures import check_figure
from domain.organs import Organ
from domain.period_facts import Assessment, AssessmentBasis, AssessmentStatus, Write, decide
from domain.periods import Period, Periodicity
from domain.plans import Plan
from domain.provenance import Provenance


class Direction(Enum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Accumulation(Enum):
    PERIOD = "period"
    YEAR_TO_DATE = "year_to_date"
    POINT_IN_TIME = "point_in_time"


class Series(Enum):
    """Which of an indicator's facts for a period (the events' `SERIES`)."""

    TARGET = "target"
    OUTCOME = "outcome"
    ASSESSMENT = "assessment"
    FORECAST = "forecast"


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
            aggregate.subject_organ_id = self.subject_organ_id
            aggregate.periodicity = self.periodicity
            aggregate.facts = {}

    Created = Defined

    class Fact(Event):
        """A value for a period (abstract): its key is the series, the period and, for a
        forecast, the period it was made in."""

        TOPIC = "styrlogg:Indicator.Fact"  # abstract: never triggered itself
        SERIES: ClassVar[Series]
        CORRECTS: ClassVar[bool] = False
        CONTENT: ClassVar[tuple[str, ...]]
        """The fields a new value must differ in to be written."""
        period: Period
        comment: str | None
        late: bool
        """First reported after the plan's follow-up covering the period was submitted."""

        def apply(self, aggregate: Indicator) -> None:
            aggregate.facts[self.key()] = self.content()

        def key(self) -> FactKey:
            return (self.SERIES, self.period, None)

        def content(self) -> tuple[Any, ...]:
            return tuple(getattr(self, name) for name in self.CONTENT)

    class Figure(Fact):
        """A number for a period (abstract), with a comment."""

        TOPIC = "styrlogg:Indicator.Figure"  # abstract: never triggered itself
        CONTENT = ("value", "comment")
        value: Decimal

    class TargetSet(Figure):
        """The period's target (målvärde), on the decision that sets it."""

        TOPIC = "styrlogg:Indicator.TargetSet"
        SERIES = Series.TARGET
        decision_id: UUID

    class TargetRevised(TargetSet):
        TOPIC = "styrlogg:Indicator.TargetRevised"
        CORRECTS = True

    class OutcomeReported(Figure):
        """The period's outcome (utfall)."""

        TOPIC = "styrlogg:Indicator.OutcomeReported"
        SERIES = Series.OUTCOME
        decision_id: UUID | None

    class OutcomeCorrected(OutcomeReported):
        TOPIC = "styrlogg:Indicator.OutcomeCorrected"
        CORRECTS = True

    class ForecastMade(Figure):
        """A forecast (prognos) for the period, made in `reported_in`."""

        TOPIC = "styrlogg:Indicator.ForecastMade"
        SERIES = Series.FORECAST
        reported_in: Period

        def key(self) -> FactKey:
            return (self.SERIES, self.period, self.reported_in)

    class ForecastCorrected(ForecastMade):
        """The forecast made in `reported_in`, corrected (a new one is `ForecastMade`)."""

        TOPIC = "styrlogg:Indicator.ForecastCorrected"
        CORRECTS = True

    class AssessmentMade(Fact):
        """Will the period's target be, or is it, met."""

        TOPIC = "styrlogg:Indicator.AssessmentMade"
        SERIES = Series.ASSESSMENT
        CONTENT = ("status", "basis", "comment")
        status: AssessmentStatus
        basis: AssessmentBasis | None

    class AssessmentCorrected(AssessmentMade):
        TOPIC = "styrlogg:Indicator.AssessmentCorrected"
        CORRECTS = True

    if TYPE_CHECKING:  # set by Defined.apply
        plan_id: UUID
        subject_organ_id: UUID | None
        plan_item_id: UUID
        periodicity: Periodicity
        facts: dict[FactKey, tuple[Any, ...]]

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

    def set_target(
        self,
        period: Period,
        value: Decimal,
        comment: str | None,
        decision_id: UUID | None,
        plan: Plan,
        by: Provenance,
        *,
        may_correct: bool,
    ) -> bool:
        """Sets or revises the period's target; False when it says what is recorded. A
        target cites the decision that sets it; a closed plan takes no targets."""
        plan.check_open()
        if decision_id is None:
            raise InvalidCommand("a target cites the decision that sets it", field="decision_id")
        fields = {"value": value, "comment": comment, "decision_id": decision_id}
        return self._write(
            "target", (self.TargetSet, self.TargetRevised), period, None, fields, plan, by,
            may_correct,
        )  # fmt: skip

    def report_outcome(
        self,
        period: Period,
        value: Decimal,
        comment: str | None,
        plan: Plan,
        by: Provenance,
        *,
        may_correct: bool,
        decision_id: UUID | None = None,
    ) -> bool:
        """Reports or corrects the period's outcome; False when it says what is recorded."""
        fields = {"value": value, "comment": comment, "decision_id": decision_id}
        return self._write(
            "outcome", (self.OutcomeReported, self.OutcomeCorrected), period, None, fields,
            plan, by, may_correct,
        )  # fmt: skip

    def make_forecast(
        self,
        period: Period,
        reported_in: Period,
        value: Decimal,
        comment: str | None,
        plan: Plan,
        by: Provenance,
        *,
        may_correct: bool,
    ) -> bool:
        """A forecast for `period` made in `reported_in`; the same forecast with another
        value is a correction. False when it says what is recorded."""
        fields = {"value": value, "comment": comment, "reported_in": reported_in}
        return self._write(
            "forecast", (self.ForecastMade, self.ForecastCorrected), period, reported_in,
            fields, plan, by, may_correct,
        )  # fmt: skip

    def assess(
        self,
        period: Period,
        new: Assessment,
        plan: Plan,
        by: Provenance,
        *,
        may_correct: bool,
    ) -> bool:
        """Assesses the period (or corrects its assessment); False when unchanged."""
        fields = {"status": new.status, "basis": new.basis, "comment": new.comment}
        return self._write(
            "assessment", (self.AssessmentMade, self.AssessmentCorrected), period, None,
            fields, plan, by, may_correct,
        )  # fmt: skip

    def _write(
        self,
        what: str,
        events: tuple[type[Indicator.Fact], type[Indicator.Fact]],
        period: Period,
        reported_in: Period | None,
        fields: dict[str, Any],
        plan: Plan,
        by: Provenance,
        may_correct: bool,
    ) -> bool:
        """A fact under the rules of its period (domain.period_facts): `events` are its
        report and its correction."""
        if plan.id != self.plan_id:
            raise InvalidCommand("the indicator belongs to another plan", field="indicator_id")
        if period.periodicity is not self.periodicity:
            raise InvalidCommand(
                f"this indicator is followed up per {self.periodicity.value}:"
                f" {period} is not such a period",
                field="period",
            )
        if "value" in fields:
            check_figure(fields["value"])
        report, correction = events
        current = self.facts.get((report.SERIES, period, reported_in))
        content = tuple(fields[name] for name in report.CONTENT)
        write: Write | None = decide(
            what, period, recorded=current is not None, same=current == content,
            coverage=plan.coverage(period), may_correct=may_correct, by=by,
        )  # fmt: skip
        if write is None:
            return False
        event = correction if write.corrected else report
        self.trigger_event(event, period=period, late=write.late, **fields, **_provenance(by))
        return True


def check_subject_organ(subject: Organ, plan: Plan) -> None:
    """An indicator has no date of its own: it is followed up per period of its plan, for
    the organ whose result it is (`subject_organ_id`, by which follow-up officers are scoped
    on each period's last day). So its subject must exist on some day of the plan's span, as
    the plan now reads; an organ established or dissolved within the span is accepted."""
    span = plan.span()
    subject.check_exists_during(
        span.valid_from,
        span.valid_to,
        field="subject_organ_id",
        role="subject organ",
        span="the plan's span",
        rule="an indicator's subject organ must exist on some day of its plan's span",
    )


FactKey = tuple[Series, Period, Period | None]
"""An indicator's fact: its series, its period and (forecasts) the period it was made in."""


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
