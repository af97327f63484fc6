"""Correcting and annulling an organ's changes: every rule checked on the organ as it
would be afterwards, nothing written when one refuses."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from application.organs import Amendment, Change
from domain.composition import Composition
from domain.errors import InvalidCommand
from domain.organ_corrections import (
    AlreadyAnnulled,
    Correction,
    CorrectionChangesNothing,
    NoSuchChange,
    NotAnOrganisationalChange,
)
from domain.organ_structure import HasSubordinates, MoveWouldMakeCycle, ParentNotInExistence
from domain.organs import AlreadyDissolved, LaterChangesRecorded, Organ, OrganNotInExistence
from domain.provenance import Provenance
from tests.builders import BY, World, memory_app

WHY = Provenance(BY.actor, BY.correlation_id, "fel i registreringen")


@pytest.fixture
def world() -> World:
    return World(memory_app())


def organ(world: World, organ_id: UUID) -> Organ:
    return world.app.load(Organ, organ_id, what="organ")


def amend(world: World, by: Provenance = WHY) -> Amendment:
    return Amendment(world.decision_id, by)


def test_an_annulled_rename_reads_as_never_recorded(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    world.organs.annul(committee, renamed.organ.version, amend(world))
    record = organ(world, committee).record
    assert record.names.at(date(2016, 1, 1)) == "Nämnd"
    assert record.in_force() == []


def test_annulling_twice_is_refused_naming_the_version(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    world.organs.annul(committee, renamed.organ.version, amend(world))
    before = world.app.last_position()
    with pytest.raises(AlreadyAnnulled) as caught:
        world.organs.annul(committee, renamed.organ.version, amend(world))
    assert caught.value.field == "version"
    assert world.app.last_position() == before


def test_a_correction_of_the_establishment_and_unknown_versions_cannot_be_annulled(
    world: World,
) -> None:
    committee = world.organ("Nämnd")
    fix = Correction(name="Rätt namn")
    corrected = world.organs.correct(committee, 1, fix, amend(world))
    with pytest.raises(NotAnOrganisationalChange) as caught:
        world.organs.annul(committee, corrected.organ.version, amend(world))
    assert caught.value.field == "version"
    with pytest.raises(NoSuchChange) as unknown:
        world.organs.annul(committee, 99, amend(world))
    assert unknown.value.field == "version"


def test_an_annulment_or_correction_needs_a_reason(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    with pytest.raises(InvalidCommand) as caught:
        world.organs.annul(committee, renamed.organ.version, amend(world, BY))
    assert caught.value.field == "reason"
    fix = Correction(name="Rätt namn")
    with pytest.raises(InvalidCommand):
        world.organs.correct(committee, renamed.organ.version, fix, amend(world, BY))


def test_a_corrected_rename_holds_its_new_name_and_date(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    fix = Correction(effective_on=date(2016, 1, 1), name="Rätt namn")
    world.organs.correct(committee, renamed.organ.version, fix, amend(world))
    record = organ(world, committee).record
    assert record.names.at(date(2015, 6, 1)) == "Nämnd"
    assert record.names.at(date(2016, 1, 1)) == "Rätt namn"


def test_a_correction_gives_only_fields_of_its_change(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    fix = Correction(parent_id=world.region_id)
    with pytest.raises(InvalidCommand) as caught:
        world.organs.correct(committee, renamed.organ.version, fix, amend(world))
    assert caught.value.field == "parent_id"
    with pytest.raises(CorrectionChangesNothing):
        world.organs.correct(committee, renamed.organ.version, Correction(), amend(world))


def test_a_second_dissolution_without_a_reason_says_how_to_correct_it(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2018, 1, 1)))
    with pytest.raises(AlreadyDissolved) as caught:
        world.organs.dissolve(committee, world.change(date(2017, 1, 1)))
    assert "reason" in caught.value.detail


def test_a_second_dissolution_with_a_reason_corrects_the_date(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2018, 1, 1)))
    world.organs.dissolve(committee, Change(date(2017, 1, 1), world.decision_id, WHY))
    record = organ(world, committee).record
    assert record.dissolved_on == date(2017, 1, 1)
    last = list(world.app.events.get(committee))[-1]
    assert isinstance(last, Organ.ChangeCorrected)
    assert last.reason == WHY.reason


def test_a_corrected_dissolution_must_not_precede_a_child_still_alive(world: World) -> None:
    board = world.organ("Styrelse")
    subcommittee = world.organ("Utskott", on=date(2012, 1, 1), parent_id=board)
    group = world.organ("Arbetsgrupp", on=date(2012, 1, 1), parent_id=board)
    world.organs.dissolve(group, world.change(date(2016, 1, 1)))
    world.organs.move(subcommittee, world.organ("Annan"), world.change(date(2017, 1, 1)))
    world.organs.dissolve(board, world.change(date(2018, 1, 1)))
    before = world.app.last_position()
    with pytest.raises(HasSubordinates) as caught:
        world.organs.dissolve(board, Change(date(2016, 6, 1), world.decision_id, WHY))
    assert caught.value.field == "effective_on"
    assert world.app.last_position() == before


def test_a_corrected_dissolution_comes_after_every_other_change(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.rename(committee, "Nytt namn", world.change(date(2016, 1, 1)))
    dissolved = world.organs.dissolve(committee, world.change(date(2018, 1, 1)))
    fix = Correction(effective_on=date(2015, 1, 1))
    with pytest.raises(LaterChangesRecorded):
        world.organs.correct(committee, dissolved.organ.version, fix, amend(world))
    fix = Correction(effective_on=date(2009, 1, 1))
    with pytest.raises(OrganNotInExistence):
        world.organs.correct(committee, dissolved.organ.version, fix, amend(world))


def test_an_earlier_dissolution_date_ends_the_seats_on_it(world: World) -> None:
    committee = world.organ("Nämnd")
    seat = world.seat(committee, world.person(), date(2015, 1, 1))
    world.organs.dissolve(committee, world.change(date(2018, 1, 1)))
    world.organs.dissolve(committee, Change(date(2017, 1, 1), world.decision_id, WHY))
    composition = world.app.load(Composition, Composition.id_for(committee), what="composition")
    assert composition.seat(seat).ended_on == date(2017, 1, 1)


def test_an_annulled_move_must_not_leave_a_cycle(world: World) -> None:
    a = world.organ("A")
    b = world.organ("B")
    world.organs.move(a, b, world.change(date(2011, 1, 1)))
    back = world.organs.move(a, world.region_id, world.change(date(2012, 1, 1)))
    world.organs.move(b, a, world.change(date(2013, 1, 1)))
    before = world.app.last_position()
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.annul(a, back.organ.version, amend(world))
    assert world.app.last_position() == before


def test_an_annulled_dissolution_needs_its_parent_alive(world: World) -> None:
    board = world.organ("Styrelse")
    child = world.organ("Utskott", parent_id=board)
    dissolved = world.organs.dissolve(child, world.change(date(2015, 1, 1)))
    world.organs.dissolve(board, world.change(date(2016, 1, 1)))
    with pytest.raises(ParentNotInExistence):
        world.organs.annul(child, dissolved.organ.version, amend(world))


def test_an_annulled_dissolution_lets_the_organ_live_on(world: World) -> None:
    committee = world.organ("Nämnd")
    dissolved = world.organs.dissolve(committee, world.change(date(2015, 1, 1)))
    world.organs.annul(committee, dissolved.organ.version, amend(world))
    record = organ(world, committee).record
    assert record.dissolved_on is None
    world.organs.rename(committee, "Nytt namn", world.change(date(2016, 1, 1)))


def test_a_rename_retracted_on_the_same_date_no_longer_blocks_an_earlier_dissolution(
    world: World,
) -> None:
    committee = world.organ("Nämnd")
    world.organs.rename(committee, "Fel namn", world.change(date(2020, 1, 1)))
    world.organs.rename(committee, "Nämnd", world.change(date(2020, 1, 1)))
    world.organs.dissolve(committee, world.change(date(2019, 1, 1)))
    assert organ(world, committee).record.dissolved_on == date(2019, 1, 1)


def test_a_correction_of_a_correction_and_its_annulment_act_on_the_same_change(
    world: World,
) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Fel namn", world.change(date(2015, 1, 1)))
    first = world.organs.correct(
        committee, renamed.organ.version, Correction(name="Nästan"), amend(world)
    )
    world.organs.correct(committee, first.organ.version, Correction(name="Rätt"), amend(world))
    assert organ(world, committee).record.names.at(date(2015, 1, 1)) == "Rätt"
    world.organs.annul(committee, renamed.organ.version, amend(world))
    assert organ(world, committee).record.names.at(date(2015, 1, 1)) == "Nämnd"
    with pytest.raises(AlreadyAnnulled):
        world.organs.annul(committee, first.organ.version, amend(world))


def test_a_corrected_move_must_not_make_a_cycle(world: World) -> None:
    a = world.organ("A")
    b = world.organ("B")
    moved = world.organs.move(a, world.organ("C"), world.change(date(2011, 1, 1)))
    world.organs.move(b, a, world.change(date(2013, 1, 1)))
    before = world.app.last_position()
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.correct(a, moved.organ.version, Correction(parent_id=b), amend(world))
    assert world.app.last_position() == before


def test_a_corrected_move_places_the_organ_under_its_new_parent(world: World) -> None:
    a = world.organ("A")
    moved = world.organs.move(a, world.organ("B"), world.change(date(2011, 1, 1)))
    c = world.organ("C")
    fix = Correction(effective_on=date(2012, 1, 1), parent_id=c)
    world.organs.correct(a, moved.organ.version, fix, amend(world))
    record = organ(world, a).record
    assert record.parents.at(date(2011, 6, 1)) == world.region_id
    assert record.parents.at(date(2012, 1, 1)) == c
    assert a in organ(world, c).record.child_ids
