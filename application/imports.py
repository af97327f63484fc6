"""Bulk import: decisions, organs, people and memberships from one file, all or nothing.

Every row is checked, in file order, against the store and the rows before it, inside one
command; only when no row is rejected is everything saved, in one atomic save. Each row
has a `key`: its id is derived from it, so importing the same file twice writes nothing
the second time. A reference (`parent`, `organ`, `decision`, `person`, …) is either a key
from this or an earlier import, or the id of something already in the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

from application.app import Loaded, Styrlogg
from application.composition import NewSeat, appoint_seat
from application.decisions import NewDecision, record_decision
from application.errors import ApplicationError
from application.organs import Change, NewOrgan, establish_organ
from application.people import PersonalDataRegister
from domain.composition import Composition, PresidiumRole, SeatRole
from domain.dates import parse_date
from domain.decisions import Decision, DecisionOutcome, DecisionType
from domain.errors import DomainError, InvalidCommand
from domain.ids import natural_id
from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organs import Organ
from domain.people import Person, PersonalDetails
from domain.provenance import Provenance
from domain.text import check_text

E = TypeVar("E", bound=Enum)
# What the stores' integer columns hold (PostgreSQL's BIGINT, SQLite's INTEGER).
STORABLE_INTEGERS = range(-(2**63), 2**63)
T = TypeVar("T")

RECORDS = ("decision", "organ", "person", "membership")
FIELDS: dict[str, tuple[str, ...]] = {
    "decision": (
        "key", "organ", "decided_on", "paragraph", "case_number", "title", "summary",
        "decision_type", "outcome",
    ),
    "organ": (
        "key", "name", "kind", "group_type", "governance_level", "code", "parent",
        "principals", "effective_on", "decision", "reason",
    ),
    "person": ("key", "name", "title", "employer"),
    "membership": (
        "key", "organ", "person", "role", "presidium_role", "representing",
        "political_party", "substitute_order", "appointed_by", "effective_on", "decision",
        "reason",
    ),
}  # fmt: skip
MULTILINE = frozenset({"summary", "reason"})
"""Fields whose text may run over lines; every other one is a single line."""


def import_id(key: str) -> UUID:
    return natural_id("import", key)


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

    def run(self, rows: Sequence[Any], by: Provenance, *, dry_run: bool = False) -> ImportReport:
        """Checks every row (one that is no object of fields is rejected); saves all of them
        in one save, or (any rejected) nothing."""
        return self.app.write(lambda: self._run(rows, by, dry_run))

    def _run(self, rows: Sequence[Any], by: Provenance, dry_run: bool) -> ImportReport:
        loaded = Loaded(self.app)
        report = ImportReport(rows=len(rows))
        people: dict[UUID, PersonalDetails] = {}
        keys: set[str] = set()
        for number, row in enumerate(rows, start=1):
            record = row.get("record") if isinstance(row, Mapping) else None
            key = row.get("key") if isinstance(row, Mapping) else None
            try:
                written = self._row(loaded, row, keys, people, by)
            except (DomainError, ApplicationError) as error:
                name = record if isinstance(record, str) else None
                text = key if isinstance(key, str) else None
                report.rejected.append(Rejected(number, name, text, error.field, error.detail))
                continue
            if written:
                report.written += 1
            else:
                report.already += 1
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
        self,
        loaded: Loaded,
        row: Any,
        keys: set[str],
        people: dict[UUID, PersonalDetails],
        by: Provenance,
    ) -> bool:
        """Applies one row to `loaded`; False when it is in the store already."""
        if not isinstance(row, Mapping):
            raise InvalidCommand("a row is an object of fields")
        record = row.get("record")
        if record not in RECORDS:
            raise InvalidCommand(f"record must be one of {', '.join(RECORDS)}", field="record")
        unknown = sorted(k for k in row if k not in (*FIELDS[record], "record"))
        if unknown:
            raise InvalidCommand(f"{record} rows have no field {unknown[0]!r}", field=unknown[0])
        get = Fields(row)
        key = get.need_text("key")
        if key in keys:
            raise InvalidCommand(f"the key {key!r} is used by an earlier row", field="key")
        keys.add(key)
        thing_id = import_id(key)
        reason = get.text("reason") if "reason" in FIELDS[record] else None
        provenance = Provenance(by.actor, by.correlation_id, reason or by.reason)
        if record == "decision":
            if loaded.has(thing_id):
                return False
            new = NewDecision(
                decided_on=get.need_day("decided_on"),
                title=get.need_text("title"),
                decision_type=get.need_enum("decision_type", DecisionType),
                outcome=get.enum("outcome", DecisionOutcome) or DecisionOutcome.ADOPTED,
                organ_id=get.ref("organ"),
                paragraph=get.text("paragraph"),
                case_number=get.text("case_number"),
                summary=get.text("summary"),
                decision_id=thing_id,
            )
            record_decision(loaded, new, provenance)
            return True
        if record == "person":
            if loaded.has(thing_id):
                return False
            details = PersonalDetails(get.need_text("name"), get.text("title"), get.ref("employer"))
            details.check()
            if details.employer_organ_id is not None:
                loaded.get(Organ, details.employer_organ_id, what="organ", field="employer")
            loaded.add(Person.register(thing_id, provenance))
            people[thing_id] = PersonalDetails(
                details.name.strip(), details.title, details.employer_organ_id
            )
            return True
        change = Change(
            effective_on=get.need_day("effective_on"),
            decision_id=get.need_ref("decision"),
            by=provenance,
        )
        loaded.get(Decision, change.decision_id, what="decision", field="decision")
        if record == "organ":
            if loaded.has(thing_id):
                return False
            new_organ = NewOrgan(
                name=get.need_text("name"),
                classification=Classification(
                    get.need_enum("kind", OrganKind),
                    get.enum("group_type", GroupType),
                    get.enum("governance_level", GovernanceLevel),
                ),
                parent_id=get.ref("parent"),
                code=get.text("code"),
                principal_ids=get.refs("principals"),
                organ_id=thing_id,
            )
            with renamed_fields({"parent_id": "parent", "principal_ids": "principals"}):
                establish_organ(loaded, new_organ, change)
            return True
        organ_id = get.need_ref("organ")
        composition_id = Composition.id_for(organ_id)
        if loaded.has(composition_id):
            composition = loaded.get(Composition, composition_id, what="composition")
            if thing_id in composition.seats:
                return False
        seat = NewSeat(
            person_id=get.need_ref("person"),
            role=get.need_enum("role", SeatRole),
            presidium_role=get.enum("presidium_role", PresidiumRole),
            representing_id=get.ref("representing"),
            political_party=get.text("political_party"),
            substitute_order=get.integer("substitute_order"),
            appointed_by_id=get.ref("appointed_by"),
            seat_id=thing_id,
        )
        with renamed_fields(
            {
                "person_id": "person",
                "representing_id": "representing",
                "appointed_by_id": "appointed_by",
            }
        ):
            if not loaded.has(organ_id):
                raise InvalidCommand(f"no organ {organ_id}", field="organ")
            appoint_seat(loaded, organ_id, seat, change)
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


class Fields:
    """Typed values from one row; a bad value raises InvalidCommand naming its field.

    CSV gives every value as text and an empty cell for "none"; JSON gives native values.
    """

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row

    def raw(self, name: str, required: bool) -> Any:
        value = self.row.get(name)
        if isinstance(value, str):
            value = check_text(value, name, multiline=name in MULTILINE).strip() or None
        if value is None and required:
            raise InvalidCommand(f"{name} is required", field=name)
        return value

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self.raw(name, required)
        if value is not None and not isinstance(value, str):
            raise InvalidCommand(f"{name} must be text", field=name)
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        return self._parse(name, required, parse_date, "a date like 2024-05-31")

    def integer(self, name: str) -> int | None:
        value = self.raw(name, False)
        if isinstance(value, int) and not isinstance(value, bool):
            number: int | None = value
        else:
            number = self._parse(name, False, whole_number, "a whole number")
        if number is not None and number not in STORABLE_INTEGERS:
            raise InvalidCommand(
                f"{name} must be a whole number from {STORABLE_INTEGERS.start} to"
                f" {STORABLE_INTEGERS.stop - 1}",
                field=name,
            )
        return number

    def enum(self, name: str, kind: type[E], *, required: bool = False) -> E | None:
        allowed = ", ".join(str(m.value) for m in kind)
        return self._parse(name, required, kind, f"one of {allowed}")

    def ref(self, name: str, *, required: bool = False) -> UUID | None:
        value = self.text(name, required=required)
        return None if value is None else reference(value)

    def refs(self, name: str) -> tuple[UUID, ...]:
        value = self.raw(name, False)
        if value is None:
            return ()
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InvalidCommand(f"{name} is a list of keys or ids", field=name)
        for item in items:
            check_text(item, name)
        return tuple(reference(i.strip()) for i in items if i.strip())

    def need_text(self, name: str) -> str:
        return _present(self.text(name, required=True))

    def need_day(self, name: str) -> date:
        return _present(self.day(name, required=True))

    def need_enum(self, name: str, kind: type[E]) -> E:
        return _present(self.enum(name, kind, required=True))

    def need_ref(self, name: str) -> UUID:
        return _present(self.ref(name, required=True))

    def _parse(self, name: str, required: bool, parse: Callable[[str], T], what: str) -> T | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InvalidCommand(f"{name} must be {what}", field=name)
        try:
            return parse(value)
        except ValueError:
            raise InvalidCommand(f"{name} must be {what}, not {value!r}", field=name) from None


def _present(value: T | None) -> T:
    assert value is not None  # `required=True` raised already
    return value


def reference(value: str) -> UUID:
    """An id as written, or the id an import derived from a key."""
    try:
        return UUID(value)
    except ValueError:
        return import_id(value)


def whole_number(text: str) -> int:
    """`int` takes other scripts' digits, spaces and `_` too: here only ASCII digits."""
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)
