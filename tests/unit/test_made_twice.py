"""Doing a step twice with a natural key's id: the use case says it was done, writes nothing."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from application.assignments import NewAssignment
from application.decisions import NewDecision
from application.organs import NewOrgan
from application.plans import NewPlan
from domain.assignments import Assignee, ReportRecorded
from domain.decisions import DecisionType
from domain.errors import AlreadyExists
from domain.organ_kinds import Classification, OrganKind
from domain.plans import PlanKind, PlanUnchanged
from tests.builders import BY, World, memory_app


@pytest.fixture
def world() -> World:
    return World(memory_app())


def test_a_decision_recorded_again_is_already_there_not_a_paragraph_held(world: World) -> None:
    committee = world.organ("SSN")
    new = NewDecision(date(2023, 5, 17), "A", DecisionType.MEETING_DECISION, organ_id=committee,
                      paragraph="§ 61", decision_id=uuid4())  # fmt: skip
    world.decisions.record(new, BY)
    before = world.app.last_position()
    with pytest.raises(AlreadyExists):
        world.decisions.record(new, BY)
    assert world.app.last_position() == before


def test_an_organ_or_plan_made_again_with_its_id_is_already_there(world: World) -> None:
    new = NewOrgan("Nämnden", Classification(OrganKind.COMMITTEE), world.region_id,
                   organ_id=uuid4())  # fmt: skip
    world.organs.establish(new, world.change(date(2010, 1, 1)))
    plan = NewPlan("Plan", PlanKind.OPERATIONAL_PLAN, world.region_id, date(2024, 1, 1), None,
                   uuid4())  # fmt: skip
    world.plans.adopt(plan, date(2024, 1, 1), world.decision_id, BY)
    before = world.app.last_position()
    with pytest.raises(AlreadyExists, match=r"organ .* is recorded already"):
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    with pytest.raises(AlreadyExists, match=r"plan .* is recorded already"):
        world.plans.adopt(plan, date(2024, 1, 1), world.decision_id, BY)
    assert world.app.last_position() == before


def test_a_plan_revised_to_what_it_reads_is_unchanged(world: World) -> None:
    plan = NewPlan("Plan", PlanKind.OPERATIONAL_PLAN, world.region_id, date(2024, 1, 1), None,
                   uuid4())  # fmt: skip
    plan_id = world.plans.adopt(plan, date(2024, 1, 1), world.decision_id, BY).thing_id
    revise = (plan_id, "Plan 2", date(2024, 1, 1), None, date(2024, 6, 1), world.decision_id, BY)
    world.plans.revise(*revise)
    with pytest.raises(PlanUnchanged):
        world.plans.revise(*revise)


def test_the_same_report_twice_is_recorded_once(world: World) -> None:
    new = NewAssignment(world.decision_id, "Utred", (Assignee(organ_id=world.region_id),),
                        effective_on=date(2000, 1, 1))  # fmt: skip
    task = world.assignments.give(new, BY).assignment_id
    world.assignments.report(task, "Klart", date(2000, 3, 1), None, BY)
    before = world.app.last_position()
    with pytest.raises(ReportRecorded):
        world.assignments.report(task, " Klart ", date(2000, 3, 1), None, BY)
    assert world.app.last_position() == before
    # Another text, or the same text on another day, is another report.
    world.assignments.report(task, "Tillägg", date(2000, 3, 1), None, BY)
    world.assignments.report(task, "Klart", date(2000, 4, 1), None, BY)
