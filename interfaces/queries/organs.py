"""Reads of organs: a page of those existing on a date, the organisation trees, one organ
with its neighbours and pending changes, and an organ's recorded changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.pages import Page, page_of
from projections.as_of import AsOf
from projections.audit_trail_view import AuditEntry, AuditTrailView
from projections.organ_tree_view import (
    ListedOrgan,
    OrganFilter,
    OrganTreeView,
    OrganVersion,
    Related,
    TreeNode,
)
from projections.sorting import sort_key
from projections.sql import Cursor, Database


@dataclass(frozen=True)
class OrganInTree(OrganVersion):
    children: list[OrganInTree]
    """By name."""
    collaborations: list[OrganVersion]
    """The collaborations it is a principal of."""


@dataclass(frozen=True)
class OrganForest:
    trees: list[OrganInTree]
    as_of: AsOf


@dataclass(frozen=True)
class NameSpan:
    """A name the organ had, over the valid time it had it."""

    name: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class OrganAsOf(OrganVersion):
    """The organ's state on `as_of.valid_at` (before it existed, its first; after, its
    last), with its neighbours then and its changes decided but not yet in effect."""

    established_on: date
    dissolved_on: date | None
    exists: bool
    """Whether the organ exists on `as_of.valid_at`."""
    parent: Related | None
    children: list[Related]
    predecessors: list[Related]
    successors: list[Related]
    pending_changes: list[AuditEntry]
    versions: list[OrganVersion]
    names: list[NameSpan]
    """Every name over its life, as known at the position, in valid-time order."""
    version: int
    """The organ's version as known at `as_of.position`: its ETag, for `If-Match`."""
    as_of: AsOf


class OrganQueries:
    def __init__(self, db: Database, organs: OrganTreeView, audit: AuditTrailView) -> None:
        self.db = db
        self.organs = organs
        self.audit = audit

    def page(
        self, where: OrganFilter, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[ListedOrgan]:
        """Organs existing on `as_of.valid_at`, by name, after the key `after`; a name
        search also finds an organ by a name it had before that date."""
        with self.db.reading() as cursor:
            items = self.organs.page(cursor, as_of.valid_at, as_of.position, where, after, limit)
        return page_of(items, limit, as_of, lambda o: (sort_key(o.name), str(o.organ_id)))

    def forest(self, organisation_id: UUID | None, as_of: AsOf) -> OrganForest:
        """Every organisation's tree (or one's) on `as_of.valid_at`."""
        with self.db.reading() as cursor:
            roots = self.organs.tree(cursor, as_of.valid_at, as_of.position, organisation_id)
        return OrganForest([in_tree(root) for root in roots], as_of)

    def organ(self, organ_id: UUID, as_of: AsOf) -> OrganAsOf:
        """404 unless the organ is known at the position."""
        with self.db.reading() as cursor:
            detail = self.organs.detail(cursor, organ_id, as_of.valid_at, as_of.position)
            pending = self.audit.pending(cursor, organ_id, as_of.valid_at, as_of.position)
            version = self.audit.version(cursor, organ_id, as_of.position)
        if detail is None or version is None:
            raise NotFound("organ", organ_id)
        state = detail.state
        exists = state.valid_from <= as_of.valid_at and (
            state.valid_to is None or as_of.valid_at < state.valid_to
        )
        return OrganAsOf(
            **vars(state),
            established_on=detail.established_on,
            dissolved_on=detail.dissolved_on,
            exists=exists,
            parent=detail.parent,
            children=detail.children,
            predecessors=detail.predecessors,
            successors=detail.successors,
            pending_changes=pending,
            versions=detail.versions,
            names=names_over_time(detail.versions),
            version=version,
            as_of=as_of,
        )

    def history(
        self, organ_id: UUID, as_of: AsOf, after: int | None, limit: int
    ) -> Page[AuditEntry]:
        """Every recorded change about the organ after position `after`, in recorded order;
        404 unless the organ is known at the position, or was before its establishment was
        annulled (auditors see an organ recorded by mistake, and its annulment)."""
        with self.db.reading() as cursor:
            if self.audit.kind_of(cursor, organ_id, as_of.position) != "Organ":
                raise NotFound("organ", organ_id)
            items = self.audit.history(cursor, organ_id, as_of.position, after or 0, limit)
        return page_of(items, limit, as_of, lambda entry: entry.position)


def check_organ_known(organs: OrganTreeView, cursor: Cursor, organ_id: UUID, position: int) -> None:
    """404 unless the organ is known at `position` (a read about one organ)."""
    if not organs.versions(cursor, organ_id, position):
        raise NotFound("organ", organ_id)


def names_over_time(versions: list[OrganVersion]) -> list[NameSpan]:
    """The versions' names, each over the span of consecutive versions that bore it."""
    names: list[NameSpan] = []
    for v in versions:
        last = names[-1] if names else None
        if last is not None and last.name == v.name and last.valid_to == v.valid_from:
            names[-1] = NameSpan(v.name, last.valid_from, v.valid_to)
        else:
            names.append(NameSpan(v.name, v.valid_from, v.valid_to))
    return names


def in_tree(node: TreeNode) -> OrganInTree:
    return OrganInTree(
        **vars(node.organ),
        children=[in_tree(child) for child in node.children],
        collaborations=node.collaborations,
    )
