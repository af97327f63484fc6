"""Organ (organ): a body of the organisation — assembly, board, committee, group — over time."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.organ_corrections import (
    Correction,
    Founding,
    change_at,
    check_founded_before_changes,
    corrected,
    corrected_founding,
)
from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organ_record import ESTABLISHMENT, OrganRecord, RecordedChange
from domain.provenance import Provenance, require_reason


class OrganNotInExistence(RuleConflict):
    """The change's date falls outside the organ's life."""


class AlreadyDissolved(RuleConflict):
    """The organ has been dissolved already."""


class NothingChanges(RuleConflict):
    """The change would leave the organ as it already is on that date."""


class LaterChangesRecorded(RuleConflict):
    """A dissolution would end the organ before changes already recorded for it."""


class OrganIsReferenced(RuleConflict):
    """An establishment cannot be annulled while anything recorded names the organ."""


class OrganWasAnnulled(RuleConflict):
    """The organ's establishment was annulled: it was recorded by mistake."""


class RootCannotMove(RuleConflict):
    """Regions, municipalities, collaborations and external parties head their own tree."""


class Organ(Aggregate, created_event_name="Established"):
    TOPIC = "styrlogg:Organ"

    if TYPE_CHECKING:  # set by Established.apply; a class annotation would become a field
        record: OrganRecord

    class Event(Aggregate.Event):
        effective_on: date
        decision_id: UUID
        actor: str
        correlation_id: str | None
        reason: str | None

        def apply(self, aggregate: Organ) -> None:
            self.evolve(aggregate.record)

        def evolve(self, record: OrganRecord) -> None:
            """Changes the organ's valid-time record; projections call this too."""

    class Established(Event, Aggregate.Created):
        TOPIC = "styrlogg:Organ.Established"
        name: str
        kind: OrganKind
        group_type: GroupType | None
        governance_level: GovernanceLevel | None
        code: str | None
        parent_id: UUID | None
        organisation_id: UUID
        principal_ids: list[UUID]

        def apply(self, aggregate: Organ) -> None:
            aggregate.record = self.new_record()

        def new_record(self) -> OrganRecord:
            return OrganRecord(
                organ_id=self.originator_id,
                organisation_id=self.organisation_id,
                code=self.code,
                principal_ids=tuple(self.principal_ids),
                established_on=self.effective_on,
                name=self.name,
                classification=Classification(self.kind, self.group_type, self.governance_level),
                parent_id=self.parent_id,
            )

    # The library would otherwise define a second creation event named "Created".
    Created = Established

    class Renamed(Event):
        TOPIC = "styrlogg:Organ.Renamed"
        name: str

        def evolve(self, record: OrganRecord) -> None:
            record.rename(self.effective_on, self.name, self.originator_version)

    class Reclassified(Event):
        TOPIC = "styrlogg:Organ.Reclassified"
        kind: OrganKind
        group_type: GroupType | None
        governance_level: GovernanceLevel | None

        def evolve(self, record: OrganRecord) -> None:
            classification = Classification(self.kind, self.group_type, self.governance_level)
            record.reclassify(self.effective_on, classification, self.originator_version)

    class Moved(Event):
        TOPIC = "styrlogg:Organ.Moved"
        parent_id: UUID

        def evolve(self, record: OrganRecord) -> None:
            record.move(self.effective_on, self.parent_id, self.originator_version)

    class Dissolved(Event):
        TOPIC = "styrlogg:Organ.Dissolved"
        successor_ids: list[UUID]

        def evolve(self, record: OrganRecord) -> None:
            record.dissolve(self.effective_on, tuple(self.successor_ids), self.originator_version)

    class ChangeAnnulled(Event):
        """The change at `annulled_version` is taken back: as if it had never been recorded."""

        TOPIC = "styrlogg:Organ.ChangeAnnulled"
        annulled_version: int

        def evolve(self, record: OrganRecord) -> None:
            record.annul(self.annulled_version)

    class ChangeCorrected(Event):
        """The change at `corrected_version` is stated anew: every field of its kind (a
        renaming's `name`, a reclassification's `kind` …, a move's `parent_id`, a
        dissolution's `successor_ids`) and `effective_on`; the other fields are None. An
        establishment's correction states its `name`, `kind` …, `parent_id` (None for a
        root), founding date (`effective_on`), `code` (None: no code) and `principal_ids`
        (empty but for a collaboration or federation). One of version 1 (read with
        `principal_ids` None) stated neither: code and principals stay as founded."""

        TOPIC = "styrlogg:Organ.ChangeCorrected"
        class_version = 2
        corrected_version: int
        name: str | None
        kind: OrganKind | None
        group_type: GroupType | None
        governance_level: GovernanceLevel | None
        parent_id: UUID | None
        successor_ids: list[UUID] | None
        code: str | None
        principal_ids: list[UUID] | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 corrected no establishment's code or principals."""
            state["code"] = None
            state["principal_ids"] = None

        def evolve(self, record: OrganRecord) -> None:
            if record.is_establishment(self.corrected_version):
                assert self.name is not None, "an establishment's correction names it"
                assert self.kind is not None, "an establishment's correction classifies it"
                stated = self.principal_ids is not None
                record.correct_establishment(
                    self.effective_on,
                    self.name,
                    Classification(self.kind, self.group_type, self.governance_level),
                    self.parent_id,
                    self.code if stated else record.code,
                    tuple(self.principal_ids or ()) if stated else record.principal_ids,
                    self.originator_version,
                )
                return
            old = record.change_of(self.corrected_version)
            assert old is not None, f"version {self.corrected_version} is no change in force"
            classification = None
            if self.kind is not None:
                classification = Classification(self.kind, self.group_type, self.governance_level)
            new = RecordedChange(
                slot=old.slot,
                version=self.originator_version,
                what=old.what,
                effective_on=self.effective_on,
                name=self.name,
                classification=classification,
                parent_id=self.parent_id,
                successor_ids=tuple(self.successor_ids or ()),
            )
            record.correct(self.corrected_version, new)

    class ChildAttached(Event):
        """A subordinate organ was established under this one or moved to it."""

        TOPIC = "styrlogg:Organ.ChildAttached"
        child_id: UUID

        def evolve(self, record: OrganRecord) -> None:
            record.attach_child(self.child_id)

    @classmethod
    def establish(
        cls,
        *,
        organ_id: UUID,
        name: str,
        classification: Classification,
        code: str | None,
        parent: Organ | None,
        principal_ids: tuple[UUID, ...],
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> Organ:
        check_name(name)
        check_classification(classification)
        kind = classification.kind
        if kind.is_root and parent is not None:
            raise InvalidCommand(f"a {kind.value} heads its own tree: omit it", field="parent_id")
        if not kind.is_root and parent is None:
            raise InvalidCommand(f"a {kind.value} needs a parent organ", field="parent_id")
        check_principals(kind, principal_ids, organ_id)
        if parent is not None:
            parent.check_exists_on(effective_on, field="parent_id", role="parent organ")
        organ: Organ = cls._create(
            cls.Established,
            id=organ_id,
            name=name.strip(),
            kind=kind,
            group_type=classification.group_type,
            governance_level=classification.governance_level,
            code=code,
            parent_id=parent.id if parent else None,
            organisation_id=parent.record.organisation_id if parent else organ_id,
            principal_ids=list(principal_ids),
            effective_on=effective_on,
            decision_id=decision_id,
            **_provenance(by),
        )
        return organ

    def rename(self, name: str, effective_on: date, decision_id: UUID, by: Provenance) -> None:
        check_name(name)
        self.check_exists_on(effective_on)
        if self.record.names.at(effective_on) == name.strip():
            raise NothingChanges(f"the organ is already named {name.strip()!r} on {effective_on}")
        self._trigger(self.Renamed, effective_on, decision_id, by, name=name.strip())

    def reclassify(
        self,
        classification: Classification,
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        check_classification(classification)
        self.check_exists_on(effective_on)
        current = self.record.classifications.at(effective_on)
        if current.kind.is_root or classification.kind.is_root:
            raise RuleConflict(
                f"a {current.kind.value} cannot become a {classification.kind.value}",
                field="kind",
            )
        if current == classification:
            raise NothingChanges(f"the organ is already so classified on {effective_on}")
        self._trigger(
            self.Reclassified,
            effective_on,
            decision_id,
            by,
            kind=classification.kind,
            group_type=classification.group_type,
            governance_level=classification.governance_level,
        )

    def move(self, parent: Organ, effective_on: date, decision_id: UUID, by: Provenance) -> None:
        self.check_exists_on(effective_on)
        if self.record.classifications.at(effective_on).kind.is_root:
            raise RootCannotMove("this kind of organ heads its own tree and has no parent")
        if parent.id == self.id:
            raise RuleConflict("an organ cannot be its own parent", field="parent_id")
        if parent.record.organisation_id != self.record.organisation_id:
            raise RuleConflict("the new parent belongs to another organisation", field="parent_id")
        parent.check_exists_on(effective_on, field="parent_id", role="parent organ")
        if self.record.parents.at(effective_on) == parent.id:
            raise NothingChanges(f"the organ is already under that parent on {effective_on}")
        self._trigger(self.Moved, effective_on, decision_id, by, parent_id=parent.id)

    def dissolve(
        self,
        successor_ids: tuple[UUID, ...],
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
    ) -> None:
        dissolution = self.record.dissolution()
        if dissolution is not None and not (by.reason or "").strip():
            raise AlreadyDissolved(
                f"the organ was dissolved from {self.record.dissolved_on} (version"
                f" {dissolution.version}); to correct that dissolution, send it again with a"
                " `reason`, or annul it"
            )
        if dissolution is not None:
            self.correct_change(
                dissolution.version,
                Correction(effective_on=effective_on, successor_ids=successor_ids),
                decision_id,
                by,
            )
            return
        if effective_on <= self.record.established_on:
            raise OrganNotInExistence(
                f"effective_on {effective_on} must come after the organ was established"
                f" ({self.record.established_on})",
                field="effective_on",
            )
        if self.record.last_change_on() >= effective_on:
            raise LaterChangesRecorded(
                f"changes effective {self.record.last_change_on()} are recorded;"
                " a dissolution must come after them",
                field="effective_on",
            )
        if self.id in successor_ids:
            raise InvalidCommand("an organ cannot succeed itself", field="successor_ids")
        self._trigger(
            self.Dissolved, effective_on, decision_id, by, successor_ids=list(successor_ids)
        )

    def annul_change(self, version: int, decision_id: UUID, by: Provenance) -> RecordedChange:
        """Takes back the change recorded (or last corrected) at `version`; returns it."""
        change = change_at(self.record, version, self.version)
        require_reason(by, "a correction or an annulment")
        self._trigger(
            self.ChangeAnnulled, change.effective_on, decision_id, by, annulled_version=version
        )
        return change

    def annul_establishment(self, version: int, decision_id: UUID, by: Provenance) -> None:
        """Takes back the organ itself (recorded by mistake): as known after, it never was.
        What names it is checked by the use case, which sees the other aggregates."""
        if version != ESTABLISHMENT:
            raise InvalidCommand(f"version {version} is not the establishment", field="version")
        require_reason(by, "a correction or an annulment")
        if self.record.successor_ids:
            raise OrganIsReferenced(
                "the organ is named by a succession: its dissolution names successors"
                f" ({', '.join(map(str, self.record.successor_ids))})",
                field="version",
            )
        self._trigger(
            self.ChangeAnnulled,
            self.record.established_on,
            decision_id,
            by,
            annulled_version=version,
        )

    def correct_change(
        self, version: int, correction: Correction, decision_id: UUID, by: Provenance
    ) -> RecordedChange:
        """States the change at `version` anew, checked on the organ as it would then be;
        returns the change as corrected."""
        change = change_at(self.record, version, self.version)
        require_reason(by, "a correction or an annulment")
        new = corrected(change, correction, self.version + 1)
        if new.name is not None:
            check_name(new.name)
        if new.classification is not None:
            check_classification(new.classification)
            if new.classification.kind.is_root:
                raise RuleConflict(
                    f"an organ cannot become a {new.classification.kind.value}", field="kind"
                )
        if new.what == "parent" and new.parent_id == self.id:
            raise RuleConflict("an organ cannot be its own parent", field="parent_id")
        if new.what == "dissolution" and self.id in new.successor_ids:
            raise InvalidCommand("an organ cannot succeed itself", field="successor_ids")
        c = new.classification
        self._trigger(
            self.ChangeCorrected,
            new.effective_on,
            decision_id,
            by,
            corrected_version=version,
            name=new.name,
            kind=c.kind if c else None,
            group_type=c.group_type if c else None,
            governance_level=c.governance_level if c else None,
            parent_id=new.parent_id,
            successor_ids=list(new.successor_ids) if new.what == "dissolution" else None,
            code=None,
            principal_ids=None,
        )
        self.check_life(new)
        return new

    def correct_establishment(
        self, version: int, correction: Correction, decision_id: UUID, by: Provenance
    ) -> Founding:
        """States the establishment anew (founding date, name, classification, parent,
        code, principals), checked on the organ's own changes; returns it as corrected.
        That each principal exists on the founding date is checked by the use case."""
        require_reason(by, "a correction or an annulment")
        old = self.record.established[1]
        new = corrected_founding(self.record, correction)
        check_name(new.name)
        check_classification(new.classification)
        kind = new.classification.kind
        if kind != old.kind and (kind.is_root or old.kind.is_root):
            raise RuleConflict(f"a {old.kind.value} cannot become a {kind.value}", field="kind")
        if kind.is_root and correction.parent_id is not None:
            raise InvalidCommand(f"a {kind.value} heads its own tree: omit it", field="parent_id")
        if new.parent_id == self.id:
            raise RuleConflict("an organ cannot be its own parent", field="parent_id")
        check_principals(kind, new.principal_ids, self.id)
        check_founded_before_changes(self.record, new.effective_on)
        c = new.classification
        self._trigger(
            self.ChangeCorrected,
            new.effective_on,
            decision_id,
            by,
            corrected_version=version,
            name=new.name,
            kind=c.kind,
            group_type=c.group_type,
            governance_level=c.governance_level,
            parent_id=new.parent_id,
            successor_ids=None,
            code=new.code,
            principal_ids=list(new.principal_ids),
        )
        return new

    def check_life(self, change: RecordedChange) -> None:
        """After a correction: the change lies within the organ's life, a dissolution after
        every other change."""
        record, on = self.record, change.effective_on
        if change.what != "dissolution":
            self.check_exists_on(on)
            return
        if on <= record.established_on:
            raise OrganNotInExistence(
                f"effective_on {on} must come after the organ was established"
                f" ({record.established_on})",
                field="effective_on",
            )
        if record.last_change_on() >= on:
            raise LaterChangesRecorded(
                f"changes effective {record.last_change_on()} are recorded;"
                " a dissolution must come after them",
                field="effective_on",
            )

    def attach_child(
        self, child_id: UUID, effective_on: date, decision_id: UUID, by: Provenance
    ) -> None:
        """Keeps the set of organs ever placed under this one, to check dissolutions."""
        if child_id not in self.record.child_ids:
            self._trigger(self.ChildAttached, effective_on, decision_id, by, child_id=child_id)

    def check_exists_on(
        self, on: date, *, field: str = "effective_on", role: str = "organ"
    ) -> None:
        if on < self.record.established_on:
            raise OrganNotInExistence(
                f"the {role} was not established until {self.record.established_on} ({field} {on})",
                field=field,
            )
        if self.record.dissolved_on is not None and on >= self.record.dissolved_on:
            raise OrganNotInExistence(
                f"the {role} was dissolved from {self.record.dissolved_on} ({field} {on})",
                field=field,
            )

    def check_exists_during(
        self,
        start: date,
        end: date | None,
        *,
        field: str,
        role: str,
        span: str = "the span",
        rule: str | None = None,
    ) -> None:
        """The organ exists on at least one day of the half-open span [start, end)."""
        established, dissolved = self.record.established_on, self.record.dissolved_on
        dates = f"{span} {start} – {end or 'further notice'}"
        because = f": {rule}" if rule else ""
        if end is not None and end <= established:
            raise OrganNotInExistence(
                f"the {role} was not established until {established}: it exists on no day"
                f" of {dates}{because}",
                field=field,
            )
        if dissolved is not None and dissolved <= start:
            raise OrganNotInExistence(
                f"the {role} was dissolved from {dissolved}: it exists on no day of"
                f" {dates}{because}",
                field=field,
            )

    def _trigger(
        self,
        event_class: type[Organ.Event],
        effective_on: date,
        decision_id: UUID,
        by: Provenance,
        **fields: Any,
    ) -> None:
        self.trigger_event(
            event_class,
            effective_on=effective_on,
            decision_id=decision_id,
            **_provenance(by),
            **fields,
        )


def check_name(name: str) -> None:
    if not name.strip():
        raise InvalidCommand("a name must not be blank", field="name")


def check_principals(kind: OrganKind, principal_ids: tuple[UUID, ...], organ_id: UUID) -> None:
    """A collaboration's or federation's principals, each named once, the organ not among
    them; no other kind has any (at establishment and its correction alike)."""
    if len(set(principal_ids)) != len(principal_ids):
        raise InvalidCommand("a principal is named twice", field="principal_ids")
    if organ_id in principal_ids:
        raise InvalidCommand("an organ cannot be its own principal", field="principal_ids")
    if kind.has_principals and not principal_ids:
        raise InvalidCommand(f"a {kind.value} needs its principals", field="principal_ids")
    if not kind.has_principals and principal_ids:
        raise InvalidCommand(
            "only collaborations and federations have principals", field="principal_ids"
        )


def check_classification(classification: Classification) -> None:
    if classification.kind is OrganKind.GROUP and classification.group_type is None:
        raise InvalidCommand("a group needs a group_type", field="group_type")
    if classification.kind is not OrganKind.GROUP and classification.group_type is not None:
        raise InvalidCommand("only groups have a group_type", field="group_type")


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
