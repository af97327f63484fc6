from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from application.decisions import NewDecision
from application.errors import UnknownReference
from domain.decisions import DecisionType, DuplicateParagraph, OrganDecidesNothing
from domain.errors import InvalidCommand
from domain.organ_kinds import Classification, OrganKind
from domain.organs import OrganNotInExistence
from tests.builders import BY, World, memory_app


@pytest.fixture
def world() -> World:
    return World(memory_app())


def test_paragraph_is_unique_per_organ_and_year_whatever_its_spelling(world: World) -> None:
    committee = world.organ("SSN")
    world.decision(date(2023, 5, 17), "A", organ_id=committee, paragraph="§ 61")
    before = world.app.last_position()
    with pytest.raises(DuplicateParagraph) as caught:
        world.decision(date(2023, 9, 1), "B", organ_id=committee, paragraph="§61")
    assert caught.value.field == "paragraph"
    assert world.app.last_position() == before


def test_same_paragraph_in_another_year_is_accepted(world: World) -> None:
    committee = world.organ("SSN")
    world.decision(date(2023, 5, 17), "A", organ_id=committee, paragraph="§ 61")
    world.decision(date(2024, 5, 17), "B", organ_id=committee, paragraph="§ 61")


def test_paragraph_is_stored_verbatim(world: World) -> None:
    committee = world.organ("SSN")
    new = NewDecision(
        date(2020, 4, 2),
        "Användning",
        DecisionType.MEETING_DECISION,
        organ_id=committee,
        paragraph="§26",
        case_number="RS 2023-0175",
    )
    decision = world.decisions.record(new, BY)
    assert (decision.paragraph, decision.case_number) == ("§26", "RS 2023-0175")


def test_only_a_registration_may_omit_the_organ(world: World) -> None:
    new = NewDecision(date(2020, 1, 1), "Beslut", DecisionType.MEETING_DECISION)
    with pytest.raises(InvalidCommand) as caught:
        world.decisions.record(new, BY)
    assert caught.value.field == "organ_id"


def test_unknown_deciding_organ_is_an_unknown_reference(world: World) -> None:
    new = NewDecision(date(2020, 1, 1), "Beslut", DecisionType.MEETING_DECISION, organ_id=uuid4())
    with pytest.raises(UnknownReference) as caught:
        world.decisions.record(new, BY)
    assert caught.value.field == "organ_id"


def test_the_deciding_organ_exists_on_the_decision_date(world: World) -> None:
    committee = world.organ("Hälso- och sjukvårdsnämnden", on=date(2019, 1, 1))
    world.organs.dissolve(committee, world.change(date(2023, 1, 1)))
    before = world.app.last_position()
    for decided_on in (date(2018, 12, 31), date(2023, 1, 1)):
        new = NewDecision(decided_on, "Beslut", DecisionType.MEETING_DECISION, organ_id=committee)
        with pytest.raises(OrganNotInExistence) as caught:
            world.decisions.record(new, BY)
        assert caught.value.field == "organ_id"
    assert world.app.last_position() == before
    for decided_on in (date(2019, 1, 1), date(2022, 12, 31)):
        world.decision(decided_on, organ_id=committee, decision_type=DecisionType.MEETING_DECISION)


def test_an_organ_decides_by_the_kind_it_is_on_the_decision_date(world: World) -> None:
    """A committee that becomes a preparatory committee loses its power to decide from then."""
    organ = world.organ("Beredning för folkhälsa")
    world.organs.reclassify(
        organ, Classification(OrganKind.PREPARATORY_COMMITTEE), world.change(date(2020, 1, 1))
    )
    world.decision(date(2019, 12, 31), organ_id=organ, decision_type=DecisionType.DELEGATED)
    before = world.app.last_position()
    new = NewDecision(date(2020, 1, 1), "Beslut", DecisionType.DELEGATED, organ_id=organ)
    with pytest.raises(OrganDecidesNothing) as caught:
        world.decisions.record(new, BY)
    assert caught.value.field == "decision_type"
    assert world.app.last_position() == before
    world.decision(date(2020, 1, 1), organ_id=organ, decision_type=DecisionType.RECOMMENDATION)
