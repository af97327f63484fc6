"""Reads of an organ's mandate (uppdragshandling): the version in force on a date, every
version, and what one version says against another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.mandates import Mandate, MandateType, difference
from interfaces.arguments import InvalidArgument
from interfaces.queries.organs import check_organ_known
from projections.as_of import AsOf
from projections.audit_trail_view import AuditTrailView
from projections.mandates_view import MandateRow, MandatesView
from projections.organ_tree_view import OrganTreeView
from projections.sql import Database


@dataclass(frozen=True)
class MandateInForce:
    organ_id: UUID
    mandate: dict[str, Any] | None
    """The version in force on `as_of.valid_at`, as a `document`; None if none was."""
    aggregate_version: int | None
    """The mandate's version in the store as known at `as_of.position` (its ETag, for
    `If-Match`; not a document's number); None before the organ's first mandate."""
    as_of: AsOf


@dataclass(frozen=True)
class MandateVersions:
    organ_id: UUID
    versions: list[dict[str, Any]]
    """Every version, as `document`s, by number."""
    as_of: AsOf


@dataclass(frozen=True)
class MandateDiff:
    organ_id: UUID
    from_version: int
    to_version: int
    changes: list[dict[str, Any]]
    """Field by field, as `domain.mandates.difference` gives them."""
    as_of: AsOf


class MandateQueries:
    def __init__(
        self, db: Database, mandates: MandatesView, organs: OrganTreeView, audit: AuditTrailView
    ) -> None:
        self.db = db
        self.mandates = mandates
        self.organs = organs
        self.audit = audit

    def in_force(self, organ_id: UUID, as_of: AsOf) -> MandateInForce:
        """404 unless the organ is known at the position."""
        with self.db.reading() as cursor:
            check_organ_known(self.organs, cursor, organ_id, as_of.position)
            row = self.mandates.in_force(cursor, organ_id, as_of.valid_at, as_of.position)
            version = self.audit.version(cursor, Mandate.id_for(organ_id), as_of.position)
        return MandateInForce(organ_id, document(row) if row else None, version, as_of)

    def versions(self, organ_id: UUID, as_of: AsOf) -> MandateVersions:
        """404 unless the organ is known at the position."""
        rows = self._versions(organ_id, as_of)
        return MandateVersions(organ_id, [document(r) for r in rows], as_of)

    def diff(self, organ_id: UUID, from_version: int, to_version: int, as_of: AsOf) -> MandateDiff:
        """What version `to_version` says against `from_version`; 422 naming `from` or `to`
        unless the organ has that version at the position."""
        by_number = {r.version: r for r in self._versions(organ_id, as_of)}
        for name, number in (("from", from_version), ("to", to_version)):
            if number not in by_number:
                known = ", ".join(str(n) for n in by_number) or "none"
                raise InvalidArgument(name, f"no version {number} (versions: {known})")
        old, new = by_number[from_version], by_number[to_version]
        return MandateDiff(
            organ_id, old.version, new.version, difference(old.content, new.content), as_of
        )

    def _versions(self, organ_id: UUID, as_of: AsOf) -> list[MandateRow]:
        with self.db.reading() as cursor:
            check_organ_known(self.organs, cursor, organ_id, as_of.position)
            return self.mandates.versions(cursor, organ_id, as_of.position)


def document(row: MandateRow) -> dict[str, Any]:
    """A version as one document: the content fields it has (a version need not have every
    one), beside the version's own."""
    return {
        **row.content,
        "mandate_type": MandateType(row.content["mandate_type"]),
        "organ_id": row.organ_id,
        "version": row.version,
        "decision_id": row.decision_id,
        "effective_on": row.effective_on,
        "valid_to": row.valid_to,
        "recorded_from": row.recorded_from,
    }
