"""Correcting an establishment's code and a collaboration's principals (issue #16): a code
left out stays and None clears it; the principals are stated in full, each existing on the
founding date; a correction of version 1 of the event left both as founded."""

from __future__ import annotations

import dataclasses
from datetime import date
from uuid import UUID

import pytest

from application.errors import UnknownReference
from domain.errors import InvalidCommand
from domain.organ_corrections import Correction, CorrectionChangesNothing
from domain.organ_kinds import OrganKind
from domain.organs import Organ, OrganNotInExistence
from tests.builders import World, memory_app
from tests.unit.test_establishment_corrections import WHY, amend, record, refused

VVG_FOUNDED = date(2017, 1, 1)


@pytest.fixture
def world() -> World:
    return World(memory_app())


def party(world: World, name: str, on: date = date(1999, 1, 1)) -> UUID:
    return world.organ(name, OrganKind.EXTERNAL_PARTY, on=on)


def collaboration(world: World, *principal_ids: UUID) -> UUID:
    return world.organ("VVG", OrganKind.COLLABORATION, on=VVG_FOUNDED, principal_ids=principal_ids)


def invalid(world: World, organ_id: UUID, fix: Correction, version: int = 1) -> str | None:
    """The correction is 422 and writes nothing; returns the field it names."""
    before = world.app.last_position()
    with pytest.raises(InvalidCommand) as caught:
        world.organs.correct(organ_id, version, fix, amend(world))
    assert world.app.last_position() == before
    return caught.value.field


def stored_at_version_1(world: World, organ_id: UUID, correction: Correction) -> None:
    """The establishment's correction stored as the release before version 2 wrote it."""
    organ = record(world, organ_id)
    organ.correct_establishment(1, correction, world.decision_id, WHY)
    (event,) = organ.collect_events()
    stored = world.app.mapper.to_stored_event(event)
    transcoder = world.app.mapper.transcoder
    state = transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    del state["code"], state["principal_ids"]
    world.app.recorder.insert_events([dataclasses.replace(stored, state=transcoder.encode(state))])


def test_a_corrected_code_replaces_the_founded_one(world: World) -> None:
    office = world.organ("Koncernkontoret", OrganKind.ADMINISTRATION, code="KK-1")
    written = world.organs.correct(office, 1, Correction(code="KK", code_given=True), amend(world))
    assert written.organ.code == "KK"
    assert record(world, office).record.code == "KK"


def test_a_code_left_out_stays_and_none_given_clears_it(world: World) -> None:
    office = world.organ("Koncernkontoret", OrganKind.ADMINISTRATION, code="KK")
    world.organs.correct(office, 1, Correction(name="Koncernkontoret VGR"), amend(world))
    assert record(world, office).record.code == "KK"
    cleared = world.organs.correct(office, 1, Correction(code_given=True), amend(world))
    assert cleared.organ.code is None
    assert record(world, office).record.code is None
    same = Correction(code=None, code_given=True)
    assert isinstance(refused(world, office, 1, same), CorrectionChangesNothing)


def test_a_code_another_organ_holds_is_accepted_as_at_establishment(world: World) -> None:
    """Establishment refuses no code that another organ holds; neither does a correction."""
    world.organ("Koncernkontoret", OrganKind.ADMINISTRATION, code="KK")
    other = world.organ("Kansliet", OrganKind.ADMINISTRATION, code="KA")
    world.organs.correct(other, 1, Correction(code="KK", code_given=True), amend(world))
    assert record(world, other).record.code == "KK"


def test_a_collaborations_principals_are_corrected_in_full(world: World) -> None:
    vastkom = party(world, "VästKom")
    wrong = party(world, "Göteborgsregionen")
    vvg = collaboration(world, world.region_id, wrong)
    fix = Correction(principal_ids=(world.region_id, vastkom))
    written = world.organs.correct(vvg, 1, fix, amend(world))
    assert written.organ.principal_ids == (world.region_id, vastkom)
    assert record(world, vvg).record.principal_ids == (world.region_id, vastkom)
    again = world.organs.correct(vvg, 1, Correction(name="Vårdsamverkan"), amend(world))
    assert again.organ.principal_ids == (world.region_id, vastkom)


def test_the_same_principals_in_another_order_correct_nothing(world: World) -> None:
    vastkom = party(world, "VästKom")
    vvg = collaboration(world, world.region_id, vastkom)
    same = Correction(principal_ids=(vastkom, world.region_id))
    assert isinstance(refused(world, vvg, 1, same), CorrectionChangesNothing)


def test_principals_are_for_collaborations_and_named_once_and_never_the_organ_itself(
    world: World,
) -> None:
    vastkom = party(world, "VästKom")
    vvg = collaboration(world, world.region_id, vastkom)
    committee = world.organ("Nämnd")
    assert invalid(world, committee, Correction(principal_ids=(vastkom,))) == "principal_ids"
    assert invalid(world, vvg, Correction(principal_ids=())) == "principal_ids"
    twice = Correction(principal_ids=(vastkom, vastkom))
    assert invalid(world, vvg, twice) == "principal_ids"
    itself = Correction(principal_ids=(vastkom, vvg))
    assert invalid(world, vvg, itself) == "principal_ids"


def test_a_correction_of_another_change_cannot_give_a_code_or_principals(world: World) -> None:
    committee = world.organ("Nämnd")
    renamed = world.organs.rename(committee, "Ny nämnd", world.change(date(2015, 1, 1)))
    version = renamed.organ.version
    assert invalid(world, committee, Correction(code="N", code_given=True), version) == "code"
    fix = Correction(principal_ids=(world.region_id,))
    assert invalid(world, committee, fix, version) == "principal_ids"


def test_a_new_principal_exists_on_the_founding_date(world: World) -> None:
    vastkom = party(world, "VästKom")
    late = party(world, "Göteborgsregionen", on=date(2018, 1, 1))
    vvg = collaboration(world, world.region_id, vastkom)
    error = refused(world, vvg, 1, Correction(principal_ids=(world.region_id, late)))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "principal_ids"
    unknown_principal = Correction(principal_ids=(world.region_id, world.decision_id))
    with pytest.raises(UnknownReference) as unknown:
        world.organs.correct(vvg, 1, unknown_principal, amend(world))
    assert unknown.value.field == "principal_ids"
    world.organs.correct(vvg, 1, Correction(date(2018, 1, 1), principal_ids=(late,)), amend(world))
    assert record(world, vvg).record.principal_ids == (late,)


def test_a_corrected_founding_date_comes_after_the_unchanged_principals(world: World) -> None:
    vastkom = party(world, "VästKom", on=date(2005, 1, 1))
    vvg = collaboration(world, world.region_id, vastkom)
    error = refused(world, vvg, 1, Correction(date(2004, 1, 1)))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "effective_on"
    world.organs.dissolve(vastkom, world.change(date(2016, 1, 1)))
    error = refused(world, vvg, 1, Correction(date(2016, 6, 1)))
    assert isinstance(error, OrganNotInExistence)
    assert error.field == "effective_on"
    # Without the dissolved principal, the date holds.
    fix = Correction(date(2016, 6, 1), principal_ids=(world.region_id,))
    world.organs.correct(vvg, 1, fix, amend(world))


def test_a_correction_of_version_1_leaves_code_and_principals_as_founded(world: World) -> None:
    vastkom = party(world, "VästKom")
    vvg = world.organ(
        "VVG",
        OrganKind.COLLABORATION,
        on=VVG_FOUNDED,
        principal_ids=(world.region_id, vastkom),
        code="VVG",
    )
    stored_at_version_1(world, vvg, Correction(name="Vårdsamverkan"))

    read = list(world.app.repository.event_store.get(vvg))[-1]
    assert isinstance(read, Organ.ChangeCorrected)
    assert (read.code, read.principal_ids) == (None, None)
    corrected = record(world, vvg).record
    assert corrected.names.at(VVG_FOUNDED) == "Vårdsamverkan"
    assert (corrected.code, corrected.principal_ids) == ("VVG", (world.region_id, vastkom))
