"""Plan item use cases: add, revise (move) and remove a plan's items; report an
activity's follow-up and assess an item per period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.authority import check_may_report, may_correct
from application.errors import NotFound
from application.plans import Written
from domain.decisions import Decision
from domain.organs import Organ
from domain.people import Person
from domain.period_facts import Assessment
from domain.periods import Period
from domain.plan_items import FollowUp, ItemKind, ItemState, PlanItem
from domain.plan_structure import check_no_cycle
from domain.plans import Plan
from domain.provenance import Provenance
from domain.tree_guard import plan_tree


@dataclass(frozen=True)
class NewItem:
    kind: ItemKind
    state: ItemState
    item_id: UUID | None = None
    decision_id: UUID | None = None
    """The decision adding it, if one did (shown in the item's and the plan's history)."""


class PlanItemUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def add(
        self,
        plan_id: UUID,
        new: NewItem,
        on: date,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """Adds an item to the plan; `expected` is the plan's version (the item is new)."""

        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            _check_decision(loaded, new.decision_id)
            _check_owners(loaded, new.state)
            parent = _parent(loaded, new.state)
            item = loaded.add(
                PlanItem.add(
                    item_id=new.item_id or uuid4(),
                    plan=plan,
                    kind=new.kind,
                    state=new.state,
                    parent=parent,
                    effective_on=on,
                    by=by,
                    decision_id=new.decision_id,
                )
            )
            if parent is not None:
                parent.attach_child(item.id, on, by)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)

    def revise(
        self,
        plan_id: UUID,
        item_id: UUID,
        state: ItemState,
        on: date,
        by: Provenance,
        decision_id: UUID | None = None,
        expected: int | None = None,
    ) -> Written:
        """Revises the item from `on`; a new `parent_id` moves it."""

        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id, expected)
            _check_decision(loaded, decision_id)
            _check_owners(loaded, state)
            parent = _parent(loaded, state)
            item.revise(plan, state, parent, on, by, decision_id)
            if parent is not None:
                parent.attach_child(item.id, on, by)
                loaded.guard_move(plan_tree(plan.id), item.id)
                check_no_cycle(item, lambda i: _parent_item(loaded, i), on)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)

    def remove(
        self,
        plan_id: UUID,
        item_id: UUID,
        on: date,
        by: Provenance,
        decision_id: UUID | None = None,
        expected: int | None = None,
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id, expected)
            _check_decision(loaded, decision_id)
            children = [
                loaded.get(PlanItem, child_id, what="plan item")
                for child_id in item.record.child_ids
            ]
            item.remove(plan, children, on, by, decision_id)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)

    def report_follow_up(
        self,
        plan_id: UUID,
        item_id: UUID,
        period: Period,
        new: FollowUp,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """A PUT of an activity's follow-up status for a period."""
        return self._fact(
            plan_id,
            item_id,
            period,
            lambda item, plan: item.report_follow_up(
                period, new, plan, by, may_correct=may_correct()
            ),
            expected,
        )

    def assess(
        self,
        plan_id: UUID,
        item_id: UUID,
        period: Period,
        new: Assessment,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """A PUT of a goal's (or any item's) assessment for a period."""
        return self._fact(
            plan_id,
            item_id,
            period,
            lambda item, plan: item.assess(period, new, plan, by, may_correct=may_correct()),
            expected,
        )

    def _fact(
        self,
        plan_id: UUID,
        item_id: UUID,
        period: Period,
        write: Callable[[PlanItem, Plan], bool],
        expected: int | None,
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id, expected)
            check_may_report(
                _answering_organs(item, plan, period.last_day()),
                period.last_day(),
                lambda organ_id: (
                    loaded.get(Organ, organ_id, what="organ") if loaded.has(organ_id) else None
                ),
                "the plan item",
            )
            written = write(item, plan)
            position = loaded.save_if(written)
            return Written(item.id, item.version, position, written)

        return self.app.write(command)


def _item(loaded: Loaded, plan: Plan, item_id: UUID, expected: int | None) -> PlanItem:
    """The plan's item; at the version If-Match names (`expected`), when one is named."""
    item = loaded.get(PlanItem, item_id, what="plan item")
    if item.record.plan_id != plan.id:
        raise NotFound("plan item", item_id)
    return loaded.get(PlanItem, item_id, what="plan item", expected=expected)


def _parent(loaded: Loaded, state: ItemState) -> PlanItem | None:
    if state.parent_id is None:
        return None
    return loaded.get(PlanItem, state.parent_id, what="plan item", field="parent_id")


def _check_decision(loaded: Loaded, decision_id: UUID | None) -> None:
    if decision_id is not None:
        loaded.get(Decision, decision_id, what="decision", field="decision_id")


def _check_owners(loaded: Loaded, state: ItemState) -> None:
    for owner in state.owners:
        if owner.person_id is not None:
            loaded.get(Person, owner.person_id, what="person", field="owners")
        if owner.organ_id is not None:
            loaded.get(Organ, owner.organ_id, what="organ", field="owners")


def _parent_item(loaded: Loaded, item_id: UUID) -> PlanItem:
    return loaded.get(PlanItem, item_id, what="plan item", field="parent_id")


def _answering_organs(item: PlanItem, plan: Plan, on: date) -> list[UUID]:
    """The organs that answer for the item on `on`: its owners that are organs, else the
    plan's owner (a person owner lies in no organ tree)."""
    try:
        state = item.record.states.at(on)
    except KeyError:  # not yet added on that day
        state = None
    organs = [o.organ_id for o in state.owners if o.organ_id] if state else []
    return organs or [plan.owner_organ_id]
