from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from application.errors import NotFound, UnknownReference, VersionMismatch
from application.organs import Change, NewOrgan
from domain.errors import InvalidCommand, RuleConflict
from domain.organ_kinds import Classification, GroupType, OrganKind
from domain.organ_structure import HasSubordinates, MoveWouldMakeCycle, ParentNotInExistence
from domain.organs import (
    AlreadyDissolved,
    LaterChangesRecorded,
    NothingChanges,
    Organ,
    OrganNotInExistence,
    RootCannotMove,
)
from tests.builders import BY, World, memory_app


@pytest.fixture
def world() -> World:
    return World(memory_app())


def organ(world: World, organ_id: UUID) -> Organ:
    return world.app.load(Organ, organ_id, what="organ")


def test_establishing_under_a_parent_takes_the_parents_organisation(world: World) -> None:
    committee = world.organ("Hälso- och sjukvårdsnämnden")
    record = organ(world, committee).record
    assert record.organisation_id == world.region_id
    assert record.parents.at(date(2010, 1, 1)) == world.region_id
    assert committee in organ(world, world.region_id).record.child_ids


def test_root_kinds_are_their_own_organisation(world: World) -> None:
    assert organ(world, world.region_id).record.organisation_id == world.region_id


def test_a_group_needs_a_group_type(world: World) -> None:
    with pytest.raises(InvalidCommand) as caught:
        world.organ("Funktionsgrupp kansli", OrganKind.GROUP)
    assert caught.value.field == "group_type"


def test_a_committee_needs_a_parent(world: World) -> None:
    new = NewOrgan("Nämnd", Classification(OrganKind.COMMITTEE))
    with pytest.raises(InvalidCommand) as caught:
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert caught.value.field == "parent_id"


def test_a_region_cannot_have_a_parent(world: World) -> None:
    new = NewOrgan("Region", Classification(OrganKind.REGION), parent_id=world.region_id)
    with pytest.raises(InvalidCommand) as caught:
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert caught.value.field == "parent_id"


def test_a_collaboration_needs_principals(world: World) -> None:
    new = NewOrgan("LiSA", Classification(OrganKind.COLLABORATION))
    with pytest.raises(InvalidCommand) as caught:
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert caught.value.field == "principal_ids"


def test_a_collaboration_names_each_principal_once(world: World) -> None:
    principals = (world.region_id, world.region_id)
    new = NewOrgan("LiSA", Classification(OrganKind.COLLABORATION), principal_ids=principals)
    before = world.app.last_position()
    with pytest.raises(InvalidCommand, match="named twice") as caught:
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert caught.value.field == "principal_ids"
    assert world.app.last_position() == before


def test_unknown_parent_is_an_unknown_reference(world: World) -> None:
    new = NewOrgan("Nämnd", Classification(OrganKind.COMMITTEE), parent_id=uuid4())
    with pytest.raises(UnknownReference) as caught:
        world.organs.establish(new, world.change(date(2010, 1, 1)))
    assert caught.value.field == "parent_id"


def test_unknown_decision_is_an_unknown_reference_and_writes_nothing(world: World) -> None:
    before = world.app.last_position()
    new = NewOrgan("Nämnd", Classification(OrganKind.COMMITTEE), parent_id=world.region_id)
    with pytest.raises(UnknownReference) as caught:
        world.organs.establish(new, Change(date(2010, 1, 1), uuid4(), BY))
    assert caught.value.field == "decision_id"
    assert world.app.last_position() == before


def test_parent_must_exist_on_the_effective_date(world: World) -> None:
    new = NewOrgan("Nämnd", Classification(OrganKind.COMMITTEE), parent_id=world.region_id)
    with pytest.raises(OrganNotInExistence) as caught:
        world.organs.establish(new, world.change(date(1990, 1, 1)))
    assert caught.value.field == "parent_id"


def test_rename_takes_effect_from_its_date(world: World) -> None:
    group = world.organ(
        "Funktionsgrupp kanslichefer", OrganKind.GROUP, group_type=GroupType.FUNCTION_GROUP
    )
    world.organs.rename(group, "Funktionsgrupp kansli", world.change(date(2024, 5, 31)))
    names = organ(world, group).record.names
    assert names.at(date(2024, 5, 30)) == "Funktionsgrupp kanslichefer"
    assert names.at(date(2024, 5, 31)) == "Funktionsgrupp kansli"


def test_rename_before_establishment_is_refused(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    with pytest.raises(OrganNotInExistence) as caught:
        world.organs.rename(committee, "Ny", world.change(date(2009, 12, 31)))
    assert caught.value.field == "effective_on"


def test_rename_to_the_same_name_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(NothingChanges):
        world.organs.rename(committee, "Nämnd", world.change(date(2012, 1, 1)))


def test_reclassify_function_group_to_coordinating_group(world: World) -> None:
    group = world.organ(
        "Funktionsgrupp produktionschefer", OrganKind.GROUP, group_type=GroupType.FUNCTION_GROUP
    )
    written = world.organs.reclassify(
        group,
        Classification(OrganKind.GROUP, GroupType.COORDINATING_GROUP),
        world.change(date(2024, 5, 31)),
    )
    assert written.organ.classification.group_type is GroupType.COORDINATING_GROUP
    kinds = organ(world, group).record.classifications
    assert kinds.at(date(2024, 5, 30)).group_type is GroupType.FUNCTION_GROUP


def test_a_committee_cannot_become_a_region(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(RuleConflict) as caught:
        world.organs.reclassify(
            committee, Classification(OrganKind.REGION), world.change(date(2012, 1, 1))
        )
    assert caught.value.field == "kind"


def test_move_under_own_descendant_is_a_cycle(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD)
    sub = world.organ("Arbetsutskott", OrganKind.SUBCOMMITTEE, parent_id=board)
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.move(board, sub, world.change(date(2012, 1, 1)))


def test_back_dated_move_that_makes_a_cycle_later_is_refused(world: World) -> None:
    a = world.organ("A")
    b = world.organ("B")
    # From 2015 B sits under A; moving A under B from 2012 would make a cycle from 2015.
    world.organs.move(b, a, world.change(date(2015, 1, 1)))
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.move(a, b, world.change(date(2012, 1, 1)))


def test_region_cannot_move(world: World) -> None:
    other = world.organ("Annan region", OrganKind.REGION)
    with pytest.raises(RootCannotMove):
        world.organs.move(world.region_id, other, world.change(date(2012, 1, 1)))


def test_move_to_the_current_parent_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(NothingChanges):
        world.organs.move(committee, world.region_id, world.change(date(2012, 1, 1)))


def test_dissolving_twice_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2015, 1, 1)))
    with pytest.raises(AlreadyDissolved):
        world.organs.dissolve(committee, world.change(date(2016, 1, 1)))


def test_renaming_a_dissolved_organ_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2015, 1, 1)))
    with pytest.raises(OrganNotInExistence) as caught:
        world.organs.rename(committee, "Ny", world.change(date(2015, 1, 1)))
    assert "dissolved" in caught.value.detail


def test_back_dated_rename_within_life_of_dissolved_organ_is_accepted(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2015, 1, 1)))
    world.organs.rename(committee, "Rättat namn", world.change(date(2014, 6, 1)))
    assert organ(world, committee).record.names.at(date(2014, 12, 31)) == "Rättat namn"


def test_dissolution_before_recorded_changes_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.rename(committee, "Ny", world.change(date(2016, 1, 1)))
    with pytest.raises(LaterChangesRecorded):
        world.organs.dissolve(committee, world.change(date(2015, 1, 1)))


def test_dissolving_a_parent_with_subordinates_is_refused(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD)
    world.organ("Arbetsutskott", OrganKind.SUBCOMMITTEE, parent_id=board)
    with pytest.raises(HasSubordinates) as caught:
        world.organs.dissolve(board, world.change(date(2015, 1, 1)))
    assert "Arbetsutskott" in caught.value.detail


def test_parent_can_be_dissolved_once_its_subordinate_has_moved(world: World) -> None:
    board = world.organ("Styrelse", OrganKind.EXECUTIVE_BOARD)
    sub = world.organ("Arbetsutskott", OrganKind.SUBCOMMITTEE, parent_id=board)
    world.organs.move(sub, world.region_id, world.change(date(2014, 1, 1)))
    world.organs.dissolve(board, world.change(date(2015, 1, 1)))
    assert organ(world, board).record.dissolved_on == date(2015, 1, 1)


def test_moving_back_dated_under_an_organ_dissolved_later_is_refused(world: World) -> None:
    old = world.organ("Gammal nämnd")
    world.organs.dissolve(old, world.change(date(2015, 1, 1)))
    committee = world.organ("Nämnd")
    with pytest.raises(ParentNotInExistence):
        world.organs.move(committee, old, world.change(date(2012, 1, 1)))


def test_dissolve_and_replace_writes_successor_first_atomically(world: World) -> None:
    vastkom = world.organ("VästKom", OrganKind.EXTERNAL_PARTY)
    principals = (world.region_id, vastkom)
    lisa = world.organ("LiSA", OrganKind.COLLABORATION, principal_ids=principals)
    vvg = NewOrgan("VVG", Classification(OrganKind.COLLABORATION), principal_ids=principals)
    written = world.organs.dissolve(lisa, world.change(date(2017, 1, 1)), new_successors=(vvg,))
    (successor,) = written.successors
    assert written.organ.successor_ids == (successor.organ_id,)
    assert written.organ.name == "LiSA"
    topics = [n.topic for n in world.app.recorder.select_notifications(None, 100)][-2:]
    assert topics == ["styrlogg:Organ.Established", "styrlogg:Organ.Dissolved"]


def test_a_failed_dissolve_and_replace_writes_nothing(world: World) -> None:
    lisa = world.organ("LiSA", OrganKind.COLLABORATION, principal_ids=(world.region_id,))
    bad = NewOrgan("VVG", Classification(OrganKind.COLLABORATION))  # no principals
    before = world.app.last_position()
    with pytest.raises(InvalidCommand):
        world.organs.dissolve(lisa, world.change(date(2017, 1, 1)), new_successors=(bad,))
    assert world.app.last_position() == before


def test_stale_expected_version_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    stale = Change(date(2012, 1, 1), world.decision_id, BY, expected_version=7)
    with pytest.raises(VersionMismatch) as caught:
        world.organs.rename(committee, "Ny", stale)
    assert caught.value.current == 1


def test_unknown_organ_in_path_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        world.organs.rename(uuid4(), "Ny", world.change(date(2012, 1, 1)))


def test_decision_id_is_not_an_organ(world: World) -> None:
    with pytest.raises(NotFound):
        world.organs.rename(world.decision_id, "Ny", world.change(date(2012, 1, 1)))


def test_back_dated_move_whose_span_ends_before_the_cycle_would_start_is_accepted(
    world: World,
) -> None:
    a = world.organ("A")
    b = world.organ("B")
    elsewhere = world.organ("C")
    world.organs.move(a, elsewhere, world.change(date(2014, 1, 1)))
    world.organs.move(b, a, world.change(date(2015, 1, 1)))
    # A sits under B only from 2012 until its recorded move in 2014: B is under A from 2015.
    world.organs.move(a, b, world.change(date(2012, 1, 1)))
    assert organ(world, a).record.parents.at(date(2013, 1, 1)) == b


def test_cycle_through_several_organs_and_dates_is_refused(world: World) -> None:
    a, b, c = world.organ("A"), world.organ("B"), world.organ("C")
    world.organs.move(b, a, world.change(date(2013, 1, 1)))
    world.organs.move(c, b, world.change(date(2016, 1, 1)))
    with pytest.raises(MoveWouldMakeCycle):
        world.organs.move(a, c, world.change(date(2011, 1, 1)))
