"""Annulling an organ's establishment (an organ recorded by mistake): refused while its own
record, seats or mandate name it; afterwards the organ does not exist for any write."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from application.errors import NotFound, UnknownReference
from application.organs import Amendment, NewOrgan
from domain.errors import InvalidCommand
from domain.organ_kinds import Classification, OrganKind
from domain.organs import Organ, OrganIsReferenced
from domain.provenance import Provenance
from projections.organ_records import dump_record, load_record
from tests.builders import BY, World, memory_app

WHY = Provenance(BY.actor, BY.correlation_id, "registrerad av misstag")


@pytest.fixture
def world() -> World:
    return World(memory_app())


def amend(world: World, by: Provenance = WHY) -> Amendment:
    return Amendment(world.decision_id, by)


def refused(world: World, organ_id: UUID) -> str:
    """The annulment is refused naming `version` and writes nothing; its detail."""
    before = world.app.last_position()
    with pytest.raises(OrganIsReferenced) as caught:
        world.organs.annul(organ_id, 1, amend(world))
    assert caught.value.field == "version"
    assert world.app.last_position() == before
    return str(caught.value)


def test_an_annulled_organ_does_not_exist_for_any_write(world: World) -> None:
    committee = world.organ("Nämnd")
    written = world.organs.annul(committee, 1, amend(world))
    assert written.organ.organ_id == committee
    with pytest.raises(NotFound):
        world.app.load(Organ, committee, what="organ")
    record = world.app.load(Organ, committee, what="organ", unfounded=True).record
    assert record.unfounded
    assert record.segments() == []
    assert record.state_on(date(2015, 1, 1)) is None
    before = world.app.last_position()
    with pytest.raises(NotFound):
        world.organs.annul(committee, 1, amend(world))
    with pytest.raises(NotFound):
        world.organs.rename(committee, "Annat", world.change(date(2015, 1, 1)))
    new = NewOrgan("Utskott", Classification(OrganKind.SUBCOMMITTEE), parent_id=committee)
    with pytest.raises(UnknownReference) as unknown:
        world.organs.establish(new, world.change(date(2015, 1, 1)))
    assert unknown.value.field == "parent_id"
    assert world.app.last_position() == before


def test_the_annulment_needs_a_reason(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(InvalidCommand) as caught:
        world.organs.annul(committee, 1, amend(world, BY))
    assert caught.value.field == "reason"


def test_a_child_a_seat_or_a_mandate_keeps_the_organ(world: World) -> None:
    committee = world.organ("Nämnd")
    child = world.organ("Utskott", OrganKind.SUBCOMMITTEE, parent_id=committee)
    assert f"a child organ ({child})" in refused(world, committee)
    other = world.organ("Annan nämnd")
    moved = world.organs.move(child, other, world.change(date(2015, 1, 1)))
    assert moved.organ.parent_id == other
    assert f"a child organ ({child})" in refused(world, committee)  # it sat there once
    seat = world.seat(other, world.person())
    assert f"a seat in it ({seat})" in refused(world, other)


def test_a_successor_named_by_its_dissolution_keeps_the_organ(world: World) -> None:
    committee = world.organ("Nämnd")
    successor = world.organ("Ny nämnd")
    world.organs.dissolve(committee, world.change(date(2015, 1, 1)), (successor,))
    assert "succession" in refused(world, committee)


def test_a_parent_with_an_annulled_child_is_dissolved_as_if_it_never_had_it(
    world: World,
) -> None:
    committee = world.organ("Nämnd")
    child = world.organ("Utskott", OrganKind.SUBCOMMITTEE, parent_id=committee)
    world.organs.annul(child, 1, amend(world))
    dissolved = world.organs.dissolve(committee, world.change(date(2015, 1, 1)))
    assert dissolved.organ.dissolved_on == date(2015, 1, 1)


def test_the_projection_state_keeps_the_annulment(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.annul(committee, 1, amend(world))
    record = world.app.load(Organ, committee, what="organ", unfounded=True).record
    again = load_record(dump_record(record))
    assert again.unfounded
    assert again.segments() == []
