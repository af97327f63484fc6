"""An organ's life in valid time: names, classifications and parents as they held, day by day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.organ_kinds import Classification
from domain.timelines import Timeline


@dataclass(frozen=True)
class OrganState:
    """What holds for an organ over a half-open span [valid_from, valid_to)."""

    valid_from: date
    valid_to: date | None
    name: str
    classification: Classification
    parent_id: UUID | None


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
        self.dissolved_on: date | None = None
        self.successor_ids: tuple[UUID, ...] = ()
        self.child_ids: tuple[UUID, ...] = ()
        self.names: Timeline[str] = Timeline([(established_on, name)])
        self.classifications: Timeline[Classification] = Timeline(
            [(established_on, classification)]
        )
        self.parents: Timeline[UUID | None] = Timeline([(established_on, parent_id)])

    def rename(self, on: date, name: str) -> None:
        self.names.set(on, name)

    def reclassify(self, on: date, classification: Classification) -> None:
        self.classifications.set(on, classification)

    def move(self, on: date, parent_id: UUID) -> None:
        self.parents.set(on, parent_id)

    def dissolve(self, on: date, successor_ids: tuple[UUID, ...]) -> None:
        self.dissolved_on = on
        self.successor_ids = successor_ids

    def attach_child(self, child_id: UUID) -> None:
        if child_id not in self.child_ids:
            self.child_ids = (*self.child_ids, child_id)

    def last_change_on(self) -> date:
        return max(d for tl in (self.names, self.classifications, self.parents) for d in tl.dates())

    def state_on(self, on: date) -> OrganState | None:
        for state in self.segments():
            if state.valid_from <= on and (state.valid_to is None or on < state.valid_to):
                return state
        return None

    def segments(self) -> list[OrganState]:
        """The organ's life cut where anything changes; equal neighbours merged."""
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


def _same_content(a: OrganState, b: OrganState) -> bool:
    return (a.name, a.classification, a.parent_id) == (b.name, b.classification, b.parent_id)
