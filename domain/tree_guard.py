"""TreeGuard: one aggregate per tree whose version every move in that tree advances.

A move is checked for cycles against the tree as it was read. Two concurrent moves that
touch disjoint nodes (X under P while Y, an ancestor of P, goes under Q, a descendant of
X) could each pass their check and together close a cycle. Every move therefore also
records `MoveChecked` on its tree's guard in the same atomic save: the second of two
concurrent moves collides on the guard's version, is retried from a fresh read, and its
cycle check then sees the first. Bookkeeping only: the audit trail does not list it.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.ids import natural_id


class TreeGuard(Aggregate, created_event_name="Opened"):
    TOPIC = "styrlogg:TreeGuard"

    class Event(Aggregate.Event):
        pass

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg:TreeGuard.Opened"
        tree: str

    Created = Opened

    class MoveChecked(Event):
        TOPIC = "styrlogg:TreeGuard.MoveChecked"
        moved_id: UUID

    def __init__(self, *, tree: str) -> None:
        self.tree = tree

    @staticmethod
    def id_for(tree: str) -> UUID:
        return natural_id("tree-guard", tree)

    @classmethod
    def open(cls, tree: str) -> TreeGuard:
        guard: TreeGuard = cls._create(cls.Opened, id=cls.id_for(tree), tree=tree)
        return guard

    def checked(self, moved_id: UUID) -> None:
        self.trigger_event(self.MoveChecked, moved_id=moved_id)


ORGAN_TREES = "organs"
"""All organ moves share one guard: a cycle may run through several organisations' trees
over time, and moves are rare enough that serialising them costs nothing."""


def plan_tree(plan_id: UUID) -> str:
    """A plan's items move only within the plan: one guard per plan."""
    return f"plan:{plan_id}"
