"""Composition (sammansättning): who holds a seat in an organ, in which role, from when.

One Composition aggregate per organ holds all of its seats, so the rules that span seats
(one chair at a time, one seat per person on any date) are checked in one place and a
change of chair, which takes the role from its holder, is one atomic save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.ids import natural_id
from domain.organs import Organ
from domain.provenance import Provenance, require_reason
from domain.timelines import Timeline


class SeatRole(Enum):
    MEMBER = "member"
    SUBSTITUTE = "substitute"
    CO_OPTED = "co_opted"
    SECRETARY = "secretary"
    CONVENOR = "convenor"
    SUPPORT = "support"


class PresidiumRole(Enum):
    CHAIR = "chair"
    FIRST_VICE_CHAIR = "first_vice_chair"
    SECOND_VICE_CHAIR = "second_vice_chair"


class OverlappingSeat(RuleConflict):
    """The person already holds a seat in the organ, in whatever role, over part of the
    span: a member is not at once a substitute (end the seat and appoint anew)."""


class SeatNotHeld(RuleConflict):
    """The seat is not held on the date (before it started or after it ended)."""


class SeatAlreadyEnded(RuleConflict):
    """The seat has an end recorded already."""


class SeatsOutliveOrgan(RuleConflict):
    """A seat would start on or after the date its organ is dissolved."""


class PresidiumTaken(RuleConflict):
    """Two seats would hold the same presidium role on one date."""


class SeatExists(RuleConflict):
    """A seat with that id exists already (an appointment sent twice)."""


class PresidiumUnchanged(RuleConflict):
    """The seat already has that presidium role on that date."""


class NoSuchSeat(RuleConflict):
    """The seat id names no seat of this organ."""


class SeatWasAnnulled(RuleConflict):
    """The seat was annulled: nothing more can be recorded about it."""


class PresidiumChangeWasAnnulled(RuleConflict):
    """The presidium change was annulled already."""


class SeatNotEnded(RuleConflict):
    """The seat has no end recorded, so there is none to annul."""


class PresidiumChangesClash(RuleConflict):
    """The seat has another presidium change on the date a correction moves one to."""


@dataclass(frozen=True)
class PresidiumCorrection:
    """What a presidium change is corrected to: its date, its role, or both."""

    effective_on: date | None = None
    """None: the date stays."""
    role_given: bool = False
    """Whether the role is corrected (to `presidium_role`, None for none)."""
    presidium_role: PresidiumRole | None = None


@dataclass(frozen=True)
class Seat:
    """What a seat is, fixed at appointment: a seat's role never changes."""

    seat_id: UUID
    organ_id: UUID
    person_id: UUID
    role: SeatRole
    representing_id: UUID | None
    political_party: str | None
    substitute_order: int | None
    appointed_by_id: UUID | None
    decision_id: UUID


@dataclass(frozen=True)
class SeatState:
    """What holds for a seat over a half-open span [valid_from, valid_to)."""

    valid_from: date
    valid_to: date | None
    presidium_role: PresidiumRole | None


class SeatRecord:
    """One seat's life in valid time: start, end and presidium role day by day."""

    def __init__(self, seat: Seat, started_on: date, presidium_role: PresidiumRole | None):
        self.seat = seat
        self.started_on = started_on
        self.ended_on: date | None = None
        self.presidium: Timeline[PresidiumRole | None] = Timeline([(started_on, presidium_role)])
        self.appointed_presidium = presidium_role
        self.presidium_changes: list[tuple[int, date, PresidiumRole | None]] = []
        """Each presidium change in force: the composition's version at it, its date, role."""
        self.annulled_changes: set[int] = set()
        self.annulled = False
        """An annulled seat was recorded by mistake: it is held on no date."""
        self.appointed_version = 0
        """The composition's version at the appointment (what an annulment addresses)."""
        self.end_version: int | None = None
        """The composition's version at the end in force (what a correction addresses)."""
        self.own_end: date | None = None
        """The seat's own end, later than its organ's dissolution, which the dissolution cut
        short: the end it gets back if the dissolution moves past it or is annulled."""

    def holds(self, on: date) -> bool:
        return (
            not self.annulled
            and self.started_on <= on
            and (self.ended_on is None or on < self.ended_on)
        )

    def overlaps(self, start: date, end: date | None) -> bool:
        return (
            not self.annulled
            and (end is None or self.started_on < end)
            and (self.ended_on is None or start < self.ended_on)
        )

    def segments(self) -> list[SeatState]:
        if self.annulled:
            return []
        return [
            SeatState(lo, hi, role)
            for role, lo, hi in self.presidium.spans(self.started_on, self.ended_on)
        ]

    def presidium_on(self, on: date) -> PresidiumRole | None:
        return self.presidium.at(on) if self.holds(on) else None


class Composition(Aggregate, created_event_name="Opened"):
    TOPIC = "styrlogg:Composition"

    class Event(Aggregate.Event):
        pass

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg:Composition.Opened"
        organ_id: UUID

    Created = Opened

    class SeatEvent(Event):
        TOPIC = "styrlogg:Composition.SeatEvent"  # abstract: never triggered itself
        seat_id: UUID
        organ_id: UUID
        person_id: UUID
        effective_on: date
        decision_id: UUID
        actor: str
        correlation_id: str | None
        reason: str | None

        def apply(self, aggregate: Composition) -> None:
            self.evolve(aggregate.seats[self.seat_id])

        def evolve(self, record: SeatRecord) -> None:
            """Changes the seat's valid-time record; projections call this too."""

    class MemberAppointed(SeatEvent):
        TOPIC = "styrlogg:Composition.MemberAppointed"
        role: SeatRole
        presidium_role: PresidiumRole | None
        representing_id: UUID | None
        political_party: str | None
        substitute_order: int | None
        appointed_by_id: UUID | None

        def apply(self, aggregate: Composition) -> None:
            aggregate.seats[self.seat_id] = self.new_record()

        def new_record(self) -> SeatRecord:
            seat = Seat(
                seat_id=self.seat_id,
                organ_id=self.organ_id,
                person_id=self.person_id,
                role=self.role,
                representing_id=self.representing_id,
                political_party=self.political_party,
                substitute_order=self.substitute_order,
                appointed_by_id=self.appointed_by_id,
                decision_id=self.decision_id,
            )
            record = SeatRecord(seat, self.effective_on, self.presidium_role)
            record.appointed_version = self.originator_version
            return record

    class PresidiumChanged(SeatEvent):
        TOPIC = "styrlogg:Composition.PresidiumChanged"
        presidium_role: PresidiumRole | None

        def evolve(self, record: SeatRecord) -> None:
            record.presidium.set(self.effective_on, self.presidium_role)
            record.presidium_changes.append(
                (self.originator_version, self.effective_on, self.presidium_role)
            )

    class PresidiumChangeAnnulled(SeatEvent):
        """The presidium change at `annulled_version` (effective `effective_on`) was a
        mistake: the seat's role is as the appointment and its other changes say."""

        TOPIC = "styrlogg:Composition.PresidiumChangeAnnulled"
        annulled_version: int

        def evolve(self, record: SeatRecord) -> None:
            record.annulled_changes.add(self.annulled_version)
            record.presidium_changes = [
                c for c in record.presidium_changes if c[0] != self.annulled_version
            ]
            record.presidium = Timeline([(record.started_on, record.appointed_presidium)])
            for _, on, role in record.presidium_changes:
                record.presidium.set(on, role)

    class PresidiumChangeCorrected(SeatEvent):
        """The presidium change at `corrected_version` was recorded wrong: it gives the
        seat `presidium_role` from `effective_on` instead."""

        TOPIC = "styrlogg:Composition.PresidiumChangeCorrected"
        presidium_role: PresidiumRole | None
        corrected_version: int

        def evolve(self, record: SeatRecord) -> None:
            record.presidium_changes = [
                (self.originator_version, self.effective_on, self.presidium_role)
                if c[0] == self.corrected_version
                else c
                for c in record.presidium_changes
            ]
            record.presidium = Timeline([(record.started_on, record.appointed_presidium)])
            for _, on, role in record.presidium_changes:
                record.presidium.set(on, role)

    class SeatEnded(SeatEvent):
        """The seat is not held from `effective_on` (the first day without it)."""

        TOPIC = "styrlogg:Composition.SeatEnded"

        def evolve(self, record: SeatRecord) -> None:
            # Only a dissolution ends a seat that has an end: it cuts that end short.
            record.own_end = record.ended_on
            record.ended_on = self.effective_on
            record.end_version = self.originator_version

    class SeatEndCorrected(SeatEvent):
        """The seat's recorded end was wrong: it is not held from `effective_on` instead.
        `corrected_version` is the composition's version at the end it supersedes."""

        TOPIC = "styrlogg:Composition.SeatEndCorrected"
        corrected_version: int

        def evolve(self, record: SeatRecord) -> None:
            record.ended_on = self.effective_on
            record.end_version = self.originator_version

    class SeatEndAnnulled(SeatEvent):
        """The seat's recorded end (from `effective_on`) was a mistake: the seat is held
        until further notice. `annulled_version` is the composition's version at that end."""

        TOPIC = "styrlogg:Composition.SeatEndAnnulled"
        annulled_version: int

        def evolve(self, record: SeatRecord) -> None:
            record.ended_on = None
            record.end_version = None
            record.own_end = None

    class SeatAnnulled(SeatEvent):
        """The seat was recorded by mistake: as known from here on it was never held.
        `effective_on` is its first day, `annulled_version` the appointment's version."""

        TOPIC = "styrlogg:Composition.SeatAnnulled"
        annulled_version: int

        def evolve(self, record: SeatRecord) -> None:
            record.annulled = True

    def __init__(self, *, organ_id: UUID) -> None:
        self.organ_id = organ_id
        self.seats: dict[UUID, SeatRecord] = {}

    @staticmethod
    def id_for(organ_id: UUID) -> UUID:
        return natural_id("composition", str(organ_id))

    @classmethod
    def open(cls, organ_id: UUID) -> Composition:
        composition: Composition = cls._create(
            cls.Opened, id=cls.id_for(organ_id), organ_id=organ_id
        )
        return composition

    def seat(self, seat_id: UUID) -> SeatRecord:
        record = self.seats.get(seat_id)
        if record is None:
            raise NoSuchSeat(f"no seat {seat_id} in this organ", field="seat_id")
        if record.annulled:
            raise SeatWasAnnulled(f"the seat {seat_id} was annulled", field="seat_id")
        return record

    def appoint(
        self,
        organ: Organ,
        seat: Seat,
        presidium_role: PresidiumRole | None,
        effective_on: date,
        by: Provenance,
        *,
        representing: Organ | None = None,
        appointed_by: Organ | None = None,
    ) -> None:
        """Appoints `seat` from `effective_on`; `representing` and `appointed_by` are the
        organs its `representing_id` and `appointed_by_id` name, which must exist that day."""
        if seat.seat_id in self.seats:
            raise SeatExists(f"seat {seat.seat_id} exists already", field="seat_id")
        organ.check_exists_on(effective_on)
        if presidium_role is not None and seat.role is not SeatRole.MEMBER:
            raise InvalidCommand(
                f"a presidium role sits on a member seat, not a {seat.role.value} seat",
                field="presidium_role",
            )
        if seat.substitute_order is not None and seat.role is not SeatRole.SUBSTITUTE:
            raise InvalidCommand(
                f"a substitute_order ranks substitutes, not a {seat.role.value} seat",
                field="substitute_order",
            )
        if seat.substitute_order is not None and seat.substitute_order < 1:
            raise InvalidCommand("substitute_order counts from 1", field="substitute_order")
        for field, other_organ, role in (
            ("representing_id", representing, "represented organ"),
            ("appointed_by_id", appointed_by, "appointing organ"),
        ):
            if other_organ is not None:
                other_organ.check_exists_on(effective_on, field=field, role=role)
        for other in self.seats.values():
            if other.seat.person_id == seat.person_id and other.overlaps(effective_on, None):
                raise OverlappingSeat(
                    f"the person already holds a {other.seat.role.value} seat here from"
                    f" {other.started_on} until {other.ended_on or 'further notice'}:"
                    " one seat per person and organ on any date",
                    field="person_id",
                )
        self._seat_event(
            self.MemberAppointed,
            seat.seat_id,
            seat.person_id,
            effective_on,
            seat.decision_id,
            by,
            role=seat.role,
            presidium_role=presidium_role,
            representing_id=seat.representing_id,
            political_party=seat.political_party,
            substitute_order=seat.substitute_order,
            appointed_by_id=seat.appointed_by_id,
        )
        if presidium_role is not None:
            self._take_presidium(seat.seat_id, presidium_role, effective_on, seat.decision_id, by)
        dissolved = organ.record.dissolved_on
        if dissolved is not None:  # appointed back-dated into an organ since dissolved
            self._end_on_dissolution(self.seats[seat.seat_id], dissolved, seat.decision_id, by)

    def change_presidium(
        self,
        seat_id: UUID,
        presidium_role: PresidiumRole | None,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        record = self.seat(seat_id)
        _check_role_fits(record, presidium_role, effective_on)
        if record.presidium.at(effective_on) == presidium_role:
            raise PresidiumUnchanged(
                f"the seat already has that presidium role on {effective_on}",
                field="presidium_role",
            )
        self._seat_event(
            self.PresidiumChanged,
            seat_id,
            record.seat.person_id,
            effective_on,
            decision_id,
            by,
            presidium_role=presidium_role,
        )
        if presidium_role is not None:
            self._take_presidium(seat_id, presidium_role, effective_on, decision_id, by)

    def end(
        self,
        organ: Organ,
        seat_id: UUID,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        """Ends the seat from `effective_on`; for a seat ended already, with a `reason`,
        corrects the end to `effective_on` (every rule checked again on the new end)."""
        record = self.seat(seat_id)
        if record.ended_on is not None and (not by.reason or record.ended_on == effective_on):
            raise SeatAlreadyEnded(
                f"the seat ended from {record.ended_on}; to correct the end, send"
                " the corrected effective_on with a reason"
                if record.ended_on != effective_on
                else f"the seat ends from {effective_on} already",
                field="effective_on",
            )
        self._check_end(record, effective_on)
        if record.ended_on is None:
            self._seat_event(
                self.SeatEnded, seat_id, record.seat.person_id, effective_on, decision_id, by
            )
            return
        self._check_lengthened(organ, record, effective_on, "effective_on")
        assert record.end_version is not None
        self._seat_event(
            self.SeatEndCorrected,
            seat_id,
            record.seat.person_id,
            effective_on,
            decision_id,
            by,
            corrected_version=record.end_version,
        )
        self.check_presidium(field="effective_on")

    def annul_end(self, organ: Organ, seat_id: UUID, decision_id: UUID, by: Provenance) -> None:
        """Annuls the seat's recorded end: the seat is held until further notice again."""
        record = self.seat(seat_id)
        require_reason(by, "an annulment")
        if record.ended_on is None or record.end_version is None:
            raise SeatNotEnded("the seat has no end recorded to annul", field="seat_id")
        ended_on, end_version = record.ended_on, record.end_version
        self._check_lengthened(organ, record, None, "seat_id")
        self._seat_event(
            self.SeatEndAnnulled,
            seat_id,
            record.seat.person_id,
            ended_on,
            decision_id,
            by,
            annulled_version=end_version,
        )
        self.check_presidium(field="seat_id")

    def annul_presidium_change(
        self, seat_id: UUID, version: int, decision_id: UUID, by: Provenance
    ) -> None:
        """Annuls the seat's presidium change recorded at `version`. A change that gave
        the seat a role took it from its holder by a change of the holder's seat, which
        is annulled by itself (after this one, or two seats would hold the role)."""
        record = self.seat(seat_id)
        require_reason(by, "an annulment")
        if version in record.annulled_changes:
            raise PresidiumChangeWasAnnulled(
                f"the presidium change at version {version} was annulled", field="version"
            )
        change = next((c for c in record.presidium_changes if c[0] == version), None)
        assert change is not None, "the caller checks that the seat had the change"
        self._seat_event(
            self.PresidiumChangeAnnulled,
            seat_id,
            record.seat.person_id,
            change[1],
            decision_id,
            by,
            annulled_version=version,
        )
        self.check_presidium(field="version")

    def correct_presidium_change(
        self,
        seat_id: UUID,
        version: int,
        correction: PresidiumCorrection,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        """Corrects the seat's presidium change recorded at `version` (its date, its role
        or both); every rule is checked again: within the seat's span, one holder of a
        role on any date. A change that took the role from its holder is corrected by
        itself; the correction's version is what a later correction or annulment names."""
        record = self.seat(seat_id)
        require_reason(by, "a correction")
        if correction.effective_on is None and not correction.role_given:
            raise InvalidCommand(
                "a correction gives effective_on, presidium_role or both", field="effective_on"
            )
        if version in record.annulled_changes:
            raise PresidiumChangeWasAnnulled(
                f"the presidium change at version {version} was annulled", field="version"
            )
        change = next((c for c in record.presidium_changes if c[0] == version), None)
        assert change is not None, "the caller checks that the seat had the change"
        _, old_on, old_role = change
        on = correction.effective_on or old_on
        role = correction.presidium_role if correction.role_given else old_role
        field = "presidium_role" if correction.role_given else "effective_on"
        if (on, role) == (old_on, old_role):
            raise PresidiumUnchanged(
                f"the presidium change gives that role from {on} already", field=field
            )
        _check_role_fits(record, role, on)
        if any(c[1] == on for c in record.presidium_changes if c[0] != version):
            raise PresidiumChangesClash(
                f"the seat has another presidium change on {on}", field="effective_on"
            )
        self._seat_event(
            self.PresidiumChangeCorrected,
            seat_id,
            record.seat.person_id,
            on,
            decision_id,
            by,
            presidium_role=role,
            corrected_version=version,
        )
        self.check_presidium(field=field)

    def annul(self, seat_id: UUID, decision_id: UUID, by: Provenance) -> None:
        """Annuls a seat recorded by mistake: as known from now it was never held, and
        every rule across seats (one per person, one chair) no longer counts it."""
        record = self.seat(seat_id)
        require_reason(by, "an annulment")
        self._seat_event(
            self.SeatAnnulled,
            seat_id,
            record.seat.person_id,
            record.started_on,
            decision_id,
            by,
            annulled_version=record.appointed_version,
        )

    @staticmethod
    def _check_end(record: SeatRecord, effective_on: date) -> None:
        if effective_on <= record.started_on:
            raise SeatNotHeld(
                f"effective_on {effective_on} must come after the seat started"
                f" ({record.started_on})",
                field="effective_on",
            )
        last = record.presidium.last_date()
        if last is not None and last >= effective_on:
            raise SeatNotHeld(
                f"a presidium change effective {last} is recorded; the end must come after it",
                field="effective_on",
            )

    def _check_lengthened(
        self, organ: Organ, record: SeatRecord, end: date | None, field: str
    ) -> None:
        """A seat given a later end (or none) stays within its organ's life and does not
        overlap the person's other seats in the organ."""
        dissolved = organ.record.dissolved_on
        if dissolved is not None and (end is None or end > dissolved):
            raise SeatsOutliveOrgan(
                f"the organ is dissolved from {dissolved}: the seat ends then at the latest",
                field=field,
            )
        for other in self.seats.values():
            if (
                other is not record
                and other.seat.person_id == record.seat.person_id
                and other.overlaps(record.started_on, end)
            ):
                raise OverlappingSeat(
                    f"the person holds a {other.seat.role.value} seat here from"
                    f" {other.started_on} until {other.ended_on or 'further notice'}:"
                    " one seat per person and organ on any date",
                    field=field,
                )

    def end_all_on_dissolution(self, on: date, decision_id: UUID, by: Provenance) -> None:
        """Ends every seat still held on the dissolution date, in the dissolution's save."""
        for record in list(self.seats.values()):
            if record.annulled:
                continue
            if record.started_on >= on:
                raise SeatsOutliveOrgan(
                    f"a seat starts on {record.started_on}, on or after the dissolution",
                    field="effective_on",
                )
            last = record.presidium.last_date()
            if last is not None and last >= on and last > record.started_on:
                raise SeatsOutliveOrgan(
                    f"a presidium change effective {last} is recorded for a seat;"
                    " the dissolution must come after it",
                    field="effective_on",
                )
            self._end_on_dissolution(record, on, decision_id, by)
        self.check_presidium()

    def follow_dissolution(
        self,
        organ: Organ,
        dissolved_on: date,
        on: date | None,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        """The organ's dissolution from `dissolved_on` is corrected to `on` (None: annulled),
        in the same save: every seat end on `dissolved_on` is the dissolution's and moves to
        `on`, or to the seat's own end it cut short if that comes first, or is annulled.
        A seat ended on its own before `dissolved_on` keeps its end; a correction then ends
        the seats still held on `on` (`end_all_on_dissolution`)."""
        field = "effective_on" if on is not None else "version"
        for record in list(self.seats.values()):
            if record.annulled or record.ended_on != dissolved_on:
                continue
            assert record.end_version is not None
            own = record.own_end
            end = own if on is None else on if own is None else min(own, on)
            seat, ended_on, end_version = record.seat, record.ended_on, record.end_version
            if end is None:
                self._check_lengthened(organ, record, None, field)
                self._seat_event(
                    self.SeatEndAnnulled,
                    seat.seat_id,
                    seat.person_id,
                    ended_on,
                    decision_id,
                    by,
                    annulled_version=end_version,
                )
            elif end != ended_on:
                if end > ended_on:
                    self._check_lengthened(organ, record, end, field)
                self._seat_event(
                    self.SeatEndCorrected,
                    seat.seat_id,
                    seat.person_id,
                    end,
                    decision_id,
                    by,
                    corrected_version=end_version,
                )
        self.check_presidium(field=field)
        if on is not None:
            self.end_all_on_dissolution(on, decision_id, by)

    def _end_on_dissolution(
        self, record: SeatRecord, on: date, decision_id: UUID, by: Provenance
    ) -> None:
        if record.ended_on is None or record.ended_on > on:
            ended = Provenance(by.actor, by.correlation_id, by.reason or "organ dissolved")
            seat = record.seat
            self._seat_event(self.SeatEnded, seat.seat_id, seat.person_id, on, decision_id, ended)

    def _take_presidium(
        self, seat_id: UUID, role: PresidiumRole, on: date, decision_id: UUID, by: Provenance
    ) -> None:
        """Takes the role from whoever holds it on `on`, then checks no day has two holders."""
        for other in list(self.seats.values()):
            if other.seat.seat_id != seat_id and other.presidium_on(on) is role:
                self._seat_event(
                    self.PresidiumChanged,
                    other.seat.seat_id,
                    other.seat.person_id,
                    on,
                    decision_id,
                    by,
                    presidium_role=None,
                )
        self.check_presidium()

    def check_presidium(self, field: str = "presidium_role") -> None:
        days = sorted({d for r in self.seats.values() for d in r.presidium.dates()})
        for on in days:
            held: dict[PresidiumRole, int] = {}
            for record in self.seats.values():
                role = record.presidium_on(on)
                if role is not None:
                    held[role] = held.get(role, 0) + 1
                    if held[role] > 1:
                        raise PresidiumTaken(
                            f"two seats would hold the {role.value} role on {on}; a later"
                            " presidium change is recorded for the other seat",
                            field=field,
                        )

    def _seat_event(
        self,
        event_class: type[Composition.SeatEvent],
        seat_id: UUID,
        person_id: UUID,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
        **fields: Any,
    ) -> None:
        self.trigger_event(
            event_class,
            seat_id=seat_id,
            organ_id=self.organ_id,
            person_id=person_id,
            effective_on=effective_on,
            decision_id=decision_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
            **fields,
        )


def _check_role_fits(record: SeatRecord, role: PresidiumRole | None, on: date) -> None:
    """A presidium role from `on`: the seat is held that day, and a role sits on a member
    seat only."""
    if not record.holds(on):
        raise SeatNotHeld(
            f"the seat is held from {record.started_on} until"
            f" {record.ended_on or 'further notice'}, not on {on}",
            field="effective_on",
        )
    if role is not None and record.seat.role is not SeatRole.MEMBER:
        raise RuleConflict(
            f"a presidium role sits on a member seat, not a {record.seat.role.value} seat",
            field="presidium_role",
        )
