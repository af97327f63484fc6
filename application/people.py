"""People use cases: register a person, erase their personal data.

The personal-data register is a port: the application writes names and titles there,
never into events, so that erasing them leaves the event history whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from domain.organs import Organ
from domain.people import Person, PersonalDetails, PersonExists, PublicRecord
from domain.provenance import Provenance


class ElectedSeats(Protocol):
    """Where the seats of elected members are recorded (the projections, caught up)."""

    def elected_organs(self, person_id: UUID) -> list[UUID]:
        """The political organs the person sits or sat in as an elected member."""

    def ended_before(self, day: date) -> list[UUID]:
        """Elected members whose every such seat ended on or before `day`."""


class PersonalDataRegister(Protocol):
    def put(self, person_id: UUID, details: PersonalDetails) -> None: ...

    def get(self, person_id: UUID) -> PersonalDetails | None: ...

    def erase(self, *person_ids: UUID) -> None:
        """Removes the people's personal data from every table that holds it."""


@dataclass(frozen=True)
class PersonWritten:
    person_id: UUID
    details: PersonalDetails | None
    position: int
    version: int
    """The person's (for ETag and If-Match)."""


class PeopleUseCases:
    def __init__(
        self, app: Styrlogg, register: PersonalDataRegister, elected: ElectedSeats | None = None
    ) -> None:
        self.app = app
        self.register_ = register
        self.elected = elected
        """Without it (a unit test's world, no projections), anyone may be erased and
        nothing is due for scheduled deletion."""

    def register(
        self, details: PersonalDetails, by: Provenance, person_id: UUID | None = None
    ) -> PersonWritten:
        details.check()
        details = PersonalDetails(details.name.strip(), details.title, details.employer_organ_id)
        new_id = person_id or uuid4()

        def command() -> PersonWritten:
            if self.app.exists(new_id):
                raise PersonExists(f"person {new_id} is registered already", field="person_id")
            loaded = Loaded(self.app)
            if details.employer_organ_id is not None:
                loaded.get(
                    Organ, details.employer_organ_id, what="organ", field="employer_organ_id"
                )
            person = loaded.add(Person.register(new_id, by))
            # Personal data first: an event never cites a person the register lacks.
            self.register_.put(new_id, details)
            try:
                position = loaded.save()
            except BaseException:
                self.register_.erase(new_id)
                raise
            return PersonWritten(new_id, details, position, person.version)

        return self.app.write(command)

    def erase(
        self,
        person_id: UUID,
        by: Provenance,
        expected: int | None = None,
        *,
        scheduled: bool = False,
    ) -> PersonWritten:
        """Erases the person's personal data; `expected` is the version If-Match names. An
        elected member's is a public record: erased only by scheduled deletion."""
        if not scheduled and self.elected is not None:
            self.app.load(Person, person_id, what="person")  # 404 before anything else
            organs = self.elected.elected_organs(person_id)
            if organs:
                raise PublicRecord(
                    f"the person sits or sat as an elected member of {len(organs)} political"
                    f" organ(s) ({', '.join(map(str, organs[:3]))}): named in its decisions, a"
                    " public record, removed only by scheduled deletion (gallring) under the"
                    " information management plan (`styrlogg gallring`)"
                )

        def command() -> PersonWritten:
            loaded = Loaded(self.app)
            person = loaded.get(Person, person_id, what="person", expected=expected)
            if person.erased:  # a retry after the register failed: erase it again only
                position = self.app.last_position()
            else:
                person.erase(by)
                position = loaded.save()
            self.register_.erase(person_id)
            return PersonWritten(person_id, None, position, person.version)

        return self.app.write(command)


@dataclass(frozen=True)
class ScheduledDeletion:
    erased: list[UUID]
    already: int
    """Elected members due whose personal data was erased before."""


def scheduled_deletion(
    people: PeopleUseCases, before: date, by: Provenance, *, dry_run: bool = False
) -> ScheduledDeletion:
    """Gallring: erases the personal data of every elected member whose last seat ended on
    or before `before` (the information management plan's retention, counted back from
    today by the operator who runs it); the events keep the seats, by id."""
    erased: list[UUID] = []
    already = 0
    due = people.elected.ended_before(before) if people.elected is not None else []
    for person_id in due:
        person = people.app.load(Person, person_id, what="person")
        if person.erased:
            already += 1
            continue
        if not dry_run:
            people.erase(person_id, by, scheduled=True)
        erased.append(person_id)
    return ScheduledDeletion(erased, already)
