"""Plan use cases: adopt, revise and close a plan; submit and lock its periods; add,
revise (move) and remove items and follow them up; define indicators and set their
targets, report outcomes, make forecasts and assess them per period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.errors import ApplicationError, NotFound
from domain.decisions import Decision
from domain.errors import DomainError, RuleConflict
from domain.indicators import Accumulation, Direction, Indicator, Series
from domain.organs import Organ
from domain.people import Person
from domain.period_facts import Assessment
from domain.periods import Period, Periodicity
from domain.plan_items import FollowUp, ItemKind, ItemState, PlanItem
from domain.plans import Plan, PlanKind
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

    def submit(self, plan_id: UUID, period: Period, by: Provenance) -> Written:
        """Submits (klarmarkerar) the plan's follow-up for a period."""
        return self._plan_period(plan_id, lambda plan: plan.submit(period, by))

    def lock(self, plan_id: UUID, period: Period, by: Provenance) -> Written:
        """Locks the plan's period: later values only from a corrector."""
        return self._plan_period(plan_id, lambda plan: plan.lock(period, by))

    def _plan_period(self, plan_id: UUID, change: Callable[[Plan], None]) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            change(plan)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def report_follow_up(
        self, plan_id: UUID, item_id: UUID, period: Period, new: FollowUp, by: Provenance
    ) -> Written:
        """A PUT of an activity's follow-up status for a period."""
        may_correct = by.actor in self.correctors
        return self._item_fact(
            plan_id,
            item_id,
            lambda item, plan: item.report_follow_up(
                period, new, plan, by, may_correct=may_correct
            ),
        )

    def assess(
        self, plan_id: UUID, item_id: UUID, period: Period, new: Assessment, by: Provenance
    ) -> Written:
        """A PUT of a goal's (or any item's) assessment for a period."""
        may_correct = by.actor in self.correctors
        return self._item_fact(
            plan_id,
            item_id,
            lambda item, plan: item.assess(period, new, plan, by, may_correct=may_correct),
        )

    def _item_fact(
        self, plan_id: UUID, item_id: UUID, write: Callable[[PlanItem, Plan], bool]
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan")
            item = _item(loaded, plan, item_id)
            written = write(item, plan)
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

    def set_target(
        self,
        indicator_id: UUID,
        period: Period,
        value: Decimal,
        comment: str | None,
        decision_id: UUID | None,
        by: Provenance,
    ) -> Written:
        """A PUT of the period's target, citing the decision that sets it."""
        row = PeriodValueRow(0, indicator_id, Series.TARGET, value, comment, decision_id, None)
        return self._fact(
            indicator_id, lambda loaded, i, plan: self._row(loaded, plan, i, row, by, period)
        )

    def report_outcome(
        self, indicator_id: UUID, period: Period, value: Decimal, comment: str | None,
        by: Provenance,
    ) -> Written:  # fmt: skip
        """A PUT of the period's outcome."""
        row = PeriodValueRow(0, indicator_id, Series.OUTCOME, value, comment, None, None)
        return self._fact(
            indicator_id, lambda loaded, i, plan: self._row(loaded, plan, i, row, by, period)
        )

    def make_forecast(
        self,
        indicator_id: UUID,
        period: Period,
        reported_in: Period,
        value: Decimal,
        comment: str | None,
        by: Provenance,
    ) -> Written:
        """A PUT of a forecast for the period, made in `reported_in`."""
        may_correct = by.actor in self.correctors
        return self._fact(
            indicator_id,
            lambda _, indicator, plan: indicator.make_forecast(
                period, reported_in, value, comment, plan, by, may_correct=may_correct
            ),
        )

    def assess(
        self, indicator_id: UUID, period: Period, new: Assessment, by: Provenance
    ) -> Written:
        """A PUT of the period's assessment."""
        may_correct = by.actor in self.correctors
        return self._fact(
            indicator_id,
            lambda _, indicator, plan: indicator.assess(
                period, new, plan, by, may_correct=may_correct
            ),
        )

    def _fact(
        self, indicator_id: UUID, write: Callable[[Loaded, Indicator, Plan], bool]
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            indicator = loaded.get(Indicator, indicator_id, what="indicator")
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
                    provenance = Provenance(by.actor, by.correlation_id, row.reason or by.reason)
                    written = self._row(loaded, plan, indicator, row, provenance, period)
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
        may_correct = by.actor in self.correctors
        if row.series is Series.TARGET:
            return indicator.set_target(
                period, row.value, row.comment, row.decision_id, plan, by,
                may_correct=may_correct,
            )  # fmt: skip
        return indicator.report_outcome(
            period, row.value, row.comment, plan, by, may_correct=may_correct,
            decision_id=row.decision_id,
        )  # fmt: skip


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
        if owner.person_id is not None:
            loaded.get(Person, owner.person_id, what="person", field="owners")
        if owner.organ_id is not None:
            loaded.get(Organ, owner.organ_id, what="organ", field="owners")


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
