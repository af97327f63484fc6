"""Reads of assignments (uppdrag): a page of those holding on a date, by due day, and one
assignment with its reports (återrapportering)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.pages import Page, page_of
from projections.as_of import AsOf
from projections.assignments_view import AssignmentFilter, AssignmentState, AssignmentsView
from projections.audit_trail_view import AuditTrailView
from projections.sql import Database

UNDATED = 2**31 - 1
"""The due day an assignment without one sorts by, as a day number: after every date."""


@dataclass(frozen=True)
class AssignmentAsOf(AssignmentState):
    version: int = field(kw_only=True)
    """The assignment's version as known at `as_of.position`: its ETag, for `If-Match`."""
    as_of: AsOf = field(kw_only=True)


class AssignmentQueries:
    def __init__(self, db: Database, assignments: AssignmentsView, audit: AuditTrailView) -> None:
        self.db = db
        self.assignments = assignments
        self.audit = audit

    def page(
        self, where: AssignmentFilter, as_of: AsOf, after: Sequence[Any] | None, limit: int
    ) -> Page[AssignmentState]:
        """Assignments holding on `as_of.valid_at`, by due day, after the key `after`."""
        start = tuple(after) if after else None
        with self.db.reading() as cursor:
            items = self.assignments.page(
                cursor, as_of.valid_at, as_of.position, where, start, limit
            )
        return page_of(items, limit, as_of, _key)

    def assignment(self, assignment_id: UUID, as_of: AsOf) -> AssignmentAsOf:
        """The assignment on `as_of.valid_at`, with every report known at the position; 404
        unless it is known there."""
        with self.db.reading() as cursor:
            state = self.assignments.get(cursor, assignment_id, as_of.valid_at, as_of.position)
            version = self.audit.version(cursor, assignment_id, as_of.position)
        if state is None or version is None:
            raise NotFound("assignment", assignment_id)
        return AssignmentAsOf(**vars(state), version=version, as_of=as_of)


def _key(a: AssignmentState) -> list[Any]:
    return [a.due_on.toordinal() if a.due_on else UNDATED, str(a.assignment_id)]
