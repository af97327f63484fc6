"""PostgreSQL recorders that give up quickly, so an outage answers 503 within seconds.

The library retries a failed connection ten times per call; with a connect timeout of a
few seconds that would hold a request for half a minute. One retry covers a dropped
connection; a down server fails after two connect timeouts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder
from eventsourcing.utils import retry

ATTEMPTS = 2
F = TypeVar("F", bound=Callable[..., Any])


def quick(method: F) -> F:
    """The method, retried once (instead of the library's ten times) on a lost connection."""
    unwrapped = getattr(method, "__wrapped__", method)
    quick: F = retry((InterfaceError, OperationalError), max_attempts=ATTEMPTS, wait=0.2)(unwrapped)
    return quick


class QuickFailPostgresApplicationRecorder(PostgresApplicationRecorder):
    insert_events = quick(PostgresApplicationRecorder.insert_events)
    select_events = quick(PostgresAggregateRecorder.select_events)
    select_notifications = quick(PostgresApplicationRecorder.select_notifications)
    max_notification_id = quick(PostgresApplicationRecorder.max_notification_id)
