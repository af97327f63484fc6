"""Correcting an organ's establishment (founding date, name, classification, parent): every
rule checked on the organ as it would then be founded, nothing written when one refuses."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from application.annulments import Annulment
from application.organs import Amendment
from domain.errors import InvalidCommand, RuleConflict
from domain.organ_corrections import (
    Correction,
    CorrectionChangesNothing,
    FoundedAfterChanges,
    NotAnOrganisationalChange,
)
from domain.organ_kinds import OrganKind
from domain.organ_structure import FoundedAfterReference, MoveWouldMakeCycle
from domain.organs import Organ, OrganNotInExistence
from domain.provenance import Provenance
from tests.builders import BY, World, memory_app

WHY = Provenance(BY.actor, BY.correlation_id, "fel grundningsdatum i registreringen")


@pytest.fixture
def world() -> World:
    return World(memory_app())


def record(world: World, organ_id: UUID) -> Organ:
    return world.app.load(Organ, organ_id, what="organ")


def amend(world: World, by: Provenance = WHY) -> Amendment:
    return Amendment(world.decision_id, by)


def refused(world: World, organ_id: UUID, version: int, fix: Correction) -> RuleConflict:
    """The correction is refused and writes nothing; returns the refusal."""
    before = world.app.last_position()
    with pytest.raises(RuleConflict) as caught:
        world.organs.correct(organ_id, version, fix, amend(world))
    assert world.app.last_position() == before
    return caught.value


def test_a_corrected_founding_date_moves_the_organs_first_day(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    written = world.organs.correct(committee, 1, Correction(date(2012, 3, 1)), amend(world))
    organ = record(world, committee).record
    assert organ.established_on == date(2012, 3, 1)
    assert organ.state_on(date(2011, 1, 1)) is None
    assert organ.state_on(date(2012, 3, 1)) is not None
    assert written.organ.established_on == date(2012, 3, 1)
    earlier = world.organs.correct(committee, 1, Correction(date(2005, 1, 1)), amend(world))
    assert earlier.organ.established_on == date(2005, 1, 1)
    assert record(world, committee).record.state_on(date(2006, 1, 1)) is not None


def test_a_corrected_founding_name_kind_and_parent_hold_from_the_founding(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2000, 1, 1))
    committee = world.organ("Fel namn", on=date(2010, 1, 1))
    world.organs.rename(committee, "Senare namn", world.change(date(2015, 1, 1)))
    fix = Correction(name="Rätt namn", kind=OrganKind.SUBCOMMITTEE, parent_id=board)
    world.organs.correct(committee, 1, fix, amend(world))
    organ = record(world, committee).record
    state = organ.state_on(date(2011, 1, 1))
    assert state is not None
    assert (state.name, state.classification.kind, state.parent_id) == (
        "Rätt namn",
        OrganKind.SUBCOMMITTEE,
        board,
    )
    assert organ.names.at(date(2015, 1, 1)) == "Senare namn"
    assert committee in record(world, board).record.child_ids


def test_a_correction_of_the_establishments_correction_corrects_the_establishment(
    world: World,
) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    first = world.organs.correct(committee, 1, Correction(name="Nästan"), amend(world))
    world.organs.correct(committee, first.organ.version, Correction(name="Rätt"), amend(world))
    organ = record(world, committee).record
    assert organ.names.at(date(2010, 1, 1)) == "Rätt"
    assert organ.in_force() == []


def test_the_founding_date_comes_before_the_organs_own_changes(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    world.organs.rename(committee, "Nytt namn", world.change(date(2014, 1, 1)))
    error = refused(world, committee, 1, Correction(date(2014, 6, 1)))
    assert isinstance(error, FoundedAfterChanges)
    assert error.field == "effective_on"
    world.organs.correct(committee, 1, Correction(date(2014, 1, 1)), amend(world))


def test_the_founding_date_comes_before_a_dissolution(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    world.organs.dissolve(committee, world.change(date(2014, 1, 1)))
    error = refused(world, committee, 1, Correction(date(2014, 1, 1)))
    assert isinstance(error, FoundedAfterChanges)


def test_the_founding_date_comes_before_a_childs_founding(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2000, 1, 1))
    world.organ("Utskott", OrganKind.SUBCOMMITTEE, on=date(2005, 1, 1), parent_id=board)
    error = refused(world, board, 1, Correction(date(2006, 1, 1)))
    assert isinstance(error, FoundedAfterReference)
    assert error.field == "effective_on"
    world.organs.correct(board, 1, Correction(date(2005, 1, 1)), amend(world))


def test_the_founding_date_comes_before_a_seats_first_day(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    world.seat(committee, world.person(), date(2012, 1, 1))
    error = refused(world, committee, 1, Correction(date(2013, 1, 1)))
    assert isinstance(error, FoundedAfterReference)
    assert error.field == "effective_on"
    assert "seat" in str(error)


def test_an_annulled_seat_does_not_hold_the_founding_back(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    seat = world.seat(committee, world.person(), date(2012, 1, 1))
    world.composition.annul(committee, seat, Annulment(world.decision_id, WHY))
    world.organs.correct(committee, 1, Correction(date(2013, 1, 1)), amend(world))


def test_the_founding_date_comes_before_a_mandate_version(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    content = {"mandate_type": "mandate_document", "meetings_per_year": 4}
    world.mandates.put(committee, content, world.change(date(2011, 1, 1)))
    error = refused(world, committee, 1, Correction(date(2011, 6, 1)))
    assert isinstance(error, FoundedAfterReference)
    assert "mandate" in str(error)


def test_the_founding_date_comes_after_the_parents(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2005, 1, 1))
    committee = world.organ("Utskott", on=date(2010, 1, 1), parent_id=board)
    error = refused(world, committee, 1, Correction(date(2004, 1, 1)))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "effective_on"


def test_a_corrected_parent_exists_on_the_founding_date(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2000, 1, 1))
    world.organs.dissolve(board, world.change(date(2008, 1, 1)))
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    error = refused(world, committee, 1, Correction(parent_id=board))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "parent_id"


def test_a_corrected_parent_must_outlive_the_organs_time_under_it(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2000, 1, 1))
    world.organs.dissolve(board, world.change(date(2012, 1, 1)))
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    error = refused(world, committee, 1, Correction(parent_id=board))
    assert error.field == "parent_id"


def test_a_corrected_parent_must_not_make_a_cycle(world: World) -> None:
    a = world.organ("A", on=date(2010, 1, 1))
    b = world.organ("B", on=date(2010, 1, 1), parent_id=a)
    assert isinstance(refused(world, a, 1, Correction(parent_id=b)), MoveWouldMakeCycle)
    assert refused(world, a, 1, Correction(parent_id=a)).field == "parent_id"


def test_a_corrected_parent_belongs_to_the_same_organisation(world: World) -> None:
    other = world.organ("Region Jämtland Härjedalen", OrganKind.REGION, on=date(2000, 1, 1))
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    assert refused(world, committee, 1, Correction(parent_id=other)).field == "parent_id"


def test_a_root_stays_a_root_and_has_no_parent(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    assert refused(world, committee, 1, Correction(kind=OrganKind.REGION)).field == "kind"
    with pytest.raises(InvalidCommand) as caught:
        world.organs.correct(world.region_id, 1, Correction(parent_id=committee), amend(world))
    assert caught.value.field == "parent_id"
    world.organs.correct(world.region_id, 1, Correction(date(1998, 1, 1)), amend(world))


def test_a_correction_of_the_establishment_needs_a_reason_and_a_difference(
    world: World,
) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    with pytest.raises(InvalidCommand) as caught:
        world.organs.correct(committee, 1, Correction(date(2011, 1, 1)), amend(world, BY))
    assert caught.value.field == "reason"
    same = Correction(date(2010, 1, 1), name="Nämnd")
    assert isinstance(refused(world, committee, 1, same), CorrectionChangesNothing)
    with pytest.raises(InvalidCommand) as successors:
        world.organs.correct(committee, 1, Correction(successor_ids=(committee,)), amend(world))
    assert successors.value.field == "successor_ids"


def test_a_correction_of_an_establishment_cannot_be_annulled(world: World) -> None:
    """Version 1 annuls the establishment itself (tests/unit/test_establishment_annulments)."""
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    corrected = world.organs.correct(committee, 1, Correction(name="Rätt"), amend(world))
    with pytest.raises(NotAnOrganisationalChange) as caught:
        world.organs.annul(committee, corrected.organ.version, amend(world))
    assert caught.value.field == "version"
    assert "establishment" in str(caught.value)
    assert "correct it" in str(caught.value)


def test_the_corrected_parent_is_not_dissolved_on_the_corrected_date(world: World) -> None:
    # With the same parent, the organ's own changes already keep its founding date before
    # the parent's dissolution (it moved or ended first); a new parent is checked on the date.
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD, on=date(2000, 1, 1))
    world.organs.dissolve(board, world.change(date(2015, 1, 1)))
    committee = world.organ("Utskott", on=date(2010, 1, 1))
    error = refused(world, committee, 1, Correction(date(2015, 1, 1), parent_id=board))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "parent_id"
    assert "dissolved" in str(error)


def test_a_refused_correction_leaves_the_organ_as_founded(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    world.seat(committee, world.person(), date(2012, 1, 1))
    refused(world, committee, 1, Correction(date(2013, 1, 1), name="Annat"))
    organ = record(world, committee).record
    assert (organ.established_on, organ.names.at(date(2010, 1, 1))) == (date(2010, 1, 1), "Nämnd")
