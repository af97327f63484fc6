"""Plan items (focus areas, goals, activities, milestones …): a tree over valid time.

Each item is added, revised (title, parent, target year, owners) and removed from a date;
a move is a revision of its parent. Per period it takes a follow-up (an activity's status)
and an assessment (a goal's: will it be, is it, met), under the period-keyed rules of
`domain.period_facts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.period_facts import Assessment, AssessmentBasis, AssessmentStatus, Write, decide
from domain.periods import Period
from domain.plans import OutsidePlan, Plan
from domain.provenance import Provenance
from domain.timelines import Timeline


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


class ItemHasChildren(RuleConflict):
    """An item cannot be removed while items sit under it."""


class ItemUnchanged(RuleConflict):
    """The revision would leave the item as it already reads on that date."""


@dataclass(frozen=True)
class Owner:
    """Who owns an item in a role: a person, or (`lead_organ`) an organ; exactly one."""

    role: OwnerRole
    person_id: UUID | None = None
    organ_id: UUID | None = None


@dataclass(frozen=True)
class ItemState:
    """What an item says over a span of valid time."""

    title: str
    parent_id: UUID | None
    target_year: int | None
    owners: tuple[Owner, ...]


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
    """An activity's status for a period."""

    status: FollowUpStatus
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

    class Fact(Event):
        """A period-keyed fact about the item (abstract)."""

        TOPIC = "styrlogg:PlanItem.Fact"  # abstract: never triggered itself
        CORRECTS: ClassVar[bool] = False
        period: Period
        late: bool
        """First reported after the plan's follow-up covering the period was submitted."""

    class FollowUpReported(Fact):
        """An activity's status for a period, reported."""

        TOPIC = "styrlogg:PlanItem.FollowUpReported"
        status: FollowUpStatus
        comment: str | None

        def apply(self, aggregate: PlanItem) -> None:
            aggregate.follow_ups[self.period] = self.follow_up()

        def follow_up(self) -> FollowUp:
            return FollowUp(self.status, self.comment)

    class FollowUpCorrected(FollowUpReported):
        """An activity's status for a period, corrected (with a reason)."""

        TOPIC = "styrlogg:PlanItem.FollowUpCorrected"
        CORRECTS = True

    class AssessmentMade(Fact):
        """The item's assessment for a period."""

        TOPIC = "styrlogg:PlanItem.AssessmentMade"
        status: AssessmentStatus
        basis: AssessmentBasis | None
        comment: str | None

        def apply(self, aggregate: PlanItem) -> None:
            aggregate.assessments[self.period] = self.assessment()

        def assessment(self) -> Assessment:
            return Assessment(self.status, self.basis, self.comment)

    class AssessmentCorrected(AssessmentMade):
        """The item's assessment for a period, corrected (with a reason)."""

        TOPIC = "styrlogg:PlanItem.AssessmentCorrected"
        CORRECTS = True

    class Added(Change, Aggregate.Created):
        TOPIC = "styrlogg:PlanItem.Added"
        class_version = 3
        plan_id: UUID
        kind: ItemKind
        title: str
        parent_id: UUID | None
        target_year: int | None
        owners: list[Owner]
        decision_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 held each owner as text: {role, person_id | organ_id}."""
            state["owners"] = owners_of_v1(state["owners"])

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Version 2 cited no decision."""
            state["decision_id"] = None

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
        class_version = 3
        title: str
        parent_id: UUID | None
        target_year: int | None
        owners: list[Owner]
        decision_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 held each owner as text: {role, person_id | organ_id}."""
            state["owners"] = owners_of_v1(state["owners"])

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Version 2 cited no decision."""
            state["decision_id"] = None

        def evolve(self, record: ItemRecord) -> None:
            state = ItemState(self.title, self.parent_id, self.target_year, tuple(self.owners))
            record.states.set(self.effective_on, state)

    class Removed(Change):
        TOPIC = "styrlogg:PlanItem.Removed"
        class_version = 2
        decision_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 cited no decision."""
            state["decision_id"] = None

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
        follow_ups: dict[Period, FollowUp]
        assessments: dict[Period, Assessment]

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
        decision_id: UUID | None = None,
    ) -> PlanItem:
        """Adds the item from `effective_on`, citing the decision behind it if one is."""
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
            decision_id=decision_id,
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
        decision_id: UUID | None = None,
    ) -> None:
        plan.check_open()
        check_item(state)
        self.check_exists_on(effective_on)
        if parent is not None:
            if parent.id == self.id:
                raise RuleConflict("an item cannot sit under itself", field="parent_id")
            parent.check_parent_for(self.record.plan_id, effective_on)
        if self.record.states.at(effective_on) == state:
            raise ItemUnchanged(f"the item already reads so on {effective_on}")
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
            decision_id=decision_id,
            **_provenance(by),
        )

    def remove(
        self,
        plan: Plan,
        children: list[PlanItem],
        on: date,
        by: Provenance,
        decision_id: UUID | None = None,
    ) -> None:
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
        self.trigger_event(
            self.Removed, effective_on=on, decision_id=decision_id, **_provenance(by)
        )

    def report_follow_up(
        self, period: Period, new: FollowUp, plan: Plan, by: Provenance, *, may_correct: bool
    ) -> bool:
        """Reports or corrects the item's status for a period; False when unchanged."""
        current = self.follow_ups.get(period)
        write = self._decide("follow-up", period, current, new, plan, by, may_correct)
        if write is None:
            return False
        event = self.FollowUpCorrected if write.corrected else self.FollowUpReported
        self.trigger_event(
            event, period=period, late=write.late, status=new.status, comment=new.comment,
            **_provenance(by),
        )  # fmt: skip
        return True

    def assess(
        self, period: Period, new: Assessment, plan: Plan, by: Provenance, *, may_correct: bool
    ) -> bool:
        """Reports or corrects the item's assessment for a period; False when unchanged."""
        current = self.assessments.get(period)
        write = self._decide("assessment", period, current, new, plan, by, may_correct)
        if write is None:
            return False
        event = self.AssessmentCorrected if write.corrected else self.AssessmentMade
        self.trigger_event(
            event, period=period, late=write.late, status=new.status, basis=new.basis,
            comment=new.comment, **_provenance(by),
        )  # fmt: skip
        return True

    def _decide(
        self,
        what: str,
        period: Period,
        current: object | None,
        new: object,
        plan: Plan,
        by: Provenance,
        may_correct: bool,
    ) -> Write | None:
        """How a period-keyed fact about the item is written (domain.period_facts)."""
        if plan.id != self.record.plan_id:
            raise InvalidCommand("the item belongs to another plan", field="plan_id")
        self._check_in(period)
        return decide(
            what, period, recorded=current is not None, same=current == new,
            coverage=plan.coverage(period), may_correct=may_correct, by=by,
        )  # fmt: skip

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


def check_item(state: ItemState) -> None:
    if not state.title.strip():
        raise InvalidCommand("a title must not be blank", field="title")
    for index, owner in enumerate(state.owners):
        if (owner.person_id is None) == (owner.organ_id is None):
            raise InvalidCommand(
                "give either person_id or organ_id", field=f"owners.{index}.person_id"
            )


def owners_of_v1(owners: list[dict[str, str]]) -> list[Owner]:
    """Owners as version 1 of `Added` and `Revised` held them: role and id as text."""
    return [
        Owner(
            OwnerRole(owner["role"]),
            UUID(owner["person_id"]) if "person_id" in owner else None,
            UUID(owner["organ_id"]) if "organ_id" in owner else None,
        )
        for owner in owners
    ]


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
