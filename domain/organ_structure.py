"""The organisation tree's rules across organs: no cycles, no organ outliving its parent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from uuid import UUID

from domain.errors import RuleConflict
from domain.organs import Organ
from domain.timelines import Window, first_cycle, within_life


class MoveWouldMakeCycle(RuleConflict):
    """The new parent sits, on some date, below the organ (or plan item) being moved."""


class ParentNotInExistence(RuleConflict):
    """An organ would sit under a parent that does not exist for the whole span."""


class HasSubordinates(RuleConflict):
    """A dissolution would leave organs under a parent that no longer exists."""


def check_no_cycle(organ: Organ, load: Callable[[UUID], Organ], since: date) -> None:
    """After a move from `since`: the organ must not be its own ancestor on any date
    while the new edge holds (to its next move or its dissolution)."""
    record = organ.record
    until = next((d for d in record.parents.dates() if d > since), None)
    if record.dissolved_on is not None and (until is None or record.dissolved_on < until):
        until = record.dissolved_on

    def parents_within(node_id: UUID, start: date, end: date | None) -> Iterable[Window]:
        node = load(node_id).record
        life = within_life(start, end, node.established_on, node.dissolved_on)
        return node.parents.spans(*life) if life else ()

    on = first_cycle(organ.id, (record.parents.at(since), since, until), parents_within)
    if on is not None:
        raise MoveWouldMakeCycle(
            f"from {on} the new parent would sit below this organ", field="parent_id"
        )


def check_parents_exist(child: Organ, parents: dict[UUID, Organ]) -> None:
    """Every span the child sits under a parent lies within that parent's life."""
    for parent_id, start, end in child.record.attachments():
        parent = parents[parent_id].record
        outlives = parent.dissolved_on is not None and (end is None or end > parent.dissolved_on)
        if start < parent.established_on or outlives:
            raise ParentNotInExistence(
                f"{child.record.names.at(start)!r} would sit under an organ that exists only"
                f" from {parent.established_on} until {parent.dissolved_on or 'further notice'}",
                field="parent_id",
            )


def check_children_outlived(parent: Organ, children: list[Organ]) -> None:
    """After a dissolution, no child may still sit under the parent."""
    ended = parent.record.dissolved_on
    if ended is None:
        return
    remaining = [
        child.record.names.at(start)
        for child in children
        for parent_id, start, end in child.record.attachments()
        if parent_id == parent.id and (end is None or end > ended)
    ]
    if remaining:
        raise HasSubordinates(
            f"organs still sit under it after {ended}: {', '.join(sorted(set(remaining)))};"
            " move or dissolve them first",
            field="effective_on",
        )


class FoundedAfterReference(RuleConflict):
    """A corrected founding date would come after something that needs the organ."""


def check_children_founded(parent: Organ, children: list[Organ]) -> None:
    """After a corrected establishment, no child sits under the parent before it was founded."""
    founded = parent.record.established_on
    for child in children:
        for parent_id, start, _ in child.record.attachments():
            if parent_id == parent.id and start < founded:
                raise FoundedAfterReference(
                    f"{child.record.names.at(start)!r} sits under it from {start}: it must be"
                    f" founded by then (effective_on {founded})",
                    field="effective_on",
                )


def check_founded_before(organ: Organ, what: str, dates: Iterable[date]) -> None:
    """After a corrected establishment, each of `dates` (what needs the organ then: a
    seat's first day, a mandate version's, a decision's) falls on or after the founding date;
    `what` introduces the earliest ("a seat in it starts on")."""
    founded = organ.record.established_on
    if early := [d for d in dates if d < founded]:
        raise FoundedAfterReference(
            f"{what} {min(early)}: the organ must be founded by then (effective_on {founded})",
            field="effective_on",
        )
