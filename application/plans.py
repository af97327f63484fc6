"""Plan use cases: adopt, revise and close a plan; add, revise (move) and remove items;
define indicators and record their targets, outcomes and assessments per period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.errors import ApplicationError, NotFound
from domain.decisions import Decision
from domain.errors import DomainError, InvalidCommand, RuleConflict
from domain.indicators import Accumulation, Direction, Indicator, PeriodValue, Series
from domain.organs import Organ
from domain.people import Person
from domain.periods import Period, Periodicity
from domain.plans import (
    FollowUp,
    ItemAssessment,
    ItemKind,
    ItemState,
    Plan,
    PlanItem,
    PlanKind,
)
from domain.provenance import Provenance
from domain.timelines import Window, first_cycle, within_life
from domain.tree_guard import plan_tree


@dataclass(frozen=True)
class NewPlan:
    name: str
    kind: PlanKind
    owner_organ_id: UUID
    valid_from: date
    valid_to: date | None
    plan_id: UUID | None = None


@dataclass(frozen=True)
class NewItem:
    kind: ItemKind
    state: ItemState
    item_id: UUID | None = None


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
class Written:
    thing_id: UUID
    version: int
    position: int
    written: bool = True


@dataclass(frozen=True)
class PeriodValueRow:
    """One row of a period's values sent as a spreadsheet, already typed."""

    row: int
    indicator_id: UUID
    series: Series
    value: PeriodValue
    decision_id: UUID | None
    reason: str | None


@dataclass(frozen=True)
class RowRefused:
    row: int
    field: str | None
    detail: str


@dataclass
class ValuesReport:
    rows: int
    written: int = 0
    unchanged: int = 0
    rejected: list[RowRefused] = field(default_factory=list)
    position: int | None = None


class PlanUseCases:
    def __init__(self, app: Styrlogg, correctors: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.correctors = correctors

    def adopt(self, new: NewPlan, on: date, decision_id: UUID, by: Provenance) -> Written:
        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            organ = loaded.get(Organ, new.owner_organ_id, what="organ", field="owner_organ_id")
            organ.check_exists_on(on, field="owner_organ_id", role="owner organ")
            plan = loaded.add(
                Plan.adopt(
                    plan_id=new.plan_id or uuid4(),
                    name=new.name,
                    kind=new.kind,
                    owner_organ_id=new.owner_organ_id,
                    valid_from=new.valid_from,
                    valid_to=new.valid_to,
                    effective_on=on,
                    decision_id=decision_id,
                    by=by,
                )
            )
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def revise(
        self,
        plan_id: UUID,
        name: str,
        valid_from: date,
        valid_to: date | None,
        on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> Written:
        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            plan = loaded.get(Plan, plan_id, what="plan")
            plan.revise(name, valid_from, valid_to, on, decision_id, by)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def close(self, plan_id: UUID, on: date, decision_id: UUID, by: Provenance) -> Written:
        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            plan = loaded.get(Plan, plan_id, what="plan")
            plan.close(on, decision_id, by)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def mark(self, plan_id: UUID, period: Period, mark: str, by: Provenance) -> Written:
        """Submits (`submitted`) the plan's follow-up for a period, or locks it (`locked`)."""

        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            plan.mark(period, mark, by)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def follow_up(
        self, plan_id: UUID, item_id: UUID, period: Period, new: FollowUp, by: Provenance
    ) -> Written:
        """A PUT of an activity's follow-up status for a period."""
        return self._item_fact(plan_id, item_id, period, by, PlanItem.follow_up, new)

    def assess(
        self, plan_id: UUID, item_id: UUID, period: Period, new: ItemAssessment, by: Provenance
    ) -> Written:
        """A PUT of a goal's (or any item's) assessment for a period."""
        return self._item_fact(plan_id, item_id, period, by, PlanItem.assess, new)

    def _item_fact(
        self,
        plan_id: UUID,
        item_id: UUID,
        period: Period,
        by: Provenance,
        record: Callable[..., bool],
        new: object,
    ) -> Written:
        """An item's period-keyed fact, under the period's rules (submitted, locked)."""

        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id)
            rules = _period_rules(plan, period, by, self.correctors)
            written = record(item, period, new, by, **rules)
            position = loaded.save_if(written)
            return Written(item.id, item.version, position, written)

        return self.app.write(command)

    def set_deadline(self, plan_id: UUID, period: Period, due_on: date, by: Provenance) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            written = plan.set_deadline(period, due_on, by)
            position = loaded.save_if(written)
            return Written(plan.id, plan.version, position, written)

        return self.app.write(command)

    def add_item(self, plan_id: UUID, new: NewItem, on: date, by: Provenance) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
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
                )
            )
            if parent is not None:
                parent.attach_child(item.id, on, by)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)

    def revise_item(
        self, plan_id: UUID, item_id: UUID, state: ItemState, on: date, by: Provenance
    ) -> Written:
        """Revises the item from `on`; a new `parent_id` moves it."""

        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id)
            _check_owners(loaded, state)
            parent = _parent(loaded, state)
            item.revise(plan, state, parent, on, by)
            if parent is not None:
                parent.attach_child(item.id, on, by)
                loaded.guard_move(plan_tree(plan.id), item.id)
                _check_no_cycle(loaded, item, on)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)

    def remove_item(self, plan_id: UUID, item_id: UUID, on: date, by: Provenance) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id)
            children = [
                loaded.get(PlanItem, child_id, what="plan item")
                for child_id in item.record.child_ids
            ]
            item.remove(plan, children, on, by)
            return Written(item.id, item.version, loaded.save())

        return self.app.write(command)


class IndicatorUseCases:
    def __init__(self, app: Styrlogg, correctors: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.correctors = correctors

    def define(self, new: NewIndicator, by: Provenance) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            item = loaded.get(PlanItem, new.plan_item_id, what="plan item", field="plan_item_id")
            plan = loaded.get(Plan, item.record.plan_id, what="plan")
            plan.check_open()
            if new.subject_organ_id is not None:
                loaded.get(Organ, new.subject_organ_id, what="organ", field="subject_organ_id")
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

    def record(
        self,
        indicator_id: UUID,
        series: Series,
        period: Period,
        value: PeriodValue,
        decision_id: UUID | None,
        by: Provenance,
        reported_in: Period | None = None,
    ) -> Written:
        """A PUT of one period's target, outcome, assessment or forecast."""

        def command() -> Written:
            loaded = Loaded(self.app)
            indicator = loaded.get(Indicator, indicator_id, what="indicator")
            plan = loaded.get(Plan, indicator.plan_id, what="plan")
            written = self._record(
                loaded, plan, indicator, series, period, value, decision_id, by, reported_in
            )
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
    ) -> ValuesReport:
        """Targets and outcomes for one period, checked row by row and saved together,
        or (any row refused, here or while reading the file) not at all."""

        def command() -> ValuesReport:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            report = ValuesReport(rows=len(rows) + len(refused), rejected=list(refused))
            for row in rows:
                try:
                    indicator = loaded.get(
                        Indicator, row.indicator_id, what="indicator", field="indicator_id"
                    )
                    if indicator.plan_id != plan.id:
                        raise InvalidCommand(
                            "the indicator belongs to another plan", field="indicator_id"
                        )
                    provenance = Provenance(by.actor, by.correlation_id, row.reason or by.reason)
                    written = self._record(
                        loaded, plan, indicator, row.series, period, row.value,
                        row.decision_id, provenance,
                    )  # fmt: skip
                except (DomainError, ApplicationError) as error:
                    report.rejected.append(RowRefused(row.row, error.field, error.detail))
                    continue
                if written:
                    report.written += 1
                else:
                    report.unchanged += 1
            report.rejected.sort(key=lambda r: r.row)
            if not report.rejected and report.written:
                report.position = loaded.save()
            return report

        return self.app.write(command)

    def _record(
        self,
        loaded: Loaded,
        plan: Plan,
        indicator: Indicator,
        series: Series,
        period: Period,
        value: PeriodValue,
        decision_id: UUID | None,
        by: Provenance,
        reported_in: Period | None = None,
    ) -> bool:
        """One period value into `loaded`, under the plan's rules for that period."""
        if decision_id is not None:
            loaded.get(Decision, decision_id, what="decision", field="decision_id")
        if series is Series.TARGET:
            plan.check_open()
        return indicator.record(
            series,
            period,
            value,
            decision_id,
            by,
            reported_in=reported_in,
            **_period_rules(plan, period, by, self.correctors),
        )


def _with_decision(app: Styrlogg, decision_id: UUID) -> Loaded:
    loaded = Loaded(app)
    loaded.get(Decision, decision_id, what="decision", field="decision_id")
    return loaded


def _item(loaded: Loaded, plan: Plan, item_id: UUID) -> PlanItem:
    item = loaded.get(PlanItem, item_id, what="plan item")
    if item.record.plan_id != plan.id:
        raise NotFound("plan item", item_id)
    return item


def _parent(loaded: Loaded, state: ItemState) -> PlanItem | None:
    if state.parent_id is None:
        return None
    return loaded.get(PlanItem, state.parent_id, what="plan item", field="parent_id")


def _check_owners(loaded: Loaded, state: ItemState) -> None:
    for owner in state.owners:
        if "person_id" in owner:
            loaded.get(Person, UUID(owner["person_id"]), what="person", field="owners")
        if "organ_id" in owner:
            loaded.get(Organ, UUID(owner["organ_id"]), what="organ", field="owners")


def _check_no_cycle(loaded: Loaded, item: PlanItem, since: date) -> None:
    """After a move from `since`, the item must not be its own ancestor on any later date."""
    record = item.record
    until = record.removed_on

    def parents_within(node_id: UUID, start: date, end: date | None) -> Iterable[Window]:
        node = loaded.get(PlanItem, node_id, what="plan item", field="parent_id").record
        life = within_life(start, end, node.added_on, node.removed_on)
        spans = node.states.spans(*life) if life else ()
        return [(state.parent_id, lo, hi) for state, lo, hi in spans]

    on = first_cycle(item.id, (record.parent_on(since), since, until), parents_within)
    if on is not None:
        raise RuleConflict(f"from {on} the new parent would sit below this item", field="parent_id")


class PeriodRules(TypedDict):
    submitted: bool
    locked: bool
    may_correct: bool


def _period_rules(
    plan: Plan, period: Period, by: Provenance, correctors: frozenset[str]
) -> PeriodRules:
    """What a period-keyed write must know: submitted, locked, and may the actor correct."""
    return PeriodRules(
        submitted=plan.covers(period, "submitted"),
        locked=plan.covers(period, "locked"),
        may_correct=by.actor in correctors,
    )
