"""Corrections and annulments (rättelse, upphävande) of an organ's recorded changes.

A correction states the change anew from the same slot, an annulment takes it back; both
are new events, so reads as known before them still show the change as first recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.errors import InvalidCommand, RuleConflict
from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organ_record import OrganRecord, RecordedChange


class NoSuchChange(RuleConflict):
    """The organ has no change at that version."""


class NotAnOrganisationalChange(RuleConflict):
    """The version is the establishment, bookkeeping or an annulment: nothing to undo."""


class AlreadyAnnulled(RuleConflict):
    """The change was annulled already."""


class CorrectionChangesNothing(RuleConflict):
    """The correction says what the change already says."""


class FoundedAfterChanges(RuleConflict):
    """A corrected founding date would come after changes recorded for the organ."""


@dataclass(frozen=True)
class Founding:
    """What an establishment states: the founding date, name, classification, parent, code
    and principals."""

    effective_on: date
    name: str
    classification: Classification
    parent_id: UUID | None
    code: str | None
    principal_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class Correction:
    """The corrected fields of one change; what is None stays as recorded."""

    effective_on: date | None = None
    name: str | None = None
    kind: OrganKind | None = None
    group_type: GroupType | None = None
    """With `kind` (a reclassification is corrected whole): None is no group type."""
    governance_level: GovernanceLevel | None = None
    parent_id: UUID | None = None
    successor_ids: tuple[UUID, ...] | None = None
    code: str | None = None
    """An establishment's, with `code_given` (None is no code)."""
    code_given: bool = False
    principal_ids: tuple[UUID, ...] | None = None
    """An establishment's: a collaboration's or federation's principals, in full."""

    def classification(self) -> Classification | None:
        if self.kind is None:
            if self.group_type is not None or self.governance_level is not None:
                raise InvalidCommand("a corrected classification gives its kind too", field="kind")
            return None
        return Classification(self.kind, self.group_type, self.governance_level)


FIELDS = {
    "name": ("name",),
    "classification": ("kind",),
    "parent": ("parent_id",),
    "dissolution": ("successor_ids",),
}
"""Per kind of change, the fields a correction may give beside `effective_on`."""


def change_at(record: OrganRecord, version: int, last_version: int) -> RecordedChange:
    """The change in force that `version` recorded or corrected; 409 naming `version`."""
    if version < 1 or version > last_version:
        raise NoSuchChange(
            f"the organ has no version {version} (its last is {last_version})", field="version"
        )
    if record.is_establishment(version):
        raise NotAnOrganisationalChange(
            f"version {version} is the organ's establishment: correct it with"
            f" POST …/changes/{version}/correction",
            field="version",
        )
    slot = record.slots.get(version)
    if slot is not None and slot in record.annulled:
        raise AlreadyAnnulled(f"the change at version {slot} was annulled", field="version")
    change = record.change_of(version)
    if change is None:
        raise NotAnOrganisationalChange(
            f"version {version} is no renaming, reclassification, move or dissolution",
            field="version",
        )
    return change


def corrected(change: RecordedChange, correction: Correction, version: int) -> RecordedChange:
    """The change as the correction states it, recorded at `version`."""
    given = {
        "name": correction.name is not None,
        "kind": correction.classification() is not None,
        "parent_id": correction.parent_id is not None,
        "successor_ids": correction.successor_ids is not None,
        "code": correction.code_given,
        "principal_ids": correction.principal_ids is not None,
    }
    for field, is_given in given.items():
        if is_given and field not in FIELDS[change.what]:
            raise InvalidCommand(
                f"a correction of a {_noun(change)} cannot change {field}", field=field
            )
    new = replace(
        change,
        version=version,
        effective_on=correction.effective_on or change.effective_on,
        name=correction.name.strip() if correction.name is not None else change.name,
        classification=correction.classification() or change.classification,
        parent_id=correction.parent_id or change.parent_id,
        successor_ids=(
            change.successor_ids if correction.successor_ids is None else correction.successor_ids
        ),
    )
    if replace(new, version=change.version) == change:
        raise CorrectionChangesNothing(f"the {_noun(change)} already says so")
    return new


def founding_of(record: OrganRecord) -> Founding:
    name, classification, parent_id = record.established
    return Founding(
        record.established_on,
        name,
        classification,
        parent_id,
        record.code,
        record.principal_ids,
    )


def corrected_founding(record: OrganRecord, correction: Correction) -> Founding:
    """The establishment as the correction states it; what it leaves out stays."""
    if correction.successor_ids is not None:
        raise InvalidCommand(
            "a correction of an establishment cannot change successor_ids", field="successor_ids"
        )
    old = founding_of(record)
    principal_ids = old.principal_ids
    # The same principals in another order are no correction: their order says nothing.
    if correction.principal_ids is not None and sorted(correction.principal_ids) != sorted(
        principal_ids
    ):
        principal_ids = correction.principal_ids
    new = Founding(
        effective_on=correction.effective_on or old.effective_on,
        name=correction.name.strip() if correction.name is not None else old.name,
        classification=correction.classification() or old.classification,
        parent_id=correction.parent_id or old.parent_id,
        code=correction.code if correction.code_given else old.code,
        principal_ids=principal_ids,
    )
    if new == old:
        raise CorrectionChangesNothing("the establishment already says so")
    return new


def check_founded_before_changes(record: OrganRecord, on: date) -> None:
    """Every change in force holds on or after the founding date, a dissolution after it."""
    for change in sorted(record.changes.values(), key=lambda c: c.effective_on):
        too_early = (
            change.effective_on <= on
            if change.what == "dissolution"
            else (change.effective_on < on)
        )
        if too_early:
            raise FoundedAfterChanges(
                f"the organ's {_noun(change)} effective {change.effective_on} (version"
                f" {change.version}) is recorded: it must be founded before that",
                field="effective_on",
            )


def _noun(change: RecordedChange) -> str:
    return {
        "name": "renaming",
        "classification": "reclassification",
        "parent": "move",
        "dissolution": "dissolution",
    }[change.what]
