"""Reads of decisions (beslut): a page of the register, and one decision with every change
that cites it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import NotFound
from interfaces.queries.pages import Page, page_of
from projections.as_of import AsOf
from projections.audit_trail_view import AuditEntry, AuditTrailView
from projections.decision_register_view import DecisionFilter, DecisionRegisterView, DecisionRow
from projections.sql import Database

EFFECTS_SHOWN = 10_000


@dataclass(frozen=True)
class DecisionAsOf(DecisionRow):
    effects: list[AuditEntry]
    """Every change citing it, in recorded order (the first EFFECTS_SHOWN)."""
    version: int
    """The decision's version as known at `as_of.position`: its ETag."""
    as_of: AsOf


class DecisionQueries:
    def __init__(
        self, db: Database, decisions: DecisionRegisterView, audit: AuditTrailView
    ) -> None:
        self.db = db
        self.decisions = decisions
        self.audit = audit

    def page(
        self, where: DecisionFilter, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[DecisionRow]:
        """Decisions known at the position that meet `where`, newest meeting date first."""
        with self.db.reading() as cursor:
            items = self.decisions.page(cursor, as_of.position, where, after, limit)
        return page_of(
            items, limit, as_of, lambda d: (d.decided_on.isoformat(), str(d.decision_id))
        )

    def decision(self, decision_id: UUID, as_of: AsOf) -> DecisionAsOf:
        """404 unless the decision is known at the position."""
        with self.db.reading() as cursor:
            decision = self.decisions.get(cursor, decision_id, as_of.position)
            if decision is None:
                raise NotFound("decision", decision_id)
            effects = self.audit.effects(cursor, decision_id, as_of.position, 0, EFFECTS_SHOWN)
            version = self.audit.version(cursor, decision_id, as_of.position)
        assert version is not None, "a decision known at a position has a version there"
        return DecisionAsOf(**vars(decision), effects=effects, version=version, as_of=as_of)
