"""Reads of the store's events in position order, in whole saves, for reporting jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from application.app import translate_store_errors
from domain.event_data import event_data, event_type
from projections.follower import EventSource
from projections.projection import Recorded


@dataclass(frozen=True)
class StoredEvent:
    position: int
    type: str
    """e.g. Organ.Renamed."""
    aggregate_type: str
    aggregate_id: UUID
    version: int
    timestamp: datetime
    recorded_at: datetime
    save_end: bool
    data: dict[str, Any]


@dataclass(frozen=True)
class EventFeed:
    events: list[StoredEvent]
    last_position: int
    """Where the next read starts: the last event's position, else where this one did."""


class EventQueries:
    def __init__(self, source: EventSource) -> None:
        self.source = source

    def feed(self, after: int, limit: int) -> EventFeed:
        """About `limit` events after position `after`, in whole saves."""
        with translate_store_errors():
            recorded = self.source.read(after, limit)
        return EventFeed(
            [stored(r) for r in recorded], recorded[-1].position if recorded else after
        )


def stored(r: Recorded) -> StoredEvent:
    kind = event_type(r.event)
    return StoredEvent(
        position=r.position,
        type=kind,
        aggregate_type=kind.split(".")[0],
        aggregate_id=r.event.originator_id,
        version=r.event.originator_version,
        timestamp=r.event.timestamp,
        recorded_at=r.recorded_at,
        save_end=r.save_end,
        data=event_data(r.event),
    )
