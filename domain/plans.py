"""Plan (genomförandeplan, verksamhetsplan, internkontrollplan …) and its items.

A plan has a validity span and revisions of its own fields; it is closed by a decision.
Its items (focus areas, goals, activities, milestones …) form a tree over valid time:
each is added, revised (title, parent, target year, owners) and removed from a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.indicators import AssessmentBasis, AssessmentStatus
from domain.period_facts import decide
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


class ItemKind(Enum):
    FOCUS_AREA = "focus_area"
    SUB_AREA = "sub_area"
    GOAL = "goal"
    RESULT_GOAL = "result_goal"
    EFFECT_GOAL = "effect_goal"
    ACTIVITY = "activity"
    MILESTONE = "milestone"
    RISK = "risk"
    CONTROL_ACTIVITY = "control_activity"


class OwnerRole(Enum):
    STRATEGIC_OWNER = "strategic_owner"
    RESPONSIBLE = "responsible"
    DEPUTY_RESPONSIBLE = "deputy_responsible"
    LEAD_ORGAN = "lead_organ"


class PlanClosed(RuleConflict):
    """The plan is closed: its structure and targets no longer change."""


class OutsidePlan(RuleConflict):
    """The date falls outside the plan's validity, or the item's life."""


class PeriodAlreadyMarked(RuleConflict):
    """The period was submitted (or locked) already."""


class ItemHasChildren(RuleConflict):
    """An item cannot be removed while items sit under it."""


@dataclass(frozen=True)
class PlanState:
    name: str
    valid_from: date
    valid_to: date | None


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
                [(self.effective_on, PlanState(self.name, self.valid_from, self.valid_to))]
            )
            aggregate.closed_on = None
            aggregate.submitted = set()
            aggregate.locked = set()
            aggregate.deadlines = {}

    Created = Adopted

    class PeriodMarked(Event):
        """A period's follow-up submitted (klarmarkerad) or the period locked."""

        TOPIC = "styrlogg:Plan.PeriodMarked"
        period: str
        mark: str

        def apply(self, aggregate: Plan) -> None:
            marked = aggregate.submitted if self.mark == "submitted" else aggregate.locked
            marked.add(self.period)

    class DeadlineSet(Event):
        """The day by which a period's follow-up is due (set again: a new deadline)."""

        TOPIC = "styrlogg:Plan.DeadlineSet"
        period: str
        due_on: date

        def apply(self, aggregate: Plan) -> None:
            aggregate.deadlines[self.period] = self.due_on

    class Revised(Change):
        """A revision of the plan's own fields (name, span) from `effective_on`."""

        TOPIC = "styrlogg:Plan.Revised"
        name: str
        valid_from: date
        valid_to: date | None

        def apply(self, aggregate: Plan) -> None:
            state = PlanState(self.name, self.valid_from, self.valid_to)
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
        submitted: set[str]
        locked: set[str]
        deadlines: dict[str, date]

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
        state = PlanState(name.strip(), valid_from, valid_to)
        if self.states.at(effective_on) == state:
            raise RuleConflict(f"the plan already reads so on {effective_on}")
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

    def mark(self, period: Period, mark: str, by: Provenance) -> None:
        """Submits (`submitted`) or locks (`locked`) the plan's follow-up for a period."""
        span = self.states.at(self.states.dates()[-1])
        ends_after = span.valid_to is None or period.first_day() < span.valid_to
        if not (period.last_day() >= span.valid_from and ends_after):
            raise OutsidePlan(
                f"{period} lies outside the plan's span {span.valid_from} –"
                f" {span.valid_to or 'further notice'}",
                field="period",
            )
        marked = self.submitted if mark == "submitted" else self.locked
        if str(period) in marked:
            raise PeriodAlreadyMarked(f"{period} is {mark} already")
        self.trigger_event(self.PeriodMarked, period=str(period), mark=mark, **_provenance(by))

    def set_deadline(self, period: Period, due_on: date, by: Provenance) -> bool:
        """Sets the period's deadline; False when it is that day already."""
        if due_on < period.first_day():
            raise InvalidCommand(
                f"a deadline comes after the period starts ({period.first_day()})",
                field="due_on",
            )
        if self.deadlines.get(str(period)) == due_on:
            return False
        self.trigger_event(self.DeadlineSet, period=str(period), due_on=due_on, **_provenance(by))
        return True

    def covers(self, period: Period, mark: str) -> bool:
        """Whether a submitted (or locked) period of this plan holds the whole of `period`."""
        marked = self.submitted if mark == "submitted" else self.locked
        return any(Period.parse(p).contains(period) for p in marked)

    def check_open(self) -> None:
        if self.closed_on is not None:
            raise PlanClosed(f"the plan was closed from {self.closed_on}")


@dataclass(frozen=True)
class Owner:
    role: OwnerRole
    person_id: UUID | None = None
    organ_id: UUID | None = None

    def plain(self) -> dict[str, str]:
        found: dict[str, str] = {"role": self.role.value}
        if self.person_id is not None:
            found["person_id"] = str(self.person_id)
        if self.organ_id is not None:
            found["organ_id"] = str(self.organ_id)
        return found


@dataclass(frozen=True)
class ItemState:
    """What an item says over a span of valid time."""

    title: str
    parent_id: UUID | None
    target_year: int | None
    owners: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class ItemSpan:
    valid_from: date
    valid_to: date | None
    state: ItemState


class FollowUpStatus(Enum):
    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class FollowUp:
    period: str
    status: FollowUpStatus
    comment: str | None


@dataclass(frozen=True)
class ItemAssessment:
    """A goal's (or any item's) assessment for a period: will it be, is it, met."""

    period: str
    status: AssessmentStatus
    basis: AssessmentBasis | None
    comment: str | None


class PlanItem(Aggregate, created_event_name="Added"):
    TOPIC = "styrlogg:PlanItem"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

        def apply(self, aggregate: PlanItem) -> None:
            self.evolve(aggregate.record)

        def evolve(self, record: ItemRecord) -> None:
            """Changes the item's valid-time record; projections call this too."""

    class Change(Event):
        TOPIC = "styrlogg:PlanItem.Change"  # abstract: never triggered itself
        effective_on: date

    class FollowUpRecorded(Event):
        """An activity's status for a period: a report, or (`corrected`) a correction."""

        TOPIC = "styrlogg:PlanItem.FollowUpRecorded"
        period: str
        status: FollowUpStatus
        comment: str | None
        corrected: bool
        late: bool

        def apply(self, aggregate: PlanItem) -> None:
            aggregate.follow_ups[self.period] = FollowUp(self.period, self.status, self.comment)

    class AssessmentRecorded(Event):
        """The item's assessment for a period: a report, or (`corrected`) a correction."""

        TOPIC = "styrlogg:PlanItem.AssessmentRecorded"
        period: str
        status: AssessmentStatus
        basis: AssessmentBasis | None
        comment: str | None
        corrected: bool
        late: bool

        def apply(self, aggregate: PlanItem) -> None:
            aggregate.assessments[self.period] = ItemAssessment(
                self.period, self.status, self.basis, self.comment
            )

    class Added(Change, Aggregate.Created):
        TOPIC = "styrlogg:PlanItem.Added"
        plan_id: UUID
        kind: ItemKind
        title: str
        parent_id: UUID | None
        target_year: int | None
        owners: list[dict[str, str]]

        def apply(self, aggregate: PlanItem) -> None:
            aggregate.record = self.new_record()
            aggregate.follow_ups = {}
            aggregate.assessments = {}

        def new_record(self) -> ItemRecord:
            state = ItemState(self.title, self.parent_id, self.target_year, tuple(self.owners))
            return ItemRecord(self.originator_id, self.plan_id, self.kind, self.effective_on, state)

    Created = Added

    class Revised(Change):
        TOPIC = "styrlogg:PlanItem.Revised"
        title: str
        parent_id: UUID | None
        target_year: int | None
        owners: list[dict[str, str]]

        def evolve(self, record: ItemRecord) -> None:
            state = ItemState(self.title, self.parent_id, self.target_year, tuple(self.owners))
            record.states.set(self.effective_on, state)

    class Removed(Change):
        TOPIC = "styrlogg:PlanItem.Removed"

        def evolve(self, record: ItemRecord) -> None:
            record.removed_on = self.effective_on

    class ChildAttached(Change):
        """An item was placed under this one (kept to refuse removing a parent)."""

        TOPIC = "styrlogg:PlanItem.ChildAttached"
        child_id: UUID

        def evolve(self, record: ItemRecord) -> None:
            record.child_ids = (*record.child_ids, self.child_id)

    if TYPE_CHECKING:  # set by Added.apply
        record: ItemRecord
        follow_ups: dict[str, FollowUp]
        assessments: dict[str, ItemAssessment]

    @classmethod
    def add(
        cls,
        *,
        item_id: UUID,
        plan: Plan,
        kind: ItemKind,
        state: ItemState,
        parent: PlanItem | None,
        effective_on: date,
        by: Provenance,
    ) -> PlanItem:
        plan.check_open()
        check_item(state)
        if effective_on < plan.adopted_on:
            raise OutsidePlan(f"the plan was adopted from {plan.adopted_on}", field="effective_on")
        if parent is not None:
            parent.check_parent_for(plan.id, effective_on)
        item: PlanItem = cls._create(
            cls.Added,
            id=item_id,
            plan_id=plan.id,
            kind=kind,
            title=state.title,
            parent_id=state.parent_id,
            target_year=state.target_year,
            owners=list(state.owners),
            effective_on=effective_on,
            **_provenance(by),
        )
        return item

    def revise(
        self,
        plan: Plan,
        state: ItemState,
        parent: PlanItem | None,
        effective_on: date,
        by: Provenance,
    ) -> None:
        plan.check_open()
        check_item(state)
        self.check_exists_on(effective_on)
        if parent is not None:
            if parent.id == self.id:
                raise RuleConflict("an item cannot sit under itself", field="parent_id")
            parent.check_parent_for(self.record.plan_id, effective_on)
        if self.record.states.at(effective_on) == state:
            raise RuleConflict(f"the item already reads so on {effective_on}")
        last = self.record.states.last_date()
        if last is not None and last > effective_on:
            raise OutsidePlan(
                f"a revision effective {last} is recorded; a revision must come after it",
                field="effective_on",
            )
        self.trigger_event(
            self.Revised,
            title=state.title,
            parent_id=state.parent_id,
            target_year=state.target_year,
            owners=list(state.owners),
            effective_on=effective_on,
            **_provenance(by),
        )

    def remove(self, plan: Plan, children: list[PlanItem], on: date, by: Provenance) -> None:
        plan.check_open()
        self.check_exists_on(on)
        last = self.record.states.last_date()
        if last is not None and on <= last:
            raise OutsidePlan(
                "a revision is recorded on or after that date; the removal must come after it",
                field="effective_on",
            )
        current = [c for c in children if c.record.parent_on(on) == self.id]
        if current:
            raise ItemHasChildren(
                f"{len(current)} items sit under this one on {on}: remove or move them first"
            )
        self.trigger_event(self.Removed, effective_on=on, **_provenance(by))

    def follow_up(
        self,
        period: Period,
        new: FollowUp,
        by: Provenance,
        *,
        submitted: bool,
        locked: bool,
        may_correct: bool,
    ) -> bool:
        """Reports or corrects the item's status for a period; False when unchanged."""
        current = self.follow_ups.get(str(period))
        shown = (new.status, new.comment)
        same = current is not None and (current.status, current.comment) == shown
        rules = {"submitted": submitted, "locked": locked, "may_correct": may_correct}
        return self._period_fact(
            "follow-up", self.FollowUpRecorded, period, current is not None, same, by, rules,
            status=new.status, comment=new.comment,
        )  # fmt: skip

    def assess(
        self,
        period: Period,
        new: ItemAssessment,
        by: Provenance,
        *,
        submitted: bool,
        locked: bool,
        may_correct: bool,
    ) -> bool:
        """Reports or corrects the item's assessment for a period; False when unchanged."""
        current = self.assessments.get(str(period))
        shown = (new.status, new.basis, new.comment)
        same = current is not None and (current.status, current.basis, current.comment) == shown
        rules = {"submitted": submitted, "locked": locked, "may_correct": may_correct}
        return self._period_fact(
            "assessment", self.AssessmentRecorded, period, current is not None, same, by, rules,
            status=new.status, basis=new.basis, comment=new.comment,
        )  # fmt: skip

    def _period_fact(
        self,
        what: str,
        event: type[PlanItem.Event],
        period: Period,
        recorded: bool,
        same: bool,
        by: Provenance,
        rules: dict[str, bool],
        **fields: Any,
    ) -> bool:
        """A period-keyed fact about the item under the period's rules (period_facts)."""
        self._check_in(period)
        write = decide(what, period, recorded=recorded, same=same, by=by, **rules)
        if write is None:
            return False
        self.trigger_event(
            event,
            period=str(period),
            corrected=write.corrected,
            late=write.late,
            **fields,
            **_provenance(by),
        )
        return True

    def _check_in(self, period: Period) -> None:
        """A period-keyed fact only for a period that overlaps the item's life."""
        record = self.record
        if period.last_day() < record.added_on or (
            record.removed_on is not None and period.first_day() >= record.removed_on
        ):
            raise OutsidePlan(
                f"the item exists from {record.added_on} until"
                f" {record.removed_on or 'further notice'}, not in {period}",
                field="period",
            )

    def attach_child(self, child_id: UUID, on: date, by: Provenance) -> None:
        if child_id not in self.record.child_ids:
            self.trigger_event(self.ChildAttached, effective_on=on, child_id=child_id,
                               **_provenance(by))  # fmt: skip

    def check_parent_for(self, plan_id: UUID, on: date) -> None:
        if self.record.plan_id != plan_id:
            raise InvalidCommand("the parent item belongs to another plan", field="parent_id")
        self.check_exists_on(on, field="parent_id")

    def check_exists_on(self, on: date, field: str = "effective_on") -> None:
        record = self.record
        if on < record.added_on or (record.removed_on is not None and on >= record.removed_on):
            raise OutsidePlan(
                f"the item exists from {record.added_on} until"
                f" {record.removed_on or 'further notice'}, not on {on}",
                field=field,
            )


class ItemRecord:
    def __init__(
        self, item_id: UUID, plan_id: UUID, kind: ItemKind, added_on: date, state: ItemState
    ) -> None:
        self.item_id = item_id
        self.plan_id = plan_id
        self.kind = kind
        self.added_on = added_on
        self.removed_on: date | None = None
        self.child_ids: tuple[UUID, ...] = ()
        self.states: Timeline[ItemState] = Timeline([(added_on, state)])

    def parent_on(self, on: date) -> UUID | None:
        if on < self.added_on or (self.removed_on is not None and on >= self.removed_on):
            return None
        return self.states.at(on).parent_id

    def spans(self) -> list[ItemSpan]:
        return [
            ItemSpan(lo, hi, state)
            for state, lo, hi in self.states.spans(self.added_on, self.removed_on)
        ]


def check_span(name: str, valid_from: date, valid_to: date | None) -> None:
    if not name.strip():
        raise InvalidCommand("a name must not be blank", field="name")
    if valid_to is not None and valid_to <= valid_from:
        raise InvalidCommand("valid_to must come after valid_from", field="valid_to")


def check_item(state: ItemState) -> None:
    if not state.title.strip():
        raise InvalidCommand("a title must not be blank", field="title")
    for owner in state.owners:
        if ("person_id" in owner) == ("organ_id" in owner):
            raise InvalidCommand("each owner is a person_id or an organ_id", field="owners")


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
