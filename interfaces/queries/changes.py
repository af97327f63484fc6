"""Reads of what was recorded between two positions, for review, from the audit trail."""

from __future__ import annotations

from interfaces.queries.pages import Page, RecordedAt, page_of
from projections.as_of import AsOf
from projections.audit_trail_view import AuditEntry, AuditTrailView
from projections.sql import Database


class ChangeQueries:
    def __init__(self, db: Database, audit: AuditTrailView) -> None:
        self.db = db
        self.audit = audit

    def recorded(self, after: int, to: AsOf, limit: int) -> Page[AuditEntry]:
        """Changes recorded after position `after` up to `to`, in recorded order; valid time
        plays no part, so the page states none."""
        with self.db.reading() as cursor:
            items = self.audit.changes(cursor, after, to.position, limit)
        return page_of(items, limit, RecordedAt(to.known_at, to.position), lambda e: e.position)
