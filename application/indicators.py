"""Indicator use cases: define an indicator on a plan item; per period, set its target,
report its outcome, make a forecast and assess it; record a period's targets and outcomes
from a spreadsheet, all or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.authority import check_may_report, check_may_set_targets, may_correct
from application.errors import ApplicationError, NotAllowed
from application.plans import Written
from domain.decisions import Decision
from domain.errors import DomainError
from domain.indicators import (
    Accumulation,
    Direction,
    Indicator,
    Series,
    check_subject_organ,
)
from domain.organs import Organ
from domain.period_facts import Assessment
from domain.periods import Period, Periodicity
from domain.plan_items import PlanItem
from domain.plans import Plan
from domain.provenance import Provenance


@dataclass(frozen=True)
class NewIndicator:
    plan_item_id: UUID
    name: str
    unit: str
    direction: Direction
    periodicity: Periodicity
    accumulation: Accumulation = Accumulation.PERIOD
    subject_organ_id: UUID | None = None
    indicator_id: UUID | None = None


@dataclass(frozen=True)
class PeriodValueRow:
    """One row of a period's values sent as a spreadsheet, already typed."""

    row: int
    indicator_id: UUID
    series: Series
    """TARGET or OUTCOME."""
    value: Decimal
    comment: str | None
    decision_id: UUID | None
    reason: str | None


@dataclass(frozen=True)
class RowRefused:
    row: int
    field: str | None
    detail: str


@dataclass(frozen=True)
class ValuesReport:
    rows: int
    written: int
    unchanged: int
    rejected: list[RowRefused]
    """Sorted by row; when any is, nothing was written."""
    position: int | None
    """Where the save ended; None when nothing was written."""


class IndicatorUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def define(self, new: NewIndicator, by: Provenance) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            item = loaded.get(PlanItem, new.plan_item_id, what="plan item", field="plan_item_id")
            plan = loaded.get(Plan, item.record.plan_id, what="plan")
            plan.check_open()
            if new.subject_organ_id is not None:
                subject = loaded.get(
                    Organ, new.subject_organ_id, what="organ", field="subject_organ_id"
                )
                check_subject_organ(subject, plan)
            indicator = loaded.add(
                Indicator.define(
                    indicator_id=new.indicator_id or uuid4(),
                    plan_id=plan.id,
                    plan_item_id=item.id,
                    subject_organ_id=new.subject_organ_id,
                    name=new.name,
                    unit=new.unit,
                    direction=new.direction,
                    periodicity=new.periodicity,
                    accumulation=new.accumulation,
                    by=by,
                )
            )
            return Written(indicator.id, indicator.version, loaded.save())

        return self.app.write(command)

    def set_target(
        self,
        indicator_id: UUID,
        period: Period,
        value: Decimal,
        comment: str | None,
        decision_id: UUID | None,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """A PUT of the period's target, citing the decision that sets it."""
        row = PeriodValueRow(0, indicator_id, Series.TARGET, value, comment, decision_id, None)
        return self._fact(
            indicator_id,
            lambda loaded, i, plan: self._row(loaded, plan, i, row, by, period),
            expected,
        )

    def report_outcome(
        self, indicator_id: UUID, period: Period, value: Decimal, comment: str | None,
        by: Provenance, expected: int | None = None,
    ) -> Written:  # fmt: skip
        """A PUT of the period's outcome."""
        row = PeriodValueRow(0, indicator_id, Series.OUTCOME, value, comment, None, None)
        return self._fact(
            indicator_id,
            lambda loaded, i, plan: self._row(loaded, plan, i, row, by, period),
            expected,
        )

    def make_forecast(
        self,
        indicator_id: UUID,
        period: Period,
        reported_in: Period,
        value: Decimal,
        comment: str | None,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """A PUT of a forecast for the period, made in `reported_in`."""

        def write(loaded: Loaded, indicator: Indicator, plan: Plan) -> bool:
            check_reporter(loaded, indicator, plan, period)
            return indicator.make_forecast(
                period, reported_in, value, comment, plan, by, may_correct=may_correct()
            )

        return self._fact(indicator_id, write, expected)

    def assess(
        self,
        indicator_id: UUID,
        period: Period,
        new: Assessment,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """A PUT of the period's assessment."""

        def write(loaded: Loaded, indicator: Indicator, plan: Plan) -> bool:
            check_reporter(loaded, indicator, plan, period)
            return indicator.assess(period, new, plan, by, may_correct=may_correct())

        return self._fact(indicator_id, write, expected)

    def _fact(
        self,
        indicator_id: UUID,
        write: Callable[[Loaded, Indicator, Plan], bool],
        expected: int | None,
    ) -> Written:
        """One period-keyed fact of the indicator; `expected` is the indicator's version
        that If-Match names."""

        def command() -> Written:
            loaded = Loaded(self.app)
            indicator = loaded.get(Indicator, indicator_id, what="indicator", expected=expected)
            plan = loaded.get(Plan, indicator.plan_id, what="plan")
            written = write(loaded, indicator, plan)
            position = loaded.save_if(written)
            return Written(indicator.id, indicator.version, position, written)

        return self.app.write(command)

    def record_period(
        self,
        plan_id: UUID,
        period: Period,
        rows: list[PeriodValueRow],
        refused: list[RowRefused],
        by: Provenance,
        expected: int | None = None,
    ) -> ValuesReport:
        """Targets and outcomes for one period, checked row by row and saved together,
        or (any row refused, here or while reading the file) not at all. `expected` is
        the plan's version that If-Match names (the path names the plan)."""

        def command() -> ValuesReport:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            rejected = list(refused)
            written = unchanged = 0
            for row in rows:
                try:
                    indicator = loaded.get(
                        Indicator, row.indicator_id, what="indicator", field="indicator_id"
                    )
                    provenance = Provenance(by.actor, by.correlation_id, row.reason or by.reason)
                    wrote = self._row(loaded, plan, indicator, row, provenance, period)
                except NotAllowed as error:  # 403 for the whole request: it names the row
                    error.field = f"rows.{row.row}"
                    raise
                except (DomainError, ApplicationError) as error:
                    rejected.append(RowRefused(row.row, error.field, error.detail))
                    continue
                if wrote:
                    written += 1
                else:
                    unchanged += 1
            rejected.sort(key=lambda r: r.row)
            position = loaded.save() if not rejected and written else None
            return ValuesReport(len(rows) + len(refused), written, unchanged, rejected, position)

        return self.app.write(command)

    def _row(
        self,
        loaded: Loaded,
        plan: Plan,
        indicator: Indicator,
        row: PeriodValueRow,
        by: Provenance,
        period: Period,
    ) -> bool:
        """A target or an outcome into `loaded`, under the plan's rules for its period."""
        if row.decision_id is not None:
            loaded.get(Decision, row.decision_id, what="decision", field="decision_id")
        if row.series is Series.TARGET:
            check_may_set_targets()
            return indicator.set_target(
                period, row.value, row.comment, row.decision_id, plan, by,
                may_correct=may_correct(),
            )  # fmt: skip
        check_reporter(loaded, indicator, plan, period)
        return indicator.report_outcome(
            period, row.value, row.comment, plan, by, may_correct=may_correct(),
            decision_id=row.decision_id,
        )  # fmt: skip


def check_reporter(loaded: Loaded, indicator: Indicator, plan: Plan, period: Period) -> None:
    """The request's principal may report for the indicator's organ (its subject, else the
    plan's owner) on the period's last day."""
    check_may_report(
        [indicator.subject_organ_id or plan.owner_organ_id],
        period.last_day(),
        lambda organ_id: _organ(loaded, organ_id),
        "the indicator",
    )


def _organ(loaded: Loaded, organ_id: UUID) -> Organ | None:
    return loaded.get(Organ, organ_id, what="organ") if loaded.has(organ_id) else None
