"""Reads of plans: a plan with its item tree and its marked periods, at an as-of; one of
its items; its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.pages import Page, page_of
from projections.as_of import AsOf
from projections.audit_trail_view import AuditEntry, AuditTrailView
from projections.follow_up_report_view import FollowUpReportView, PeriodMark
from projections.plan_list_view import ListedPlan, PlanFilter, PlanListView
from projections.plan_tree_view import ItemNode
from projections.sql import Database


@dataclass(frozen=True)
class PlanAsOf:
    """The plan as it read on `as_of.valid_at`, its items then, its periods' marks."""

    plan_id: UUID
    name: str
    kind: str
    owner_organ_id: UUID
    valid_from: date
    valid_to: date | None
    closed_on: date | None
    decision_id: UUID
    """The adoption's or the revision's in force on `as_of.valid_at`."""
    version: int
    """The plan's version as known at `as_of.position`: its ETag, for `If-Match`."""
    items: list[ItemNode]
    """The item tree, roots first, ordered by title."""
    periods: list[PeriodMark]
    as_of: AsOf


@dataclass(frozen=True)
class PlanItemAsOf:
    """One item of a plan as it read on `as_of.valid_at` (before it was added, its first
    reading; after it was removed, its last)."""

    plan_id: UUID
    item: ItemNode
    exists: bool
    """Whether the item is in the plan on `as_of.valid_at`."""
    version: int
    """The item's version as known at `as_of.position`: its ETag, for `If-Match`."""
    as_of: AsOf


class PlanQueries:
    def __init__(
        self,
        db: Database,
        view: FollowUpReportView,
        audit: AuditTrailView,
        listing: PlanListView,
    ) -> None:
        self.db = db
        self.view = view
        self.audit = audit
        self.listing = listing

    def page(
        self, where: PlanFilter, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[ListedPlan]:
        """Plans adopted by `as_of.valid_at` that meet `where`, by name, after `after`."""
        with self.db.reading() as cursor:
            items = self.listing.page(cursor, as_of.valid_at, as_of.position, where, after, limit)
        return page_of(items, limit, as_of, lambda p: (p.sort_key, str(p.plan_id)))

    def plan(self, plan_id: UUID, as_of: AsOf) -> PlanAsOf:
        """404 unless the plan is known at the position."""
        with self.db.reading() as cursor:
            plan = self.view.plans.plan(cursor, plan_id, as_of.valid_at, as_of.position)
            if plan is None:
                raise NotFound("plan", plan_id)
            items = self.view.plans.tree(cursor, plan_id, as_of.valid_at, as_of.position)
            periods = self.view.periods(cursor, plan_id, as_of.position)
            version = self.audit.version(cursor, plan_id, as_of.position)
        assert version is not None, "a plan known at a position has a version there"
        return PlanAsOf(
            plan_id=plan.plan_id,
            name=plan.name,
            kind=plan.kind,
            owner_organ_id=plan.owner_organ_id,
            valid_from=plan.valid_from,
            valid_to=plan.valid_to,
            closed_on=plan.closed_on,
            decision_id=plan.decision_id,
            version=version,
            items=items,
            periods=periods,
            as_of=as_of,
        )

    def item(self, plan_id: UUID, item_id: UUID, as_of: AsOf) -> PlanItemAsOf:
        """404 unless the item is the plan's and known at the position."""
        with self.db.reading() as cursor:
            item = self.view.plans.item(cursor, plan_id, item_id, as_of.valid_at, as_of.position)
            if item is None:
                raise NotFound("plan item", item_id)
            version = self.audit.version(cursor, item_id, as_of.position)
        assert version is not None, "an item known at a position has a version there"
        on = as_of.valid_at
        exists = item.valid_from <= on and (item.valid_to is None or on < item.valid_to)
        return PlanItemAsOf(plan_id, item, exists, version, as_of)

    def history(
        self, plan_id: UUID, as_of: AsOf, after: int | None, limit: int
    ) -> Page[AuditEntry]:
        """Every change recorded about the plan and its items after position `after`, in
        recorded order; 404 unless the plan is known at the position."""
        with self.db.reading() as cursor:
            if self.audit.kind_of(cursor, plan_id, as_of.position) != "Plan":
                raise NotFound("plan", plan_id)
            items = self.audit.history(cursor, plan_id, as_of.position, after or 0, limit)
        return page_of(items, limit, as_of, lambda entry: entry.position)
