"""An organ's life in valid time: names, classifications and parents as they held, day by day."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, TypeVar
from uuid import UUID

from domain.organ_kinds import Classification
from domain.timelines import Timeline

T = TypeVar("T")
What = Literal["name", "classification", "parent", "dissolution"]
ESTABLISHMENT = 1
"""The establishment's version, and the slot its corrections speak for."""


@dataclass(frozen=True)
class OrganState:
    """What holds for an organ over a half-open span [valid_from, valid_to)."""

    valid_from: date
    valid_to: date | None
    name: str
    classification: Classification
    parent_id: UUID | None


@dataclass(frozen=True)
class RecordedChange:
    """One organisational change as it stands: `slot` is the version that first recorded
    it, `version` the event that states it now (a correction's, once corrected)."""

    slot: int
    version: int
    what: What
    effective_on: date
    name: str | None = None
    classification: Classification | None = None
    parent_id: UUID | None = None
    successor_ids: tuple[UUID, ...] = ()


class OrganRecord:
    """The valid-time state of one organ as known at one moment."""

    def __init__(
        self,
        *,
        organ_id: UUID,
        organisation_id: UUID,
        code: str | None,
        principal_ids: tuple[UUID, ...],
        established_on: date,
        name: str,
        classification: Classification,
        parent_id: UUID | None,
    ) -> None:
        self.organ_id = organ_id
        self.organisation_id = organisation_id
        self.code = code
        self.principal_ids = principal_ids
        self.established_on = established_on
        self.established = (name, classification, parent_id)
        self.child_ids: tuple[UUID, ...] = ()
        self.changes: dict[int, RecordedChange] = {}
        """The changes in force, by slot."""
        self.slots: dict[int, int] = {}
        """Every version that recorded or corrected a change: the slot it speaks for."""
        self.annulled: set[int] = set()
        self.unfounded = False
        """Whether the establishment was annulled: the organ was recorded by mistake."""
        self.replay()

    def rename(self, on: date, name: str, version: int) -> None:
        self._add(RecordedChange(version, version, "name", on, name=name))

    def reclassify(self, on: date, classification: Classification, version: int) -> None:
        self._add(
            RecordedChange(version, version, "classification", on, classification=classification)
        )

    def move(self, on: date, parent_id: UUID, version: int) -> None:
        self._add(RecordedChange(version, version, "parent", on, parent_id=parent_id))

    def dissolve(self, on: date, successor_ids: tuple[UUID, ...], version: int) -> None:
        self._add(RecordedChange(version, version, "dissolution", on, successor_ids=successor_ids))

    def annul(self, version: int) -> None:
        """As if the change had never been recorded; the establishment's annulment, as if
        the organ had never been."""
        if self.is_establishment(version):
            self.unfounded = True
            return
        slot = self.slots[version]
        del self.changes[slot]
        self.annulled.add(slot)
        self.replay()

    def correct(self, version: int, corrected: RecordedChange) -> None:
        """The change at `version` (its slot) says what `corrected` says from now on."""
        slot = self.slots[version]
        self.changes[slot] = replace(corrected, slot=slot)
        self.slots[corrected.version] = slot
        self.replay()

    def correct_establishment(
        self,
        on: date,
        name: str,
        classification: Classification,
        parent_id: UUID | None,
        code: str | None,
        principal_ids: tuple[UUID, ...],
        version: int,
    ) -> None:
        """The organ was founded as `version` states, not as first recorded."""
        self.established_on = on
        self.established = (name, classification, parent_id)
        self.code = code
        self.principal_ids = principal_ids
        self.slots[version] = ESTABLISHMENT
        self.replay()

    def is_establishment(self, version: int) -> bool:
        """Whether `version` recorded or corrected the organ's establishment."""
        return version == ESTABLISHMENT or self.slots.get(version) == ESTABLISHMENT

    def change_of(self, version: int) -> RecordedChange | None:
        """The change in force that `version` recorded or corrected, if it is one."""
        slot = self.slots.get(version)
        return None if slot is None else self.changes.get(slot)

    def dissolution(self) -> RecordedChange | None:
        return next((c for c in self.changes.values() if c.what == "dissolution"), None)

    def attach_child(self, child_id: UUID) -> None:
        if child_id not in self.child_ids:
            self.child_ids = (*self.child_ids, child_id)

    def last_change_on(self) -> date:
        """The last day on which a name, classification or parent changes (a change
        undone on the same day, such as a rename back to the former name, is none)."""
        return max(
            (d for tl, base in self._timelines() for d, _ in _effective(tl, base)),
            default=self.established_on,
        )

    def in_force(self) -> list[int]:
        """The versions of the changes that make a difference: of those for the same day
        and fact the last stands, and one that leaves the fact as it was is none."""
        winners: dict[tuple[str, date], RecordedChange] = {}
        for slot in sorted(self.changes):
            change = self.changes[slot]
            winners[(change.what, change.effective_on)] = change
        effective = {
            (what, on)
            for what, (tl, base) in zip(
                ("name", "classification", "parent"), self._timelines(), strict=True
            )
            for on, _ in _effective(tl, base)
        }
        return sorted(
            c.version
            for (what, on), c in winners.items()
            if what == "dissolution" or (what, on) in effective
        )

    def state_on(self, on: date) -> OrganState | None:
        for state in self.segments():
            if state.valid_from <= on and (state.valid_to is None or on < state.valid_to):
                return state
        return None

    def segments(self) -> list[OrganState]:
        """The organ's life cut where anything changes; equal neighbours merged (none once
        its establishment is annulled)."""
        if self.unfounded:
            return []
        end = self.dissolved_on
        starts = sorted(
            {
                d
                for tl in (self.names, self.classifications, self.parents)
                for d in tl.dates()
                if end is None or d < end
            }
        )
        merged: list[OrganState] = []
        for i, start in enumerate(starts):
            state = OrganState(
                valid_from=start,
                valid_to=starts[i + 1] if i + 1 < len(starts) else end,
                name=self.names.at(start),
                classification=self.classifications.at(start),
                parent_id=self.parents.at(start),
            )
            previous = merged[-1] if merged else None
            if previous is not None and _same_content(previous, state):
                merged[-1] = OrganState(
                    previous.valid_from,
                    state.valid_to,
                    previous.name,
                    previous.classification,
                    previous.parent_id,
                )
            else:
                merged.append(state)
        return merged

    def attachments(self) -> list[tuple[UUID, date, date | None]]:
        """Spans during which the organ sits under each parent: (parent, from, to)."""
        spans: list[tuple[UUID, date, date | None]] = []
        for state in self.segments():
            if state.parent_id is None:
                continue
            if spans and spans[-1][0] == state.parent_id and spans[-1][2] == state.valid_from:
                spans[-1] = (state.parent_id, spans[-1][1], state.valid_to)
            else:
                spans.append((state.parent_id, state.valid_from, state.valid_to))
        return spans

    def _add(self, change: RecordedChange) -> None:
        self.changes[change.slot] = change
        self.slots[change.version] = change.slot
        self._apply(change)

    def replay(self) -> None:
        """The timelines anew from the establishment and the changes in force."""
        name, classification, parent_id = self.established
        self.names: Timeline[str] = Timeline([(self.established_on, name)])
        self.classifications: Timeline[Classification] = Timeline(
            [(self.established_on, classification)]
        )
        self.parents: Timeline[UUID | None] = Timeline([(self.established_on, parent_id)])
        self.dissolved_on: date | None = None
        self.successor_ids: tuple[UUID, ...] = ()
        for slot in sorted(self.changes):
            self._apply(self.changes[slot])

    def _apply(self, change: RecordedChange) -> None:
        on = change.effective_on
        if change.what == "name" and change.name is not None:
            self.names.set(on, change.name)
        elif change.what == "classification" and change.classification is not None:
            self.classifications.set(on, change.classification)
        elif change.what == "parent":
            self.parents.set(on, change.parent_id)
        elif change.what == "dissolution":
            self.dissolved_on = on
            self.successor_ids = change.successor_ids

    def _timelines(self) -> list[tuple[Timeline[Any], Any]]:
        """Each timeline with its established value."""
        name, classification, parent_id = self.established
        return [
            (self.names, name),
            (self.classifications, classification),
            (self.parents, parent_id),
        ]


def _effective(timeline: Timeline[T], established: T) -> list[tuple[date, T]]:
    """The timeline's entries that change its value, starting from the established one."""
    kept, previous = [], established
    for on, value in timeline.items():
        if value != previous:
            kept.append((on, value))
        previous = value
    return kept


def _same_content(a: OrganState, b: OrganState) -> bool:
    return (a.name, a.classification, a.parent_id) == (b.name, b.classification, b.parent_id)
