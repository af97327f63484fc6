"""The organisation tree's rules across organs: no cycles, no organ outliving its parent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.errors import RuleConflict
from domain.organs import Organ


class MoveWouldMakeCycle(RuleConflict):
    """The new parent sits, on some date, below the organ being moved."""


class ParentNotInExistence(RuleConflict):
    """An organ would sit under a parent that does not exist for the whole span."""


class HasSubordinates(RuleConflict):
    """A dissolution would leave organs under a parent that no longer exists."""


def check_no_cycle(organ: Organ, load: Callable[[UUID], Organ], since: date) -> None:
    """Walks up from the organ on every date something on the way changes, from `since`."""
    pending = [since] + [s.valid_from for s in organ.record.segments() if s.valid_from > since]
    checked: set[date] = set()
    while pending:
        on = pending.pop()
        if on in checked:
            continue
        checked.add(on)
        current = organ
        path = [organ.id]
        while (state := current.record.state_on(on)) is not None and state.parent_id is not None:
            if state.parent_id == organ.id:
                raise MoveWouldMakeCycle(
                    f"on {on} the new parent sits below this organ (via {len(path) - 1} organs)",
                    field="parent_id",
                )
            current = load(state.parent_id)
            path.append(current.id)
            pending.extend(s.valid_from for s in current.record.segments() if s.valid_from > on)


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
