"""Plans, items and indicators: the rules of adopting, revising, closing and reporting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from application.authority import Authority, acting_as
from application.errors import NotFound, UnknownReference
from application.indicators import NewIndicator
from application.plan_items import NewItem
from application.plans import NewPlan
from domain.errors import InvalidCommand, RuleConflict
from domain.grants import Role
from domain.indicators import Direction, Indicator
from domain.organ_kinds import OrganKind
from domain.organs import OrganNotInExistence
from domain.period_facts import (
    Assessment,
    AssessmentStatus,
    CorrectionNeedsReason,
    PeriodIsLocked,
)
from domain.periods import Period, Periodicity
from domain.plan_items import ItemHasChildren, ItemKind, ItemState
from domain.plans import OutsidePlan, PlanClosed, PlanKind
from domain.provenance import Provenance
from tests.builders import BY, World, memory_app

T1_2024 = Period.parse("2024-T1")


@pytest.fixture
def world() -> World:
    return World(memory_app())


def plan(world: World) -> UUID:
    new = NewPlan("Genomförandeplan 2024–2027", PlanKind.IMPLEMENTATION_PLAN, world.region_id,
                  date(2024, 1, 1), date(2028, 1, 1))  # fmt: skip
    decision = world.decision(date(2023, 5, 17), "Genomförandeplan")
    return world.plans.adopt(new, date(2024, 1, 1), decision, BY).thing_id


def item(
    world: World, plan_id: UUID, title: str, parent_id: UUID | None = None, on: date | None = None
) -> UUID:
    new = NewItem(ItemKind.FOCUS_AREA, ItemState(title, parent_id, None, ()))
    return world.plan_items.add(plan_id, new, on or date(2024, 1, 1), BY).thing_id


def indicator(world: World, item_id: UUID) -> UUID:
    new = NewIndicator(item_id, "Andel som får vård inom 90 dagar", "%",
                       Direction.HIGHER_IS_BETTER, Periodicity.TERTIAL)  # fmt: skip
    return world.indicators.define(new, BY).thing_id


def last_event(world: World, aggregate_id: UUID) -> object:
    return next(iter(world.app.events.get(aggregate_id, desc=True, limit=1)))


def test_an_outcome_corrected_later_keeps_both_and_needs_a_reason(world: World) -> None:
    measure = indicator(world, item(world, plan(world), "Tillgänglighet"))
    report = world.indicators.report_outcome
    first = report(measure, T1_2024, Decimal("85"), None, BY)
    assert first.written
    same = report(measure, T1_2024, Decimal("85"), None, BY)
    assert not same.written
    assert same.position == first.position
    with pytest.raises(CorrectionNeedsReason) as caught:
        report(measure, T1_2024, Decimal("84.5"), None, BY)
    assert caught.value.field == "reason"
    why = Provenance("tester", reason="Felaktig nämnare i första rapporten")
    report(measure, T1_2024, Decimal("84.5"), None, why)
    now = last_event(world, measure)
    assert isinstance(now, Indicator.OutcomeCorrected)
    assert (now.period, now.value, now.reason) == (T1_2024, Decimal("84.5"), why.reason)
    events = list(world.app.events.get(measure))
    assert [type(e) for e in events[-2:]] == [Indicator.OutcomeReported, Indicator.OutcomeCorrected]


def test_a_period_the_indicator_does_not_have_is_refused(world: World) -> None:
    measure = indicator(world, item(world, plan(world), "Tillgänglighet"))
    with pytest.raises(InvalidCommand) as caught:
        world.indicators.report_outcome(measure, Period.parse("2024-M03"), Decimal("1"), None, BY)
    assert caught.value.field == "period"


def test_an_indicators_subject_exists_on_some_day_of_the_plans_span(world: World) -> None:
    """The span as the plan now reads, after its latest revision: 2024-01-01 – 2026-01-01."""
    plan_id = plan(world)
    decision = world.decision(date(2024, 4, 25), "Reviderad plan")
    world.plans.revise(plan_id, "Genomförandeplan 2024–2025", date(2024, 1, 1),
                       date(2026, 1, 1), date(2024, 4, 25), decision, BY)  # fmt: skip
    area = item(world, plan_id, "Tillgänglighet")
    gone = world.organ("Förvaltning", OrganKind.ADMINISTRATION, on=date(2015, 1, 1))
    world.organs.dissolve(gone, world.change(date(2024, 1, 1)))
    later = world.organ("Division", OrganKind.ADMINISTRATION, on=date(2026, 1, 1))
    last_day = world.organ("Division Nära vård", OrganKind.ADMINISTRATION, on=date(2025, 12, 31))
    before = world.app.last_position()
    for subject in (gone, later):
        new = NewIndicator(area, "Andel", "%", Direction.HIGHER_IS_BETTER, Periodicity.TERTIAL,
                           subject_organ_id=subject)  # fmt: skip
        with pytest.raises(OrganNotInExistence) as caught:
            world.indicators.define(new, BY)
        assert caught.value.field == "subject_organ_id"
        assert "2024-01-01 – 2026-01-01" in caught.value.detail
    assert world.app.last_position() == before
    new = NewIndicator(area, "Andel", "%", Direction.HIGHER_IS_BETTER, Periodicity.TERTIAL,
                       subject_organ_id=last_day)  # fmt: skip
    world.indicators.define(new, BY)


def test_a_target_cites_a_decision_and_a_closed_plan_takes_none(world: World) -> None:
    plan_id = plan(world)
    measure = indicator(world, item(world, plan_id, "Tillgänglighet"))
    with pytest.raises(InvalidCommand) as caught:
        world.indicators.set_target(measure, T1_2024, Decimal("83"), None, None, BY)
    assert caught.value.field == "decision_id"
    decision = world.decision(date(2023, 11, 1), "Målvärden")
    world.indicators.set_target(measure, T1_2024, Decimal("83"), None, decision, BY)
    world.plans.close(plan_id, date(2026, 1, 1), decision, BY)
    before = world.app.last_position()
    with pytest.raises(PlanClosed):
        world.indicators.set_target(
            measure, Period.parse("2024-T2"), Decimal("57"), None, decision, BY
        )
    # Outcomes for its periods are still accepted after the plan is closed.
    world.indicators.report_outcome(measure, T1_2024, Decimal("85"), None, BY)
    assert world.app.last_position() == before + 1


def test_an_assessment_says_met_partly_or_not_and_a_new_one_is_a_correction(
    world: World,
) -> None:
    measure = indicator(world, item(world, plan(world), "Tillgänglighet"))
    assessed = Assessment(AssessmentStatus.PARTLY_MET, None, "Nära målet")
    assert world.indicators.assess(measure, T1_2024, assessed, BY).written
    assert not world.indicators.assess(measure, T1_2024, assessed, BY).written
    assert isinstance(last_event(world, measure), Indicator.AssessmentMade)
    met = Assessment(AssessmentStatus.MET, None, "Målet nått")
    with pytest.raises(CorrectionNeedsReason):
        world.indicators.assess(measure, T1_2024, met, BY)
    world.indicators.assess(measure, T1_2024, met, Provenance("tester", reason="Nytt utfall"))
    assert isinstance(last_event(world, measure), Indicator.AssessmentCorrected)


def test_items_form_a_tree_within_the_plan(world: World) -> None:
    plan_id = plan(world)
    area = item(world, plan_id, "Fokusområde 1")
    goal = item(world, plan_id, "Mål 1.1", area)
    with pytest.raises(OutsidePlan):
        item(world, plan_id, "Före planen", on=date(2023, 12, 31))
    with pytest.raises(UnknownReference) as unknown:
        item(world, plan_id, "Under okänd", uuid4())
    assert unknown.value.field == "parent_id"
    with pytest.raises(ItemHasChildren):
        world.plan_items.remove(plan_id, area, date(2025, 1, 1), BY)
    # A move that would put the area under its own goal is refused.
    with pytest.raises(RuleConflict) as cycle:
        world.plan_items.revise(
            plan_id, area, ItemState("Fokusområde 1", goal, None, ()), date(2025, 1, 1), BY
        )
    assert cycle.value.field == "parent_id"
    world.plan_items.remove(plan_id, goal, date(2025, 1, 1), BY)
    world.plan_items.remove(plan_id, area, date(2025, 1, 1), BY)
    other = plan(world)
    with pytest.raises(NotFound):
        world.plan_items.remove(other, area, date(2026, 1, 1), BY)


def test_a_closed_plans_items_do_not_change(world: World) -> None:
    plan_id = plan(world)
    area = item(world, plan_id, "Fokusområde 1")
    decision = world.decision(date(2027, 11, 1), "Avslut")
    world.plans.close(plan_id, date(2028, 1, 1), decision, BY)
    with pytest.raises(PlanClosed):
        world.plan_items.revise(
            plan_id, area, ItemState("Nytt namn", None, None, ()), date(2026, 1, 1), BY
        )
    with pytest.raises(PlanClosed):
        item(world, plan_id, "Nytt")


def test_a_corrector_may_change_a_locked_period_as_a_correction(world: World) -> None:
    plan_id = plan(world)
    measure = indicator(world, item(world, plan_id, "Tillgänglighet"))
    world.indicators.report_outcome(measure, T1_2024, Decimal("85"), None, BY)
    world.plans.lock(plan_id, T1_2024, BY)
    with pytest.raises(PeriodIsLocked):  # the operator is no corrector
        world.indicators.report_outcome(measure, T1_2024, Decimal("84"), None, BY)
    officer = Authority(frozenset({Role.FOLLOW_UP_OFFICER}), None)
    with acting_as(officer), pytest.raises(PeriodIsLocked):
        world.indicators.report_outcome(measure, T1_2024, Decimal("84"), None, BY)
    corrector = Authority(frozenset({Role.CORRECTOR}), frozenset())
    auditor = Provenance("revisor")
    with acting_as(corrector):
        met = Assessment(AssessmentStatus.MET, None, None)
        with pytest.raises(CorrectionNeedsReason):
            world.indicators.assess(measure, T1_2024, met, auditor)
        why = Provenance("revisor", reason="Fel i källdata")
        world.indicators.report_outcome(measure, T1_2024, Decimal("84"), None, why)
    assert isinstance(last_event(world, measure), Indicator.OutcomeCorrected)


def test_a_move_that_makes_a_cycle_only_after_a_later_move_is_refused(world: World) -> None:
    plan_id = plan(world)
    a, c = item(world, plan_id, "A"), item(world, plan_id, "C")
    b = item(world, plan_id, "B", a)
    # From 2025, A sits under C.
    world.plan_items.revise(plan_id, a, ItemState("A", c, None, ()), date(2025, 1, 1), BY)
    before = world.app.last_position()
    # C under B from mid-2024 is no cycle then (B < A, a root), but from 2025 C < B < A < C.
    with pytest.raises(RuleConflict) as cycle:
        world.plan_items.revise(plan_id, c, ItemState("C", b, None, ()), date(2024, 6, 1), BY)
    assert (cycle.value.field, "2025-01-01" in str(cycle.value)) == ("parent_id", True)
    assert world.app.last_position() == before
    # Once A has moved back out from under C, C may go under B.
    world.plan_items.revise(plan_id, a, ItemState("A", None, None, ()), date(2026, 1, 1), BY)
    world.plan_items.revise(plan_id, c, ItemState("C", b, None, ()), date(2026, 6, 1), BY)
