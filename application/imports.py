"""Bulk import: decisions, organs, people and memberships from one file, all or nothing.

The rows come typed (interfaces.import_rows reads a file's rows into them, refusing the
ones it cannot read). Every row is checked, in file order, against the store and the rows
before it, inside one command; only when no row is rejected, here or while reading, is
everything saved, in one atomic save. Each row has a `key`: its id is derived from it, so
importing the same file twice writes nothing the second time. A reference (`parent`,
`organ`, `decision`, `person`, …) is either a key from this or an earlier import, or the
id of something already in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import ClassVar
from uuid import UUID

from application.app import Loaded, Styrlogg
from application.composition import NewSeat, appoint_seat
from application.decisions import NewDecision, record_decision
from application.errors import ApplicationError
from application.organs import Change, NewOrgan, establish_organ
from application.people import PersonalDataRegister
from domain.composition import Composition
from domain.decisions import Decision
from domain.errors import DomainError, InvalidCommand
from domain.ids import natural_id
from domain.organs import Organ
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
                return False
            record_decision(loaded, replace(row.decision, decision_id=thing_id), by)
            return True
        if isinstance(row, PersonRow):
            if loaded.has(thing_id):
                return False
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
                return False
            with renamed_fields({"parent_id": "parent", "principal_ids": "principals"}):
                establish_organ(loaded, replace(row.organ, organ_id=thing_id), change)
            return True
        return _membership(loaded, row, thing_id, change)


def _membership(loaded: Loaded, row: MembershipRow, seat_id: UUID, change: Change) -> bool:
    composition_id = Composition.id_for(row.organ_id)
    if loaded.has(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        if seat_id in composition.seats:
            return False
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
