"""The store's notification log as the projections' event source."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.domain import DomainEvent

from application.app import Styrlogg
from projections.projection import Recorded


class StoreSource:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def read(self, after: int, limit: int) -> Sequence[Recorded]:
        notifications = self.app.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        recorded = []
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            assert isinstance(event, DomainEvent)
            recorded.append(Recorded(notification.id, event, event.timestamp))
        return recorded
