"""Reads of grants: who could do what on a date as known at a position, and, for one
write, the grants its actor held when it was made beside those known now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from application.errors import NotFound
from interfaces.queries.pages import Page, page_of
from projections.as_of import AsOf
from projections.audit_trail_view import AuditTrailView
from projections.grants_view import GrantFilter, GrantRow, GrantsView
from projections.sql import Cursor, Database

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MOST_HELD = 1000
"""Grants read for one principal on one day: far more than anyone holds."""


@dataclass(frozen=True)
class WriteAudit:
    """One event as written, and whether its actor held a role then."""

    position: int
    event_type: str
    aggregate_id: str
    actor: str | None
    recorded_at: datetime
    recorded_on: date
    """The day in Stockholm the write was recorded: the day its grants were checked on."""
    held_when_made: list[GrantRow]
    """The actor's grants holding on `recorded_on` as known just before the write."""
    held_as_known_now: list[GrantRow]
    """The same as known at `as_of.position`: a revocation dated back shows here only."""
    revised_since: bool
    """The two differ: a grant or revocation recorded later changed that day's roles."""
    as_of: AsOf


class GrantQueries:
    def __init__(self, db: Database, grants: GrantsView, audit: AuditTrailView) -> None:
        self.db = db
        self.grants = grants
        self.audit = audit

    def page(
        self, where: GrantFilter, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[GrantRow]:
        with self.db.reading() as cursor:
            items = self.grants.page(cursor, as_of.position, where, after, limit)
        return page_of(items, limit, as_of, lambda g: (g.principal, str(g.grant_id)))

    def write(self, position: int, as_of: AsOf) -> WriteAudit:
        """404 unless an event at `position` is known at `as_of.position`."""
        with self.db.reading() as cursor:
            found = (
                self.audit.changes(cursor, position - 1, position, 1)
                if 0 < position <= as_of.position
                else []
            )
            if not found:
                raise NotFound("event at position", position)
            entry = found[0]
            day = entry.recorded_at.astimezone(STOCKHOLM).date()
            then = self._held(cursor, entry.actor, day, position - 1)
            now = self._held(cursor, entry.actor, day, as_of.position)
        return WriteAudit(
            position=entry.position,
            event_type=entry.event_type,
            aggregate_id=str(entry.aggregate_id),
            actor=entry.actor,
            recorded_at=entry.recorded_at,
            recorded_on=day,
            held_when_made=then,
            held_as_known_now=now,
            revised_since=_key(then) != _key(now),
            as_of=as_of,
        )

    def _held(self, cursor: Cursor, actor: str | None, day: date, position: int) -> list[GrantRow]:
        if actor is None:
            return []
        where = GrantFilter(principal=actor, holds_on=day)
        return self.grants.page(cursor, position, where, None, MOST_HELD)


def _key(grants: list[GrantRow]) -> list[tuple[str, str, date | None]]:
    return [(str(g.grant_id), g.role, g.valid_to) for g in grants]
