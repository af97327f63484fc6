"""Person (person): someone who can hold seats. The aggregate carries no personal data.

Names, titles and employers live in a separate personal-data register keyed by the
person's id, so that they can be erased while every event that cites the id stays intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import AlreadyExists, InvalidCommand, RuleConflict
from domain.provenance import Provenance


@dataclass(frozen=True)
class PersonalDetails:
    """What the personal-data register holds for a person; never written to an event."""

    name: str
    title: str | None = None
    employer_organ_id: UUID | None = None

    def check(self) -> None:
        if not self.name.strip():
            raise InvalidCommand("a name must not be blank", field="name")


class PersonExists(AlreadyExists):
    """A person with that id is registered already."""


class Person(Aggregate, created_event_name="Registered"):
    TOPIC = "styrlogg:Person"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

    class Registered(Event, Aggregate.Created):
        TOPIC = "styrlogg:Person.Registered"

    Created = Registered

    class PersonalDataErased(Event):
        """The person's personal data was erased; seats citing the id remain."""

        TOPIC = "styrlogg:Person.PersonalDataErased"

        def apply(self, aggregate: Person) -> None:
            aggregate.erased = True

    def __init__(self) -> None:
        self.erased = False

    @classmethod
    def register(cls, person_id: UUID, by: Provenance) -> Person:
        person: Person = cls._create(
            cls.Registered,
            id=person_id,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return person

    def erase(self, by: Provenance) -> None:
        self.trigger_event(
            self.PersonalDataErased,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )


class PublicRecord(RuleConflict):
    """The person sits, or sat, as an elected member (ledamot, ersättare) of a political
    organ: named in its decisions, a public record, kept under the information management
    plan and removed only by scheduled deletion (gallring), never on request."""
