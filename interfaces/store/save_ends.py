"""What every recorder of ours keeps beside the events: save ends and idempotency claims.

A save end is the last position of one `save()`, with the time the database gave it while
the store's write lock was held (never less than the previous save's) and the save's id.
An idempotency claim is a key recorded in the same transaction as the events it produced,
so that a second run of the same request collides instead of writing again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from application.app import Claim
from projections.audit_trail import micros

SAVE_ENDS = "save_ends"
CLAIMS = "idempotency_claims"
# A save's id is looked up only when its insert may have committed unacknowledged, just
# before: among the latest save ends, without an index that every save would pay for.
RECENT_SAVES = 10_000
RECENT_SAVE = (
    "SELECT position FROM (SELECT position, save_id FROM {} ORDER BY position DESC"
    f" LIMIT {RECENT_SAVES}) AS recent WHERE save_id = ?"
)


def save_kwargs(kwargs: dict[str, Any]) -> tuple[UUID | None, Claim | None]:
    """The save's id and claim, as `Styrlogg.save_all` passes them down."""
    save_id = kwargs.get("save_id")
    claim = kwargs.get("claim")
    assert save_id is None or isinstance(save_id, UUID)
    assert claim is None or isinstance(claim, Claim)
    return save_id, claim


def legacy_ends(
    notifications: Iterable[Notification],
    timestamp_of: Callable[[Notification], datetime],
    running: int,
) -> list[tuple[int, int]]:
    """Save ends for events written before save ends were recorded: each its own save,
    at the running maximum of the writers' timestamps (the only time those events have),
    so that every position that was a reading position stays one, with the same time."""
    ends = []
    for notification in notifications:
        running = max(running, micros(timestamp_of(notification)))
        ends.append((notification.id, running))
    return ends
