"""Composition use cases: appoint a person to a seat, change the seat's presidium role (or
correct or annul a change), end the seat (or correct its end), annul a seat or its end.
Every change cites a decision; every change but an annulment has an effective date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.annulments import Annulment
from application.app import Loaded, Styrlogg
from application.errors import NotFound, VersionMismatch
from application.organs import Amendment, Change
from domain.composition import (
    Composition,
    PresidiumCorrection,
    PresidiumRole,
    Seat,
    SeatRecord,
    SeatRole,
)
from domain.decisions import Decision
from domain.errors import RuleConflict
from domain.organs import Organ
from domain.people import Person


@dataclass(frozen=True)
class NewSeat:
    person_id: UUID
    role: SeatRole
    presidium_role: PresidiumRole | None = None
    representing_id: UUID | None = None
    political_party: str | None = None
    substitute_order: int | None = None
    appointed_by_id: UUID | None = None
    seat_id: UUID | None = None


@dataclass(frozen=True)
class SeatWritten:
    """The seat as the change left it; its presidium role on the change's date."""

    seat_id: UUID
    organ_id: UUID
    person_id: UUID
    role: SeatRole
    presidium_role: PresidiumRole | None
    representing_id: UUID | None
    political_party: str | None
    substitute_order: int | None
    appointed_by_id: UUID | None
    decision_id: UUID
    """The decision that made the appointment."""
    started_on: date
    ended_on: date | None
    annulled: bool
    version: int
    """The organ's composition's."""
    position: int

    @classmethod
    def of(cls, composition: Composition, seat_id: UUID, on: date, position: int) -> SeatWritten:
        record: SeatRecord = composition.seats[seat_id]
        seat = record.seat
        return cls(
            seat_id=seat.seat_id,
            organ_id=seat.organ_id,
            person_id=seat.person_id,
            role=seat.role,
            presidium_role=record.presidium.at(on) if record.presidium.has(on) else None,
            representing_id=seat.representing_id,
            political_party=seat.political_party,
            substitute_order=seat.substitute_order,
            appointed_by_id=seat.appointed_by_id,
            decision_id=seat.decision_id,
            started_on=record.started_on,
            ended_on=record.ended_on,
            annulled=record.annulled,
            version=composition.version,
            position=position,
        )


class CompositionUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def appoint(self, organ_id: UUID, new: NewSeat, change: Change) -> SeatWritten:
        def command() -> SeatWritten:
            loaded = _begin(self.app, change.decision_id)
            composition, seat_id = appoint_seat(loaded, organ_id, new, change)
            position = loaded.save()
            return SeatWritten.of(composition, seat_id, change.effective_on, position)

        return self.app.write(command)

    def change_presidium(
        self, organ_id: UUID, seat_id: UUID, role: PresidiumRole | None, change: Change
    ) -> SeatWritten:
        def command() -> SeatWritten:
            loaded = _begin(self.app, change.decision_id)
            loaded.get(Organ, organ_id, what="organ")
            composition = _composition(self.app, loaded, organ_id, seat_id, change.expected_version)
            composition.change_presidium(
                seat_id, role, change.effective_on, change.decision_id, change.by
            )
            position = loaded.save()
            return SeatWritten.of(composition, seat_id, change.effective_on, position)

        return self.app.write(command)

    def end(self, organ_id: UUID, seat_id: UUID, change: Change) -> SeatWritten:
        """Ends the seat; a seat ended already has its end corrected when `change` has a
        reason."""

        def command() -> SeatWritten:
            loaded = _begin(self.app, change.decision_id)
            organ = loaded.get(Organ, organ_id, what="organ")
            composition = _composition(self.app, loaded, organ_id, seat_id, change.expected_version)
            composition.end(organ, seat_id, change.effective_on, change.decision_id, change.by)
            position = loaded.save()
            return SeatWritten.of(composition, seat_id, change.effective_on, position)

        return self.app.write(command)

    def annul_end(self, organ_id: UUID, seat_id: UUID, annulment: Annulment) -> SeatWritten:
        def command() -> SeatWritten:
            loaded = _begin(self.app, annulment.decision_id)
            organ = loaded.get(Organ, organ_id, what="organ")
            composition = _composition(
                self.app, loaded, organ_id, seat_id, annulment.expected_version
            )
            composition.annul_end(organ, seat_id, annulment.decision_id, annulment.by)
            position = loaded.save()
            started_on = composition.seats[seat_id].started_on
            return SeatWritten.of(composition, seat_id, started_on, position)

        return self.app.write(command)

    def annul_presidium_change(
        self, organ_id: UUID, seat_id: UUID, version: int, annulment: Annulment
    ) -> SeatWritten:
        """Annuls the seat's presidium change at the composition's `version`; NotFound
        unless the seat had a presidium change there."""

        def command() -> SeatWritten:
            loaded = _begin(self.app, annulment.decision_id)
            loaded.get(Organ, organ_id, what="organ")
            composition = _composition(
                self.app, loaded, organ_id, seat_id, annulment.expected_version
            )
            record = composition.seats[seat_id]
            dates = {v: on for v, on, _ in record.presidium_changes}
            if version not in dates and version not in record.annulled_changes:
                raise NotFound("presidium change", version)
            composition.annul_presidium_change(
                seat_id, version, annulment.decision_id, annulment.by
            )
            position = loaded.save()
            on = dates.get(version, record.started_on)
            return SeatWritten.of(composition, seat_id, on, position)

        return self.app.write(command)

    def correct_presidium_change(
        self,
        organ_id: UUID,
        seat_id: UUID,
        version: int,
        correction: PresidiumCorrection,
        amendment: Amendment,
    ) -> SeatWritten:
        """Corrects the seat's presidium change at the composition's `version`; NotFound
        unless the seat had a presidium change there."""

        def command() -> SeatWritten:
            loaded = _begin(self.app, amendment.decision_id)
            loaded.get(Organ, organ_id, what="organ")
            composition = _composition(
                self.app, loaded, organ_id, seat_id, amendment.expected_version
            )
            record = composition.seats[seat_id]
            known = {v for v, _, _ in record.presidium_changes} | record.annulled_changes
            if version not in known:
                raise NotFound("presidium change", version)
            composition.correct_presidium_change(
                seat_id, version, correction, amendment.decision_id, amendment.by
            )
            position = loaded.save()
            on = next(on for v, on, _ in record.presidium_changes if v == composition.version)
            return SeatWritten.of(composition, seat_id, on, position)

        return self.app.write(command)

    def annul(self, organ_id: UUID, seat_id: UUID, annulment: Annulment) -> SeatWritten:
        def command() -> SeatWritten:
            loaded = _begin(self.app, annulment.decision_id)
            loaded.get(Organ, organ_id, what="organ")
            composition = _composition(
                self.app, loaded, organ_id, seat_id, annulment.expected_version
            )
            composition.annul(seat_id, annulment.decision_id, annulment.by)
            position = loaded.save()
            started_on = composition.seats[seat_id].started_on
            return SeatWritten.of(composition, seat_id, started_on, position)

        return self.app.write(command)


def _begin(app: Styrlogg, decision_id: UUID) -> Loaded:
    loaded = Loaded(app)
    loaded.get(Decision, decision_id, what="decision", field="decision_id")
    return loaded


def _composition(
    app: Styrlogg,
    loaded: Loaded,
    organ_id: UUID,
    seat_id: UUID | None,
    expected: int | None,
) -> Composition:
    """The organ's composition; a new one for an appointment (`seat_id` None); for a
    change to a seat, NotFound unless the seat in the path is one of the organ's."""
    composition_id = Composition.id_for(organ_id)
    if loaded.has(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
    elif seat_id is None:
        composition = loaded.add(Composition.open(organ_id))
    else:
        raise NotFound("seat", seat_id)
    if seat_id is not None and seat_id not in composition.seats:
        raise NotFound("seat", seat_id)
    if expected is not None and composition.version != expected:
        raise VersionMismatch(expected, composition.version)
    return composition


def appoint_seat(
    loaded: Loaded, organ_id: UUID, new: NewSeat, change: Change
) -> tuple[Composition, UUID]:
    """Appoints into `loaded` (the decision already checked); returns the seat's id."""
    organ = loaded.get(Organ, organ_id, what="organ")
    person = loaded.get(Person, new.person_id, what="person", field="person_id")
    if person.erased:
        raise RuleConflict("the person's personal data was erased", field="person_id")
    representing = _named_organ(loaded, new.representing_id, "representing_id")
    appointed_by = _named_organ(loaded, new.appointed_by_id, "appointed_by_id")
    composition = _composition(loaded.app, loaded, organ_id, None, change.expected_version)
    seat = Seat(
        seat_id=new.seat_id or uuid4(),
        organ_id=organ_id,
        person_id=new.person_id,
        role=new.role,
        representing_id=new.representing_id,
        political_party=new.political_party,
        substitute_order=new.substitute_order,
        appointed_by_id=new.appointed_by_id,
        decision_id=change.decision_id,
    )
    composition.appoint(
        organ,
        seat,
        new.presidium_role,
        change.effective_on,
        change.by,
        representing=representing,
        appointed_by=appointed_by,
    )
    return composition, seat.seat_id


def _named_organ(loaded: Loaded, organ_id: UUID | None, field: str) -> Organ | None:
    return None if organ_id is None else loaded.get(Organ, organ_id, what="organ", field=field)
