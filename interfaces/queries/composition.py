"""Reads of composition (sammansättning): an organ's members on a date, and who held the
presidium, each seat with the names its organs had when it began."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.composition import Composition
from interfaces.queries.organs import check_organ_known
from projections.as_of import AsOf
from projections.audit_trail_view import AuditTrailView
from projections.composition_view import CompositionView, SeatVersion
from projections.organ_tree_view import OrganTreeView
from projections.sql import Cursor, Database


@dataclass(frozen=True)
class NamedSeat(SeatVersion):
    """A seat span with the names its organ and represented organ had when it began."""

    organ_name: str | None
    representing_name: str | None


@dataclass(frozen=True)
class Members:
    organ_id: UUID
    organ_name: str
    """The organ's name on `as_of.valid_at`, else its last before it."""
    members: list[NamedSeat]
    composition_version: int | None
    """The organ's composition's version as known at `as_of.position` (its ETag, which
    If-Match on appointments and seat changes names); None before its first seat."""
    as_of: AsOf


@dataclass(frozen=True)
class Presidium:
    seats: list[NamedSeat]
    as_of: AsOf


class CompositionQueries:
    def __init__(
        self,
        db: Database,
        composition: CompositionView,
        organs: OrganTreeView,
        audit: AuditTrailView,
    ) -> None:
        self.db = db
        self.composition = composition
        self.organs = organs
        self.audit = audit

    def members(self, organ_id: UUID, as_of: AsOf) -> Members:
        """The organ's seats on `as_of.valid_at`; 404 unless it is known at the position."""
        on, position = as_of.valid_at, as_of.position
        with self.db.reading() as cursor:
            check_organ_known(self.organs, cursor, organ_id, position)
            seats = self.composition.members(cursor, organ_id, on, position)
            return Members(
                organ_id,
                self.organs.name_on(cursor, organ_id, on, position),
                [named_seat(cursor, self.organs, s, position) for s in seats],
                self.audit.version(cursor, Composition.id_for(organ_id), position),
                as_of,
            )

    def presidium(self, role: str | None, as_of: AsOf) -> Presidium:
        """Seats with a presidium role (or `role`) on `as_of.valid_at`, in every organ."""
        with self.db.reading() as cursor:
            seats = self.composition.presidium(cursor, as_of.valid_at, as_of.position, role)
            named = [named_seat(cursor, self.organs, s, as_of.position) for s in seats]
        return Presidium(named, as_of)


def named_seat(
    cursor: Cursor, organs: OrganTreeView, seat: SeatVersion, position: int
) -> NamedSeat:
    representing = None
    if seat.representing_id is not None:
        representing = organs.name_on(cursor, seat.representing_id, seat.valid_from, position)
    return NamedSeat(
        **vars(seat),
        organ_name=organs.name_on(cursor, seat.organ_id, seat.valid_from, position) or None,
        representing_name=representing or None,
    )
