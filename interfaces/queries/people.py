"""Reads of people (personer): a person's personal data, and every seat they have held."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.composition import NamedSeat, named_seat
from interfaces.registers.personal_data import personal_details
from projections.as_of import AsOf
from projections.audit_trail_view import AuditTrailView
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
class PersonSeats:
    person_id: UUID
    seats: list[NamedSeat]
    """Every span of every seat held, over all dates, by date."""
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

    def seats(self, person_id: UUID, as_of: AsOf) -> PersonSeats:
        """404 unless the person is known at the position."""
        with self.db.reading() as cursor:
            self._check_known(cursor, person_id, as_of.position)
            seats = self.composition.seats_of_person(cursor, person_id, as_of.position)
            named = [named_seat(cursor, self.organs, s, as_of.position) for s in seats]
        return PersonSeats(person_id, named, as_of)

    def _check_known(self, cursor: Cursor, person_id: UUID, position: int) -> None:
        if self.audit.kind_of(cursor, person_id, position) != "Person":
            raise NotFound("person", person_id)
