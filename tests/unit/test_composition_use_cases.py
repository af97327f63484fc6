"""Composition: appointing, changing the presidium role, ending seats, and dissolutions."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID, uuid4

import pytest

from application.composition import NewSeat
from application.errors import NotFound, UnknownReference
from domain.composition import (
    Composition,
    OverlappingSeat,
    PresidiumRole,
    PresidiumTaken,
    SeatAlreadyEnded,
    SeatNotHeld,
    SeatRole,
    SeatsOutliveOrgan,
)
from domain.errors import InvalidCommand, RuleConflict
from domain.organ_kinds import OrganKind
from domain.organs import OrganNotInExistence
from domain.people import PersonalDetails
from tests.builders import BY, World, memory_app

CHAIR = PresidiumRole.CHAIR


@pytest.fixture
def world() -> World:
    return World(memory_app())


def seats(world: World, organ_id: UUID) -> Composition:
    return world.app.load(Composition, Composition.id_for(organ_id), what="composition")


def chair_on(world: World, organ_id: UUID, on: date) -> UUID | None:
    holders = [
        r.seat.person_id
        for r in seats(world, organ_id).seats.values()
        if r.presidium_on(on) is CHAIR
    ]
    assert len(holders) <= 1
    return holders[0] if holders else None


def test_a_chair_alternating_yearly_between_two_parties(world: World) -> None:
    """Seat 003: VVG's chair comes from the region one year, from the municipalities the next."""
    vvg = world.organ(
        "Vård- och vägledningsgruppen",
        OrganKind.COLLABORATION,
        on=date(2017, 1, 1),
        principal_ids=(world.region_id,),
    )
    region_side, municipal_side = world.person("Region Rep"), world.person("Kommun Rep")
    world.seat(vvg, region_side, date(2017, 1, 1), presidium_role=CHAIR)
    seat = world.seat(vvg, municipal_side, date(2017, 1, 1))
    world.composition.change_presidium(vvg, seat, CHAIR, world.change(date(2018, 1, 1)))

    assert chair_on(world, vvg, date(2017, 6, 1)) == region_side
    assert chair_on(world, vvg, date(2018, 6, 1)) == municipal_side


def test_giving_the_chair_takes_it_from_its_holder_in_one_save(world: World) -> None:
    committee = world.organ("Nämnd")
    first, second = world.person("Första"), world.person("Andra")
    first_seat = world.seat(committee, first, presidium_role=CHAIR)
    before = world.app.last_position()
    world.seat(committee, second, date(2016, 1, 1), presidium_role=CHAIR)

    record = seats(world, committee).seats[first_seat]
    assert record.presidium_on(date(2015, 6, 1)) is CHAIR
    assert record.presidium_on(date(2016, 6, 1)) is None
    assert record.holds(date(2016, 6, 1)), "losing the chair ends no seat"
    written = [n.topic for n in world.app.notification_log.select(before + 1, 10)]
    assert written == [
        "styrlogg:Composition.MemberAppointed",
        "styrlogg:Composition.PresidiumChanged",
    ]


def test_a_presidium_change_that_would_leave_two_chairs_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    first, second = world.person("Första"), world.person("Andra")
    first_seat = world.seat(committee, first)
    second_seat = world.seat(committee, second)
    change = world.composition.change_presidium
    change(committee, first_seat, CHAIR, world.change(date(2019, 1, 1)))
    before = world.app.last_position()
    # From 2018 the second holds the chair with no end: it would collide with 2019's.
    with pytest.raises(PresidiumTaken):
        change(committee, second_seat, CHAIR, world.change(date(2018, 1, 1)))
    assert world.app.last_position() == before


def test_a_seat_cannot_start_before_its_organ_exists(world: World) -> None:
    committee = world.organ("Nämnd", on=date(2010, 1, 1))
    with pytest.raises(OrganNotInExistence) as caught:
        world.seat(committee, world.person(), date(2009, 12, 31))
    assert caught.value.field == "effective_on"


def test_a_seat_cannot_start_on_or_after_the_dissolution(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2016, 1, 1)))
    with pytest.raises(OrganNotInExistence):
        world.seat(committee, world.person(), date(2016, 1, 1))


def test_dissolving_an_organ_ends_its_open_seats_on_that_date(world: World) -> None:
    committee = world.organ("Nämnd")
    person = world.person()
    seat = world.seat(committee, person, date(2015, 1, 1), presidium_role=CHAIR)
    dissolution = world.decision(date(2016, 11, 1), "Nämnden upphör")
    world.organs.dissolve(committee, world.change(date(2017, 1, 1), dissolution))

    record = seats(world, committee).seats[seat]
    assert record.ended_on == date(2017, 1, 1)
    assert record.holds(date(2016, 12, 31))
    assert not record.holds(date(2017, 1, 1))
    ended = [
        e
        for e in world.app.events.get(Composition.id_for(committee))
        if isinstance(e, Composition.SeatEnded)
    ]
    assert [e.decision_id for e in ended] == [dissolution]


def test_a_seat_ending_after_a_dissolution_date_is_cut_short_by_it(world: World) -> None:
    committee = world.organ("Nämnd")
    seat = world.seat(committee, world.person(), date(2015, 1, 1))
    world.composition.end(committee, seat, world.change(date(2020, 1, 1)))
    world.organs.dissolve(committee, world.change(date(2018, 1, 1)))
    assert seats(world, committee).seats[seat].ended_on == date(2018, 1, 1)


def test_a_dissolution_before_a_seat_starts_is_refused_and_writes_nothing(world: World) -> None:
    committee = world.organ("Nämnd")
    world.seat(committee, world.person(), date(2018, 1, 1))
    before = world.app.last_position()
    with pytest.raises(SeatsOutliveOrgan):
        world.organs.dissolve(committee, world.change(date(2017, 1, 1)))
    assert world.app.last_position() == before


def test_an_overlapping_duplicate_seat_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    person = world.person()
    seat = world.seat(committee, person, date(2015, 1, 1))
    with pytest.raises(OverlappingSeat) as caught:
        world.seat(committee, person, date(2016, 1, 1))
    assert caught.value.field == "person_id"
    # After the first seat ended, the same person may sit again.
    world.composition.end(committee, seat, world.change(date(2017, 1, 1)))
    world.seat(committee, person, date(2017, 1, 1))


@pytest.mark.parametrize("role", [r for r in SeatRole if r is not SeatRole.MEMBER])
def test_a_person_holds_one_seat_per_organ_whatever_its_role(world: World, role: SeatRole) -> None:
    """A member is not at once a substitute, a secretary or support in the same organ."""
    committee = world.organ("Nämnd")
    person = world.person()
    seat = world.seat(committee, person, date(2015, 1, 1))
    world.seat(world.organ("Annan nämnd"), person, date(2016, 1, 1), role=role)
    before = world.app.last_position()
    with pytest.raises(OverlappingSeat) as caught:
        world.seat(committee, person, date(2016, 1, 1), role=role)
    assert caught.value.field == "person_id"
    assert "member seat here from 2015-01-01" in caught.value.detail
    with pytest.raises(OverlappingSeat):  # back-dated and open-ended: it would overlap too
        world.seat(committee, person, date(2014, 1, 1), role=role)
    assert world.app.last_position() == before
    world.composition.end(committee, seat, world.change(date(2017, 1, 1)))
    world.seat(committee, person, date(2017, 1, 1), role=role)


def test_a_substitute_order_only_on_a_substitute_seat(world: World) -> None:
    committee = world.organ("Nämnd")
    for role in (r for r in SeatRole if r is not SeatRole.SUBSTITUTE):
        new = NewSeat(person_id=world.person(), role=role, substitute_order=1)
        before = world.app.last_position()
        with pytest.raises(InvalidCommand) as caught:
            world.composition.appoint(committee, new, world.change(date(2015, 1, 1)))
        assert caught.value.field == "substitute_order"
        assert world.app.last_position() == before
    new = NewSeat(person_id=world.person(), role=SeatRole.SUBSTITUTE, substitute_order=1)
    written = world.composition.appoint(committee, new, world.change(date(2015, 1, 1)))
    assert (written.role, written.substitute_order) == (SeatRole.SUBSTITUTE, 1)


@pytest.mark.parametrize("field", ["representing_id", "appointed_by_id"])
def test_a_seats_represented_and_appointing_organs_exist_on_its_first_day(
    world: World, field: str
) -> None:
    committee = world.organ("Nämnd")
    gone = world.organ("Delregional grupp", OrganKind.EXTERNAL_PARTY, on=date(2010, 1, 1))
    world.organs.dissolve(gone, world.change(date(2016, 1, 1)))
    later = world.organ("Ny part", OrganKind.EXTERNAL_PARTY, on=date(2018, 1, 1))
    person = world.person()

    def naming(organ_id: UUID) -> NewSeat:
        if field == "representing_id":
            return NewSeat(person_id=person, role=SeatRole.MEMBER, representing_id=organ_id)
        return NewSeat(person_id=person, role=SeatRole.MEMBER, appointed_by_id=organ_id)

    before = world.app.last_position()
    for organ_id, on, said in (
        (gone, date(2016, 1, 1), "dissolved from 2016-01-01"),
        (later, date(2017, 12, 31), "not established until 2018-01-01"),
    ):
        with pytest.raises(OrganNotInExistence) as caught:
            world.composition.appoint(committee, naming(organ_id), world.change(on))
        assert caught.value.field == field
        assert said in caught.value.detail
    assert world.app.last_position() == before
    written = world.composition.appoint(committee, naming(gone), world.change(date(2015, 12, 31)))
    assert getattr(written, field) == gone, "the seat's first day is what is checked"


def test_ending_a_seat(world: World) -> None:
    committee = world.organ("Nämnd")
    seat = world.seat(committee, world.person(), date(2015, 1, 1))
    with pytest.raises(SeatNotHeld):
        world.composition.end(committee, seat, world.change(date(2015, 1, 1)))
    world.composition.end(committee, seat, world.change(date(2016, 1, 1)))
    with pytest.raises(SeatAlreadyEnded):
        world.composition.end(committee, seat, world.change(date(2017, 1, 1)))


def test_a_seat_back_dated_into_a_dissolved_organ_ends_with_it(world: World) -> None:
    committee = world.organ("Nämnd")
    world.organs.dissolve(committee, world.change(date(2016, 1, 1)))
    seat = world.seat(committee, world.person(), date(2015, 2, 1))
    assert seats(world, committee).seats[seat].ended_on == date(2016, 1, 1)
    with pytest.raises(SeatAlreadyEnded):
        world.composition.end(committee, seat, world.change(date(2017, 1, 1)))


def test_a_presidium_role_sits_on_a_member_seat(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(InvalidCommand) as caught:
        world.seat(committee, world.person(), role=SeatRole.SECRETARY, presidium_role=CHAIR)
    assert caught.value.field == "presidium_role"
    secretary = world.seat(committee, world.person(), role=SeatRole.SECRETARY)
    with pytest.raises(RuleConflict):
        world.composition.change_presidium(
            committee, secretary, CHAIR, world.change(date(2016, 1, 1))
        )


def test_unknown_people_and_organs_are_named_by_field(world: World) -> None:
    committee = world.organ("Nämnd")
    with pytest.raises(UnknownReference) as caught:
        world.seat(committee, uuid4())
    assert caught.value.field == "person_id"
    with pytest.raises(UnknownReference) as caught:
        world.seat(committee, world.person(), representing_id=uuid4())
    assert caught.value.field == "representing_id"
    with pytest.raises(NotFound):
        world.seat(uuid4(), world.person())


def test_a_seat_in_another_organs_path_is_not_found(world: World) -> None:
    committee, other = world.organ("Nämnd"), world.organ("Annan nämnd")
    seat = world.seat(committee, world.person())
    world.seat(other, world.person("B"))
    with pytest.raises(NotFound):
        world.composition.end(other, seat, world.change(date(2016, 1, 1)))


def test_a_presidium_change_outside_the_seat_is_refused(world: World) -> None:
    committee = world.organ("Nämnd")
    seat = world.seat(committee, world.person(), date(2015, 1, 1))
    with pytest.raises(SeatNotHeld) as caught:
        world.composition.change_presidium(committee, seat, CHAIR, world.change(date(2014, 1, 1)))
    assert caught.value.field == "effective_on"


def test_personal_data_never_reaches_an_event(world: World) -> None:
    committee = world.organ("Nämnd")
    person = world.people.register(
        PersonalDetails("Karin Unik-Namnsdotter", "Regiondirektör", committee), BY
    ).person_id
    world.seat(committee, person)
    stored = [
        n.state.decode() for n in world.app.recorder.select_notifications(start=1, limit=1000)
    ]
    dumped = json.dumps(stored, ensure_ascii=False)
    assert person.hex in dumped, "the events cite the person by id"
    assert "Unik-Namnsdotter" not in dumped
    assert "Regiondirektör" not in dumped
    assert world.personal_data.get(person) == PersonalDetails(
        "Karin Unik-Namnsdotter", "Regiondirektör", committee
    )


def test_erasing_a_person_keeps_their_seats(world: World) -> None:
    committee = world.organ("Nämnd")
    person = world.person("Erik Raderad")
    seat = world.seat(committee, person)
    world.people.erase(person, BY)
    assert world.personal_data.get(person) is None
    assert seats(world, committee).seats[seat].seat.person_id == person
    with pytest.raises(RuleConflict):
        world.seat(world.organ("Annan"), person)


def test_a_person_needs_a_name_and_a_known_employer(world: World) -> None:
    with pytest.raises(InvalidCommand) as caught:
        world.people.register(PersonalDetails("  "), BY)
    assert caught.value.field == "name"
    with pytest.raises(UnknownReference) as unknown:
        world.people.register(PersonalDetails("Anna", None, uuid4()), BY)
    assert unknown.value.field == "employer_organ_id"


def test_registering_a_known_id_twice_keeps_the_first_personal_data(world: World) -> None:
    person_id = uuid4()
    world.people.register(PersonalDetails("Första"), BY, person_id)
    with pytest.raises(RuleConflict):
        world.people.register(PersonalDetails("Andra"), BY, person_id)
    assert world.personal_data.get(person_id) == PersonalDetails("Första")


def test_appointing_writes_the_composition_and_cites_the_decision(world: World) -> None:
    committee = world.organ("Nämnd")
    decision = world.decision(date(2014, 12, 1), "Val av ledamöter")
    written = world.composition.appoint(
        committee,
        NewSeat(world.person(), SeatRole.MEMBER, political_party="S"),
        world.change(date(2015, 1, 1), decision),
    )
    assert written.decision_id == decision
    assert written.position == world.app.last_position()
    assert written.political_party == "S"
