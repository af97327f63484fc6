"""Reads of people (personer): a person's personal data, and every seat they have held."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.composition import NamedSeat, named_seat
from interfaces.queries.pages import Page, page_of
from interfaces.registers.personal_data import people_named, personal_details
from projections.as_of import AsOf
from projections.audit_trail_view import AuditEntry, AuditTrailView
from projections.composition_view import CompositionView
from projections.organ_tree_view import OrganTreeView
from projections.sql import Cursor, Database


@dataclass(frozen=True)
class PersonAsOf:
    """The register keeps no history: the position only decides whether the person is known."""

    id: UUID
    name: str | None
    """None (as are the title and employer) once the personal data is erased."""
    title: str | None
    employer_organ_id: UUID | None
    erased: bool
    version: int
    """The person's version as known at `as_of.position`: its ETag, for `If-Match`."""
    as_of: AsOf


@dataclass(frozen=True)
class ListedPerson:
    id: UUID
    name: str
    title: str | None
    employer_organ_id: UUID | None
    name_key: str
    erased: bool = False
    """Always False: an erased person has no name to find."""


@dataclass(frozen=True)
class PersonSeats:
    person_id: UUID
    seats: list[NamedSeat]
    """Every span of every seat held, over all dates, by date."""
    as_of: AsOf


EXTRACT_EVENTS = 10_000
"""Events listed in one register extract: far more than any person is named in."""


@dataclass(frozen=True)
class PersonExtract:
    """Everything Styrlogg holds about a person (a register extract, GDPR Art. 15): the
    personal data in the register, the seats held, and every event naming the person."""

    person_id: UUID
    name: str | None
    title: str | None
    employer_organ_id: UUID | None
    erased: bool
    seats: list[NamedSeat]
    events: list[AuditEntry]
    """Every event that names the person (their registration, seats, an assignment to
    them, an item they own, a mandate naming them), in recorded order."""
    events_complete: bool
    """False only beyond EXTRACT_EVENTS events: then the first ones are listed."""
    as_of: AsOf


class PeopleQueries:
    def __init__(
        self,
        db: Database,
        audit: AuditTrailView,
        composition: CompositionView,
        organs: OrganTreeView,
    ) -> None:
        self.db = db
        self.audit = audit
        self.composition = composition
        self.organs = organs

    def person(self, person_id: UUID, as_of: AsOf) -> PersonAsOf:
        """404 unless the person is known at the position."""
        with self.db.reading() as cursor:
            self._check_known(cursor, person_id, as_of.position)
            details = personal_details(cursor, person_id)
            version = self.audit.version(cursor, person_id, as_of.position)
        assert version is not None, "a person known at a position has a version there"
        if details is None:
            return PersonAsOf(person_id, None, None, None, True, version, as_of)
        return PersonAsOf(
            person_id, details.name, details.title, details.employer_organ_id, False, version,
            as_of,
        )  # fmt: skip

    def page(
        self, name_contains: str | None, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[ListedPerson]:
        """People known at the position whose personal data is kept (and whose name holds
        `name_contains`), by name, after the key `after`."""
        with self.db.reading() as cursor:
            found = people_named(cursor, name_contains, as_of.position, after, limit)
        items = [
            ListedPerson(
                p.person_id,
                p.details.name,
                p.details.title,
                p.details.employer_organ_id,
                p.name_key,
            )
            for p in found
        ]
        return page_of(items, limit, as_of, lambda p: (p.name_key, str(p.id)))

    def seats(self, person_id: UUID, as_of: AsOf) -> PersonSeats:
        """404 unless the person is known at the position."""
        with self.db.reading() as cursor:
            self._check_known(cursor, person_id, as_of.position)
            seats = self.composition.seats_of_person(cursor, person_id, as_of.position)
            named = [named_seat(cursor, self.organs, s, as_of.position) for s in seats]
        return PersonSeats(person_id, named, as_of)

    def extract(self, person_id: UUID, as_of: AsOf) -> PersonExtract:
        """404 unless the person is known at the position."""
        with self.db.reading() as cursor:
            self._check_known(cursor, person_id, as_of.position)
            details = personal_details(cursor, person_id)
            seats = self.composition.seats_of_person(cursor, person_id, as_of.position)
            named = [named_seat(cursor, self.organs, s, as_of.position) for s in seats]
            events = self.audit.history(cursor, person_id, as_of.position, 0, EXTRACT_EVENTS + 1)
        return PersonExtract(
            person_id=person_id,
            name=details.name if details else None,
            title=details.title if details else None,
            employer_organ_id=details.employer_organ_id if details else None,
            erased=details is None,
            seats=named,
            events=events[:EXTRACT_EVENTS],
            events_complete=len(events) <= EXTRACT_EVENTS,
            as_of=as_of,
        )

    def _check_known(self, cursor: Cursor, person_id: UUID, position: int) -> None:
        if self.audit.kind_of(cursor, person_id, position) != "Person":
            raise NotFound("person", person_id)
