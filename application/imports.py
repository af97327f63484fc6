"""Bulk import: decisions, organs, people and memberships from one file, all or nothing.

The rows come typed (interfaces.import_rows reads a file's rows into them, refusing the
ones it cannot read). Every row is checked, in file order, against the store and the rows
before it, inside one command; only when no row is rejected, here or while reading, is
everything saved, in one atomic save. Each row has a `key`: its id is derived from it, so
importing the same file twice writes nothing the second time; a row whose key is in the
store with other content is rejected, one rejection per field that differs. A reference (`parent`,
`organ`, `decision`, `person`, …) is either a key from this or an earlier import, or the
id of something already in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from typing import ClassVar
from uuid import UUID

from application.app import Loaded, Styrlogg
from application.composition import NewSeat, appoint_seat
from application.decisions import NewDecision, record_decision
from application.errors import ApplicationError
from application.organs import Change, NewOrgan, establish_organ
from application.people import PersonalDataRegister
from domain.composition import Composition, SeatRecord, SeatWasAnnulled
from domain.decisions import Decision
from domain.errors import DomainError, InvalidCommand
from domain.ids import natural_id
from domain.organs import Organ, OrganWasAnnulled
from domain.people import Person, PersonalDetails
from domain.provenance import Provenance


def import_id(key: str) -> UUID:
    return natural_id("import", key)


@dataclass(frozen=True)
class DecisionRow:
    record: ClassVar[str] = "decision"
    row: int
    """1-based, counting data rows (a CSV file's header is not a row)."""
    key: str
    decision: NewDecision


@dataclass(frozen=True)
class PersonRow:
    record: ClassVar[str] = "person"
    row: int
    key: str
    details: PersonalDetails


@dataclass(frozen=True)
class OrganRow:
    record: ClassVar[str] = "organ"
    row: int
    key: str
    effective_on: date
    decision_id: UUID
    reason: str | None
    organ: NewOrgan


@dataclass(frozen=True)
class MembershipRow:
    record: ClassVar[str] = "membership"
    row: int
    key: str
    effective_on: date
    decision_id: UUID
    reason: str | None
    organ_id: UUID
    seat: NewSeat


ImportRow = DecisionRow | PersonRow | OrganRow | MembershipRow


@dataclass(frozen=True)
class Rejected:
    row: int
    """1-based, counting data rows (a CSV file's header is not a row)."""
    record: str | None
    key: str | None
    field: str | None
    detail: str


@dataclass
class ImportReport:
    rows: int = 0
    written: int = 0
    already: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    committed: bool = False
    position: int | None = None


class ImportUseCases:
    def __init__(self, app: Styrlogg, register: PersonalDataRegister) -> None:
        self.app = app
        self.register = register

    def run(
        self,
        rows: Sequence[ImportRow],
        refused: Sequence[Rejected],
        by: Provenance,
        *,
        dry_run: bool = False,
    ) -> ImportReport:
        """Checks every row; saves all of them in one save, or (any row rejected, here or
        while reading the file: `refused`) nothing. Each key is on one row only."""
        return self.app.write(lambda: self._run(rows, refused, by, dry_run))

    def _run(
        self, rows: Sequence[ImportRow], refused: Sequence[Rejected], by: Provenance, dry_run: bool
    ) -> ImportReport:
        loaded = Loaded(self.app)
        report = ImportReport(rows=len(rows) + len(refused))
        people: dict[UUID, PersonalDetails] = {}
        rejected = list(refused)
        for row in rows:
            try:
                written = self._row(loaded, row, people, by)
            except (DomainError, ApplicationError) as error:
                rejected.append(Rejected(row.row, row.record, row.key, error.field, error.detail))
                continue
            except HeldOtherwise as held:
                rejected.extend(
                    Rejected(row.row, row.record, row.key, name, detail)
                    for name, detail in held.differences
                )
                continue
            if written:
                report.written += 1
            else:
                report.already += 1
        report.rejected = sorted(rejected, key=lambda r: r.row)
        if report.rejected or dry_run or report.written == 0:
            return report
        for person_id, details in people.items():
            self.register.put(person_id, details)
        try:
            report.position = loaded.save()
        except BaseException:
            self.register.erase(*people)
            raise
        report.committed = True
        return report

    def _row(
        self, loaded: Loaded, row: ImportRow, people: dict[UUID, PersonalDetails], by: Provenance
    ) -> bool:
        """Applies one row to `loaded`; False when it is in the store already."""
        thing_id = import_id(row.key)
        if isinstance(row, DecisionRow):
            if loaded.has(thing_id):
                held = loaded.get(Decision, thing_id, what="decision")
                return _same(row, _decision_fields(held, row))
            record_decision(loaded, replace(row.decision, decision_id=thing_id), by)
            return True
        if isinstance(row, PersonRow):
            if loaded.has(thing_id):
                registered = self.register.get(thing_id)
                if registered is None:  # erased: nothing to compare with, nothing restored
                    return False
                return _same(row, _person_fields(registered, row.details))
            details = row.details
            details.check()
            if details.employer_organ_id is not None:
                loaded.get(Organ, details.employer_organ_id, what="organ", field="employer")
            loaded.add(Person.register(thing_id, by))
            people[thing_id] = replace(details, name=details.name.strip())
            return True
        provenance = Provenance(by.actor, by.correlation_id, row.reason or by.reason)
        change = Change(row.effective_on, row.decision_id, provenance)
        loaded.get(Decision, change.decision_id, what="decision", field="decision")
        if isinstance(row, OrganRow):
            if loaded.has(thing_id):
                organ = loaded.get(Organ, thing_id, what="organ", unfounded=True)
                if organ.record.unfounded:  # importing it again would undo the annulment
                    raise OrganWasAnnulled(
                        f"the organ with key {row.key} was annulled (recorded by mistake);"
                        " give a new organ a new key",
                        field="key",
                    )
                return _same(row, _organ_fields(self._established(thing_id), organ, row))
            with renamed_fields({"parent_id": "parent", "principal_ids": "principals"}):
                establish_organ(loaded, replace(row.organ, organ_id=thing_id), change)
            return True
        return _membership(loaded, row, thing_id, change)

    def _established(self, organ_id: UUID) -> Organ.Established:
        """The event that established the organ: what an organ row describes."""
        first = next(iter(self.app.repository.event_store.get(organ_id, lte=1)))
        assert isinstance(first, Organ.Established)
        return first


class HeldOtherwise(Exception):
    """The row's key is in the store with other content: (field, detail) for each field."""

    def __init__(self, differences: list[tuple[str, str]]) -> None:
        super().__init__(differences)
        self.differences = differences


Fields = dict[str, tuple[object, object]]
"""Per field of a row (named as in the file): (as held in the store, as in the row)."""


def _same(row: ImportRow, fields: Fields) -> bool:
    """False (nothing to write) when the store holds the row as it is; else HeldOtherwise."""
    differences = [
        (name, f"{row.key} is in the store with {name} {_text(held)}, not {_text(sent)}")
        for name, (held, sent) in fields.items()
        if held != sent
    ]
    if differences:
        raise HeldOtherwise(differences)
    return False


def _text(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _decision_fields(held: Decision, row: DecisionRow) -> Fields:
    new = row.decision
    return {
        "decided_on": (held.decided_on, new.decided_on),
        "title": (held.title, new.title),
        "decision_type": (held.decision_type, new.decision_type),
        "outcome": (held.outcome, new.outcome),
        "organ": (held.organ_id, new.organ_id),
        "paragraph": (held.paragraph, new.paragraph),
        "case_number": (held.case_number, new.case_number),
        "summary": (held.summary, new.summary),
    }


def _person_fields(held: PersonalDetails, new: PersonalDetails) -> Fields:
    return {
        "name": (held.name, new.name.strip()),
        "title": (held.title, new.title),
        "employer": (held.employer_organ_id, new.employer_organ_id),
    }


def _organ_fields(held: Organ.Established, organ: Organ, row: OrganRow) -> Fields:
    """The row against the establishment as it stands now (corrected, if it was) and the
    decision that first recorded it."""
    new, record = row.organ, organ.record
    name, classification, parent_id = record.established
    return {
        "effective_on": (record.established_on, row.effective_on),
        "decision": (held.decision_id, row.decision_id),
        "name": (name, new.name),
        "kind": (classification.kind, new.classification.kind),
        "group_type": (classification.group_type, new.classification.group_type),
        "governance_level": (
            classification.governance_level,
            new.classification.governance_level,
        ),
        "parent": (parent_id, new.parent_id),
        "code": (record.code, new.code),
        "principals": (record.principal_ids, tuple(new.principal_ids)),
    }


def _seat_fields(held: SeatRecord, row: MembershipRow) -> Fields:
    seat, new = held.seat, row.seat
    return {
        "effective_on": (held.started_on, row.effective_on),
        "decision": (seat.decision_id, row.decision_id),
        "person": (seat.person_id, new.person_id),
        "role": (seat.role, new.role),
        "presidium_role": (held.presidium.at(held.started_on), new.presidium_role),
        "representing": (seat.representing_id, new.representing_id),
        "political_party": (seat.political_party, new.political_party),
        "substitute_order": (seat.substitute_order, new.substitute_order),
        "appointed_by": (seat.appointed_by_id, new.appointed_by_id),
    }


def _membership(loaded: Loaded, row: MembershipRow, seat_id: UUID, change: Change) -> bool:
    composition_id = Composition.id_for(row.organ_id)
    if loaded.has(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        if seat_id in composition.seats:
            held = composition.seats[seat_id]
            if held.annulled:  # importing it again would undo the annulment silently
                raise SeatWasAnnulled(
                    f"the seat with key {row.key} was annulled; give a new seat a new key",
                    field="key",
                )
            return _same(row, _seat_fields(held, row))
    with renamed_fields(
        {
            "person_id": "person",
            "representing_id": "representing",
            "appointed_by_id": "appointed_by",
        }
    ):
        if not loaded.has(row.organ_id):
            raise InvalidCommand(f"no organ {row.organ_id}", field="organ")
        appoint_seat(loaded, row.organ_id, replace(row.seat, seat_id=seat_id), change)
    return True


class renamed_fields:  # noqa: N801 - used as a statement, like contextlib's helpers
    """Reports a use case's field names (`parent_id`) as the file's (`parent`)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        if isinstance(error, DomainError | ApplicationError) and error.field in self.names:
            error.field = self.names[error.field]
