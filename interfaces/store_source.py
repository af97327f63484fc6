"""The store's notification log as the projections' event source, in whole saves."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.domain import DomainEvent

from application.app import Styrlogg
from projections.audit_trail import from_micros
from projections.projection import Recorded


class StoreSource:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def read(self, after: int, limit: int, stop: int | None = None) -> Sequence[Recorded]:
        """Events after `after` (exclusive), up to `stop`, in whole saves: about `limit` of
        them, more when one save holds more. Each carries its save's recorded time."""
        recorder, saves = self.app.recorder, self.app.saves
        notifications = recorder.select_notifications(
            start=after, limit=limit, stop=stop, inclusive_of_start=False
        )
        if not notifications:
            return []
        # Events first, then their ends: a save's end commits with its events.
        ends = saves.select_save_ends(after, notifications[-1].id, limit)
        if not ends:  # one save longer than `limit`: read on to its end
            ends = saves.select_save_ends(after, stop, 1)
            if not ends:
                return []  # only events no save end covers (written by a release before)
            notifications = recorder.select_notifications(
                start=after, limit=ends[0][0] - after, stop=ends[0][0], inclusive_of_start=False
            )
        recorded = []
        end = iter(ends)
        position, recorded_at = next(end)
        for notification in notifications:
            if notification.id > ends[-1][0]:
                break
            while position < notification.id:
                position, recorded_at = next(end)
            event = self.app.mapper.to_domain_event(notification)
            assert isinstance(event, DomainEvent)
            recorded.append(
                Recorded(
                    notification.id,
                    event,
                    from_micros(recorded_at),
                    save_end=notification.id == position,
                )
            )
        return recorded
