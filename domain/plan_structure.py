"""A plan's item tree's rules across items: no item sits, on any date, below itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from uuid import UUID

from domain.organ_structure import MoveWouldMakeCycle
from domain.plan_items import PlanItem
from domain.timelines import Window, first_cycle, within_life


def check_no_cycle(item: PlanItem, load: Callable[[UUID], PlanItem], since: date) -> None:
    """After a move from `since`: the item must not be its own ancestor on any date
    while it lives (the organ tree's rule, domain.organ_structure, for plan items)."""
    record = item.record

    def parents_within(node_id: UUID, start: date, end: date | None) -> Iterable[Window]:
        node = load(node_id).record
        life = within_life(start, end, node.added_on, node.removed_on)
        spans = node.states.spans(*life) if life else ()
        return [(state.parent_id, lo, hi) for state, lo, hi in spans]

    on = first_cycle(item.id, (record.parent_on(since), since, record.removed_on), parents_within)
    if on is not None:
        raise MoveWouldMakeCycle(
            f"from {on} the new parent would sit below this item", field="parent_id"
        )
