"""Organ use cases: establish, rename, reclassify, move, dissolve (with successors), and
correct or annul any of those changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.errors import VersionMismatch
from domain.composition import Composition
from domain.decisions import Decision
from domain.errors import RuleConflict
from domain.mandates import Mandate
from domain.organ_corrections import Correction
from domain.organ_kinds import Classification
from domain.organ_record import ESTABLISHMENT
from domain.organ_structure import (
    check_children_founded,
    check_children_outlived,
    check_founded_before,
    check_no_cycle,
    check_parents_exist,
)
from domain.organs import Organ, OrganIsReferenced
from domain.provenance import Provenance
from domain.tree_guard import ORGAN_TREES


@dataclass(frozen=True)
class NewOrgan:
    name: str
    classification: Classification
    parent_id: UUID | None = None
    code: str | None = None
    principal_ids: tuple[UUID, ...] = ()
    organ_id: UUID | None = None


@dataclass(frozen=True)
class Change:
    """What every organisational change carries: when it holds, on whose authority, by whom."""

    effective_on: date
    decision_id: UUID
    by: Provenance
    expected_version: int | None = None


@dataclass(frozen=True)
class Amendment:
    """What a correction or an annulment of a change carries: on whose authority, by whom."""

    decision_id: UUID
    by: Provenance
    expected_version: int | None = None


@dataclass(frozen=True)
class OrganSnapshot:
    """An organ as it stands on `valid_at`, as just written."""

    organ_id: UUID
    organisation_id: UUID
    valid_at: date
    name: str
    classification: Classification
    code: str | None
    parent_id: UUID | None
    principal_ids: tuple[UUID, ...]
    established_on: date
    dissolved_on: date | None
    successor_ids: tuple[UUID, ...]
    version: int


@dataclass(frozen=True)
class OrganWritten:
    organ: OrganSnapshot
    position: int
    successors: tuple[OrganSnapshot, ...] = ()


class References(Protocol):
    """What other things recorded need of an organ, as recorded now (indexes by organ)."""

    def needs(self, organ_id: UUID) -> list[tuple[str, date]]:
        """Per kind of thing recorded elsewhere that needs the organ to exist on a date,
        the earliest such date, introduced by what needs it ("a decision it took is
        dated"): decisions it took, organs it succeeds, seats elsewhere representing it or
        appointed by it, assignments to it, plans it owns, collaborations it is a
        principal of, and the last day of the plan span of an indicator of it."""

    def naming(self, organ_id: UUID) -> list[str]:
        """The first few things recorded elsewhere that name the organ, each as its kind
        and id ("a decision it took (…)"): seats elsewhere representing it or appointed by
        it, decisions, plans and items it owns, assignments, indicators, successions and
        collaborations it is a principal of."""


class OrganUseCases:
    def __init__(self, app: Styrlogg, references: References | None = None) -> None:
        self.app = app
        self.references = references
        """Without it, a corrected founding date is checked only against the organ's own
        aggregates (its children, seats and mandate), not against what names it elsewhere."""

    def establish(self, new: NewOrgan, change: Change) -> OrganWritten:
        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = establish_organ(loaded, new, change)
            return OrganWritten(snapshot(organ, change.effective_on), loaded.save())

        return self.app.write(command)

    def rename(self, organ_id: UUID, name: str, change: Change) -> OrganWritten:
        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            organ.rename(name, change.effective_on, change.decision_id, change.by)
            return OrganWritten(snapshot(organ, change.effective_on), loaded.save())

        return self.app.write(command)

    def reclassify(
        self, organ_id: UUID, classification: Classification, change: Change
    ) -> OrganWritten:
        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            organ.reclassify(classification, change.effective_on, change.decision_id, change.by)
            return OrganWritten(snapshot(organ, change.effective_on), loaded.save())

        return self.app.write(command)

    def move(self, organ_id: UUID, parent_id: UUID, change: Change) -> OrganWritten:
        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            parent = loaded.get(Organ, parent_id, what="organ", field="parent_id")
            on, decision_id, by = change.effective_on, change.decision_id, change.by
            organ.move(parent, on, decision_id, by)
            parent.attach_child(organ.id, on, decision_id, by)
            loaded.guard_move(ORGAN_TREES, organ.id)
            check_no_cycle(organ, lambda i: _any_organ(loaded, i), on)
            _check_parents_exist(loaded, organ)
            return OrganWritten(snapshot(organ, on), loaded.save())

        return self.app.write(command)

    def dissolve(
        self,
        organ_id: UUID,
        change: Change,
        successor_ids: tuple[UUID, ...] = (),
        new_successors: tuple[NewOrgan, ...] = (),
    ) -> OrganWritten:
        """Dissolves an organ, establishing any new successors in the same atomic save."""

        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            dissolved_on = organ.record.dissolved_on  # a dissolution sent again corrects it
            for successor_id in successor_ids:
                successor = loaded.get(Organ, successor_id, what="organ", field="successor_ids")
                successor.check_exists_on(
                    change.effective_on, field="successor_ids", role="successor"
                )
            established = [establish_organ(loaded, new, change) for new in new_successors]
            all_successors = successor_ids + tuple(s.id for s in established)
            organ.dissolve(all_successors, change.effective_on, change.decision_id, change.by)
            _end_with_organ(self.app, loaded, organ, change, dissolved_on)
            position = loaded.save()
            return OrganWritten(
                snapshot(organ, change.effective_on - timedelta(days=1)),
                position,
                tuple(snapshot(s, change.effective_on) for s in established),
            )

        return self.app.write(command)

    def annul(self, organ_id: UUID, version: int, change: Amendment) -> OrganWritten:
        """Annuls the change at `version`, checked on the organ as it would then be."""

        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            if version == ESTABLISHMENT:
                return self._annul_establishment(loaded, organ, change)
            annulled = organ.annul_change(version, change.decision_id, change.by)
            if annulled.what == "parent":
                loaded.guard_move(ORGAN_TREES, organ.id)
                check_no_cycle(organ, lambda i: _any_organ(loaded, i), annulled.effective_on)
            if annulled.what == "dissolution":
                _follow_dissolution(self.app, loaded, organ, annulled.effective_on, None, change)
            _check_parents_exist(loaded, organ)
            return OrganWritten(snapshot(organ, annulled.effective_on), loaded.save())

        return self.app.write(command)

    def correct(
        self, organ_id: UUID, version: int, correction: Correction, change: Amendment
    ) -> OrganWritten:
        """States the change at `version` anew, every rule checked on the organ as it would
        then be."""

        def command() -> OrganWritten:
            loaded = self._begin(change)
            organ = _organ(loaded, organ_id, change)
            by, decision_id = change.by, change.decision_id
            if organ.record.is_establishment(version):
                founded = _correct_establishment(loaded, organ, version, correction, change)
                if self.references is not None:
                    _check_references(self.references, organ)
                return OrganWritten(snapshot(organ, founded), loaded.save())
            dissolved_on = organ.record.dissolved_on
            new = organ.correct_change(version, correction, decision_id, by)
            on = new.effective_on
            if new.what == "parent" and new.parent_id is not None:
                parent = _any_organ(loaded, new.parent_id)
                _new_parent(loaded, organ, new.parent_id, on)
                parent.attach_child(organ.id, on, decision_id, by)
                loaded.guard_move(ORGAN_TREES, organ.id)
                check_no_cycle(organ, lambda i: _any_organ(loaded, i), on)
            if new.what == "dissolution":
                _check_successors(loaded, new.successor_ids, on)
                _end_with_organ(self.app, loaded, organ, Change(on, decision_id, by), dissolved_on)
                on -= timedelta(days=1)
            _check_parents_exist(loaded, organ)
            return OrganWritten(snapshot(organ, on), loaded.save())

        return self.app.write(command)

    def _annul_establishment(self, loaded: Loaded, organ: Organ, change: Amendment) -> OrganWritten:
        """The organ recorded by mistake taken back, if nothing recorded names it."""
        established = snapshot(organ, organ.record.established_on)
        naming = _naming_in_aggregates(loaded, organ)
        if self.references is not None:
            naming += self.references.naming(organ.id)
        if naming:
            raise OrganIsReferenced(
                "the organ is named by what is recorded, so its establishment cannot be"
                f" annulled: {'; '.join(naming[:NAMED])}"
                + (f" (and {len(naming) - NAMED} more)" if len(naming) > NAMED else ""),
                field="version",
            )
        organ.annul_establishment(ESTABLISHMENT, change.decision_id, change.by)
        position = loaded.save()
        return OrganWritten(replace(established, version=organ.version), position)

    def _begin(self, change: Change | Amendment) -> Loaded:
        loaded = Loaded(self.app)
        loaded.get(Decision, change.decision_id, what="decision", field="decision_id")
        return loaded


def establish_organ(loaded: Loaded, new: NewOrgan, change: Change) -> Organ:
    parent = None
    if new.parent_id is not None:
        parent = loaded.get(Organ, new.parent_id, what="organ", field="parent_id")
    for principal_id in new.principal_ids:
        principal = loaded.get(Organ, principal_id, what="organ", field="principal_ids")
        principal.check_exists_on(change.effective_on, field="principal_ids", role="principal")
    organ = loaded.add(
        Organ.establish(
            organ_id=new.organ_id or uuid4(),
            name=new.name,
            classification=new.classification,
            code=new.code,
            parent=parent,
            principal_ids=new.principal_ids,
            effective_on=change.effective_on,
            decision_id=change.decision_id,
            by=change.by,
        )
    )
    if parent is not None:
        parent.attach_child(organ.id, change.effective_on, change.decision_id, change.by)
        check_parents_exist(organ, {parent.id: parent})
    return organ


def _correct_establishment(
    loaded: Loaded, organ: Organ, version: int, correction: Correction, change: Amendment
) -> date:
    """The establishment stated anew, checked against its parent, its principals, its
    children, its seats and its mandate; returns the corrected founding date."""
    old_parent, old_principals = organ.record.established[2], organ.record.principal_ids
    founded = organ.correct_establishment(version, correction, change.decision_id, change.by)
    on = founded.effective_on
    if founded.parent_id is not None:
        field = "effective_on" if founded.parent_id == old_parent else "parent_id"
        _any_organ(loaded, founded.parent_id).check_exists_on(on, field=field, role="parent organ")
    for principal_id in founded.principal_ids:
        principal = loaded.get(Organ, principal_id, what="organ", field="principal_ids")
        field = "effective_on" if principal_id in old_principals else "principal_ids"
        principal.check_exists_on(on, field=field, role="principal")
    if founded.parent_id is not None and founded.parent_id != old_parent:
        _new_parent(loaded, organ, founded.parent_id, None)
        parent = _any_organ(loaded, founded.parent_id)
        parent.attach_child(organ.id, on, change.decision_id, change.by)
        loaded.guard_move(ORGAN_TREES, organ.id)
        check_no_cycle(organ, lambda i: _any_organ(loaded, i), on)
    _check_parents_exist(loaded, organ)
    children = _children(loaded, organ)
    check_children_founded(organ, children)
    composition_id = Composition.id_for(organ.id)
    if loaded.has(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        check_founded_before(organ, "a seat in it starts on", _seat_starts(composition))
    mandate_id = Mandate.id_for(organ.id)
    if loaded.has(mandate_id):
        mandate = loaded.get(Mandate, mandate_id, what="mandate")
        check_founded_before(
            organ, "a mandate version", [v.effective_on for v in mandate.versions()]
        )
    return on


NAMED = 5
"""How many of the things naming an organ a refused annulment of its establishment lists."""


def _naming_in_aggregates(loaded: Loaded, organ: Organ) -> list[str]:
    """What the organ's own aggregates say names it: a child (an organ that sits or sat
    under it, as recorded now), a seat in it, its mandate."""
    naming = []
    for child in _children(loaded, organ):
        if any(parent_id == organ.id for parent_id, _, _ in child.record.attachments()):
            naming.append(f"a child organ ({child.id})")
    composition_id = Composition.id_for(organ.id)
    if loaded.has(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        seats = [seat_id for seat_id, s in composition.seats.items() if not s.annulled]
        naming += [f"a seat in it ({seat_id})" for seat_id in seats]
    mandate_id = Mandate.id_for(organ.id)
    if loaded.has(mandate_id):
        mandate = loaded.get(Mandate, mandate_id, what="mandate")
        if mandate.versions():
            naming.append(f"its mandate ({mandate_id})")
    return naming


def _check_references(references: References, organ: Organ) -> None:
    for what, on in references.needs(organ.id):
        check_founded_before(organ, what, [on])


def _seat_starts(composition: Composition) -> list[date]:
    return [s.started_on for s in composition.seats.values() if not s.annulled]


def _end_with_organ(
    app: Styrlogg, loaded: Loaded, organ: Organ, change: Change, dissolved_on: date | None
) -> None:
    """After a dissolution (or its correction from `dissolved_on`): no child left under the
    organ, and its seats and mandate ended with it in the same save."""
    children = _children(loaded, organ)
    check_children_outlived(organ, children)
    if dissolved_on is not None:
        _follow_dissolution(app, loaded, organ, dissolved_on, change.effective_on, change)
        return
    composition_id = Composition.id_for(organ.id)
    if app.exists(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        composition.end_all_on_dissolution(change.effective_on, change.decision_id, change.by)
    mandate_id = Mandate.id_for(organ.id)
    if app.exists(mandate_id):
        mandate = loaded.get(Mandate, mandate_id, what="mandate")
        mandate.end_on_dissolution(change.effective_on, change.decision_id, change.by)


def _follow_dissolution(
    app: Styrlogg,
    loaded: Loaded,
    organ: Organ,
    dissolved_on: date,
    on: date | None,
    change: Change | Amendment,
) -> None:
    """The seat ends and the withdrawal the dissolution from `dissolved_on` made follow its
    correction to `on` or its annulment (`on` None), in the same save."""
    composition_id = Composition.id_for(organ.id)
    if app.exists(composition_id):
        composition = loaded.get(Composition, composition_id, what="composition")
        composition.follow_dissolution(organ, dissolved_on, on, change.decision_id, change.by)
    mandate_id = Mandate.id_for(organ.id)
    if app.exists(mandate_id):
        mandate = loaded.get(Mandate, mandate_id, what="mandate")
        mandate.follow_dissolution(dissolved_on, on, change.decision_id, change.by)


def _new_parent(loaded: Loaded, organ: Organ, parent_id: UUID, on: date | None) -> None:
    """A corrected move's parent: of the same organisation, existing on the move's date."""
    parent = _any_organ(loaded, parent_id)
    if parent.record.organisation_id != organ.record.organisation_id:
        raise RuleConflict("the new parent belongs to another organisation", field="parent_id")
    if on is not None:
        parent.check_exists_on(on, field="parent_id", role="parent organ")


def _check_successors(loaded: Loaded, successor_ids: tuple[UUID, ...], on: date | None) -> None:
    for successor_id in successor_ids:
        successor = loaded.get(Organ, successor_id, what="organ", field="successor_ids")
        if on is not None:
            successor.check_exists_on(on, field="successor_ids", role="successor")


def _organ(loaded: Loaded, organ_id: UUID, change: Change | Amendment) -> Organ:
    organ = loaded.get(Organ, organ_id, what="organ")
    if change.expected_version is not None and organ.version != change.expected_version:
        raise VersionMismatch(change.expected_version, organ.version)
    return organ


def _any_organ(loaded: Loaded, organ_id: UUID) -> Organ:
    return loaded.get(Organ, organ_id, what="organ", field="parent_id")


def _children(loaded: Loaded, organ: Organ) -> list[Organ]:
    """The organs ever placed under this one, but those recorded by mistake."""
    children = [
        loaded.get(Organ, child_id, what="organ", field="parent_id", unfounded=True)
        for child_id in organ.record.child_ids
    ]
    return [child for child in children if not child.record.unfounded]


def _check_parents_exist(loaded: Loaded, organ: Organ) -> None:
    parents = {pid: _any_organ(loaded, pid) for pid, _, _ in organ.record.attachments()}
    check_parents_exist(organ, parents)


def snapshot(organ: Organ, valid_at: date) -> OrganSnapshot:
    record = organ.record
    on = max(valid_at, record.established_on)
    return OrganSnapshot(
        organ_id=organ.id,
        organisation_id=record.organisation_id,
        valid_at=on,
        name=record.names.at(on),
        classification=record.classifications.at(on),
        code=record.code,
        parent_id=record.parents.at(on),
        principal_ids=record.principal_ids,
        established_on=record.established_on,
        dissolved_on=record.dissolved_on,
        successor_ids=record.successor_ids,
        version=organ.version,
    )
