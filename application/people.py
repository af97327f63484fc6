"""People use cases: register a person, erase their personal data.

The personal-data register is a port: the application writes names and titles there,
never into events, so that erasing them leaves the event history whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from domain.organs import Organ
from domain.people import Person, PersonalDetails, PersonExists
from domain.provenance import Provenance


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
    def __init__(self, app: Styrlogg, register: PersonalDataRegister) -> None:
        self.app = app
        self.register_ = register

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

    def erase(self, person_id: UUID, by: Provenance, expected: int | None = None) -> PersonWritten:
        """Erases the person's personal data; `expected` is the version If-Match names."""

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
