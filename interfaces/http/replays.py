"""Answers to a request that took effect in an earlier run: that run's kept answer again,
or, when the run died before keeping it, an answer that names the save it wrote."""

from __future__ import annotations

import json

from flask import Response, current_app

from domain.event_data import event_type
from interfaces.http.requests import container
from interfaces.registers.idempotency import Answered

REPLAYED = {"Idempotent-Replayed": "true"}
APPLIED = (
    "this request took effect before, in the save that ended at this position, but its"
    " answer was lost; it was not run again. The events it wrote are listed"
)


def replay(answer: Answered) -> Response:
    headers = {**json.loads(answer.headers), **REPLAYED}
    return current_app.response_class(answer.body, status=answer.status, headers=headers)


def applied(key: str, position: int) -> Response:
    """The answer kept for the key, else 200 with the events of the save that ended at
    `position`, which the caller keeps as the key's answer so every later retry gets it."""
    kept = container().idempotency.answer(key)
    if kept is not None:
        return replay(kept)
    events = [
        {
            "position": at,
            "type": event_type(event),
            "aggregate_id": str(event.originator_id),
            "version": event.originator_version,
        }
        for at, event in container().app.saved_events(position)
    ]
    body = {"replayed": True, "position": position, "detail": APPLIED, "events": events}
    return current_app.response_class(
        json.dumps(body), status=200, mimetype="application/json", headers=REPLAYED
    )
