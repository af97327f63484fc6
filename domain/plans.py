"""Plan (genomförandeplan, verksamhetsplan, internkontrollplan …).

A plan has a validity span and revisions of its own fields; it is closed by a decision.
Its follow-up is submitted (klarmarkerad) and locked per period; a deadline is set per
period. Its items are `domain.plan_items`, its indicators `domain.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.period_facts import Coverage
from domain.periods import Period
from domain.provenance import Provenance
from domain.timelines import Timeline


class PlanKind(Enum):
    IMPLEMENTATION_PLAN = "implementation_plan"
    OPERATIONAL_PLAN = "operational_plan"
    INTERNAL_CONTROL_PLAN = "internal_control_plan"
    REGIONAL_PLAN_AND_BUDGET = "regional_plan_and_budget"
    BUDGET = "budget"
    STRATEGY = "strategy"
    ACTION_PLAN = "action_plan"


class Mark(Enum):
    """What has happened to a plan's period: its follow-up submitted, the period locked."""

    SUBMITTED = "submitted"
    LOCKED = "locked"


class PlanClosed(RuleConflict):
    """The plan is closed: its structure and targets no longer change."""


class OutsidePlan(RuleConflict):
    """The date falls outside the plan's validity, or the item's life."""


class PeriodAlreadyMarked(RuleConflict):
    """The period was submitted (or locked) already."""


class PlanUnchanged(RuleConflict):
    """The revision would leave the plan as it already reads on that date."""


class NotSubmitted(RuleConflict):
    """The period's follow-up has not been submitted: there is no report to compare with."""


@dataclass(frozen=True)
class PlanState:
    """The plan's own fields from a date on, and the decision that adopted or revised them
    so: a revision citing a new decision re-adopts the plan even when nothing else changes."""

    name: str
    valid_from: date
    valid_to: date | None
    decision_id: UUID


class Plan(Aggregate, created_event_name="Adopted"):
    TOPIC = "styrlogg:Plan"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

    class Change(Event):
        """A change to the plan itself, from a date, on a decision's authority."""

        TOPIC = "styrlogg:Plan.Change"  # abstract: never triggered itself
        effective_on: date
        decision_id: UUID

    class Adopted(Change, Aggregate.Created):
        TOPIC = "styrlogg:Plan.Adopted"
        name: str
        kind: PlanKind
        owner_organ_id: UUID
        valid_from: date
        valid_to: date | None

        def apply(self, aggregate: Plan) -> None:
            aggregate.kind = self.kind
            aggregate.owner_organ_id = self.owner_organ_id
            aggregate.adopted_on = self.effective_on
            aggregate.states = Timeline(
                [
                    (
                        self.effective_on,
                        PlanState(self.name, self.valid_from, self.valid_to, self.decision_id),
                    )
                ]
            )
            aggregate.closed_on = None
            aggregate.submitted = set()
            aggregate.locked = set()
            aggregate.deadlines = {}

    Created = Adopted

    class FollowUpSubmitted(Event):
        """The plan's follow-up for a period submitted (klarmarkerad): a value for a period
        inside it first reported later is late."""

        TOPIC = "styrlogg:Plan.FollowUpSubmitted"
        period: Period

        def apply(self, aggregate: Plan) -> None:
            aggregate.submitted.add(self.period)

    class PeriodLocked(Event):
        """The period locked: only a corrector may change its values, by a correction."""

        TOPIC = "styrlogg:Plan.PeriodLocked"
        period: Period

        def apply(self, aggregate: Plan) -> None:
            aggregate.locked.add(self.period)

    class DeadlineSet(Event):
        """The day by which a period's follow-up is due (set again: a new deadline)."""

        TOPIC = "styrlogg:Plan.DeadlineSet"
        class_version = 2
        period: Period
        due_on: date

        def apply(self, aggregate: Plan) -> None:
            aggregate.deadlines[self.period] = self.due_on

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 held the period as its text."""
            state["period"] = Period.parse(state["period"])

    class Revised(Change):
        """A revision of the plan's own fields (name, span) from `effective_on`, or its
        re-adoption by a new decision with the same fields."""

        TOPIC = "styrlogg:Plan.Revised"
        name: str
        valid_from: date
        valid_to: date | None

        def apply(self, aggregate: Plan) -> None:
            state = PlanState(self.name, self.valid_from, self.valid_to, self.decision_id)
            aggregate.states.set(self.effective_on, state)

    class Closed(Change):
        TOPIC = "styrlogg:Plan.Closed"

        def apply(self, aggregate: Plan) -> None:
            aggregate.closed_on = self.effective_on

    if TYPE_CHECKING:  # set by Adopted.apply; class annotations would become fields
        kind: PlanKind
        owner_organ_id: UUID
        adopted_on: date
        states: Timeline[PlanState]
        closed_on: date | None
        submitted: set[Period]
        locked: set[Period]
        deadlines: dict[Period, date]

    @classmethod
    def adopt(
        cls,
        *,
        plan_id: UUID,
        name: str,
        kind: PlanKind,
        owner_organ_id: UUID,
        valid_from: date,
        valid_to: date | None,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> Plan:
        check_span(name, valid_from, valid_to)
        plan: Plan = cls._create(
            cls.Adopted,
            id=plan_id,
            name=name.strip(),
            kind=kind,
            owner_organ_id=owner_organ_id,
            valid_from=valid_from,
            valid_to=valid_to,
            effective_on=effective_on,
            decision_id=decision_id,
            **_provenance(by),
        )
        return plan

    def revise(
        self,
        name: str,
        valid_from: date,
        valid_to: date | None,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        self.check_open()
        check_span(name, valid_from, valid_to)
        if effective_on < self.adopted_on:
            raise OutsidePlan(f"the plan was adopted from {self.adopted_on}", field="effective_on")
        state = PlanState(name.strip(), valid_from, valid_to, decision_id)
        if self.states.at(effective_on) == state:
            raise PlanUnchanged(f"the plan already reads so on {effective_on}, by that decision")
        self.trigger_event(
            self.Revised,
            name=state.name,
            valid_from=valid_from,
            valid_to=valid_to,
            effective_on=effective_on,
            decision_id=decision_id,
            **_provenance(by),
        )

    def close(self, effective_on: date, decision_id: UUID, by: Provenance) -> None:
        self.check_open()
        if effective_on < self.adopted_on:
            raise OutsidePlan(f"the plan was adopted from {self.adopted_on}", field="effective_on")
        self.trigger_event(
            self.Closed, effective_on=effective_on, decision_id=decision_id, **_provenance(by)
        )

    def submit(self, period: Period, by: Provenance) -> None:
        """Submits (klarmarkerar) the plan's follow-up for a period."""
        self._check_in_span(period)
        if period in self.submitted:
            raise PeriodAlreadyMarked(f"the follow-up for {period} is submitted already")
        self.trigger_event(self.FollowUpSubmitted, period=period, **_provenance(by))

    def lock(self, period: Period, by: Provenance) -> None:
        """Locks the period: later values for it only from a corrector, as corrections."""
        self._check_in_span(period)
        if period in self.locked:
            raise PeriodAlreadyMarked(f"{period} is locked already")
        self.trigger_event(self.PeriodLocked, period=period, **_provenance(by))

    def span(self) -> PlanState:
        """The plan as it now reads: its latest revision in valid time."""
        return self.states.at(self.states.dates()[-1])

    def _check_in_span(self, period: Period) -> None:
        span = self.span()
        ends_after = span.valid_to is None or period.first_day() < span.valid_to
        if not (period.last_day() >= span.valid_from and ends_after):
            raise OutsidePlan(
                f"{period} lies outside the plan's span {span.valid_from} –"
                f" {span.valid_to or 'further notice'}",
                field="period",
            )

    def set_deadline(self, period: Period, due_on: date, by: Provenance) -> bool:
        """Sets the period's deadline; False when it is that day already."""
        if due_on < period.first_day():
            raise InvalidCommand(
                f"a deadline comes after the period starts ({period.first_day()})",
                field="due_on",
            )
        if self.deadlines.get(period) == due_on:
            return False
        self.trigger_event(self.DeadlineSet, period=period, due_on=due_on, **_provenance(by))
        return True

    def coverage(self, period: Period) -> Coverage:
        """Whether the plan's follow-up covering `period` is submitted, and locked."""
        return Coverage.of(period, self.submitted, self.locked)

    def check_open(self) -> None:
        """A closed plan takes no new targets, items or item changes."""
        if self.closed_on is not None:
            raise PlanClosed(f"the plan was closed from {self.closed_on}")


def check_span(name: str, valid_from: date, valid_to: date | None) -> None:
    if not name.strip():
        raise InvalidCommand("a name must not be blank", field="name")
    if valid_to is not None and valid_to <= valid_from:
        raise InvalidCommand("valid_to must come after valid_from", field="valid_to")


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
