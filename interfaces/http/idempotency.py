"""`Idempotency-Key` on POST and PUT: the same key with the same request returns the first
answer and writes nothing; with a different request, 422; while the first still runs, 409.

Exactly once: a request's save records its key as a claim in the store, in the same
transaction as its events, so a second run of the request collides whatever became of
the first one's answer, and is answered as a replay of the first. The answers themselves
are kept in projections.idempotency.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextvars import Token
from dataclasses import dataclass
from uuid import UUID, uuid5

from flask import Response, current_app, g, request

from application.app import Claim, current_claim, translate_store_errors
from application.errors import AlreadyApplied, StoreUnavailable
from domain.event_data import event_type
from interfaces.http.errors import handle_known, problem
from interfaces.http.requests import container
from projections.idempotency import Answered, Claimed, InProgress, OtherRequest
from projections.sql import ProjectionStoreUnavailable

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEPT_HEADERS = ("ETag", "Location", "Content-Type")
# Permanent: a key's claim in the store is uuid5(CLAIMS, "<actor>:<key>").
CLAIMS = UUID("450b14ab-19bb-416f-8faa-f68efd9dd184")
APPLIED = (
    "this request took effect before, in the save that ended at this position, but its"
    " answer was lost; it was not run again. The events it wrote are listed"
)


@dataclass(frozen=True)
class Held:
    """The key this request holds in the answers table, and its claim for the store."""

    key: str
    token: str
    fingerprint: str
    claim: Claim


def before_request() -> Response | None:
    key = request.headers.get(HEADER)
    if key is None or request.method not in ("POST", "PUT"):
        return None
    if not KEY.fullmatch(key):
        return problem(
            422,
            "Invalid request",
            "an Idempotency-Key is 1 to 255 visible ASCII characters",
            kind="urn:styrlogg:problem:invalid-idempotency-key",
            errors={HEADER: ["1 to 255 visible ASCII characters"]},
        )
    scoped = f"{container().settings.local_actor}:{key}"
    fingerprint = hashlib.sha256(
        b"\n".join(
            [
                request.method.encode(),
                request.full_path.encode(),
                request.get_data(cache=True),
            ]
        )
    ).hexdigest()
    outcome = container().idempotency.claim(scoped, fingerprint)
    if isinstance(outcome, Claimed):
        claim = Claim(uuid5(CLAIMS, scoped), container().settings.idempotency_key_ttl_seconds)
        held = g.idempotency = Held(scoped, outcome.claim, fingerprint, claim)
        with translate_store_errors():
            applied = container().app.saves.claimed_at_position(claim)
        if applied is not None:  # an earlier run wrote, and its answer was lost
            return applied_answer(held, applied)
        g.claim_token = current_claim.set(claim)
        return None
    if isinstance(outcome, Answered):
        return replay(outcome)
    if isinstance(outcome, OtherRequest):
        return problem(
            422,
            "Invalid request",
            "this Idempotency-Key was used for a different request",
            kind="urn:styrlogg:problem:idempotency-key-reused",
            errors={HEADER: ["used before with a different method, path or body"]},
        )
    assert isinstance(outcome, InProgress)
    return problem(
        409,
        "Concurrent write",
        "a request with this Idempotency-Key is still running; retry shortly",
        kind="urn:styrlogg:problem:idempotency-key-in-progress",
    )


def replay(answer: Answered) -> Response:
    headers = {**json.loads(answer.headers), "Idempotent-Replayed": "true"}
    return current_app.response_class(answer.body, status=answer.status, headers=headers)


def already_applied(error: AlreadyApplied) -> Response:
    """The error table's answer when a save collided with its key's claim: a replay."""
    held: Held = g.idempotency
    try:
        return applied_answer(held, error.position)
    except (StoreUnavailable, ProjectionStoreUnavailable) as unavailable:
        return handle_known(unavailable)  # 503: a retry gets the replay


def applied_answer(held: Held, position: int) -> Response:
    """The answer kept for the key by an earlier run, or else (that run died before keeping
    it) an answer that names the save it wrote. Kept as the key's answer by
    `after_request`, so every later retry gets the same."""
    kept = container().idempotency.answer(held.key)
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
        json.dumps(body),
        status=200,
        mimetype="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


def after_request(response: Response) -> Response:
    held: Held | None = g.pop("idempotency", None)
    if held is None:
        return response
    if 200 <= response.status_code < 300:
        keep(held, response)
    else:
        give_back(held, ran="claim_token" in g)
    return response


def teardown_request(error: BaseException | None) -> None:
    """A request that ended without an answer gives its key back; its claim ends here."""
    token: Token[Claim | None] | None = g.pop("claim_token", None)
    if token is not None:
        current_claim.reset(token)
    held: Held | None = g.pop("idempotency", None)
    if held is not None:
        give_back(held, ran=token is not None)


def keep(held: Held, response: Response) -> None:
    headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
    body = response.get_data(as_text=True)
    container().idempotency.complete(
        held.key, held.fingerprint, response.status_code, body, json.dumps(headers)
    )


def give_back(held: Held, *, ran: bool) -> None:
    """A request that failed gives its key back, unless its save committed before it failed:
    then the key keeps the answer naming that save, so that a retry gets it and the key
    with another request is still 422."""
    applied = None
    if ran:
        try:
            with translate_store_errors():
                applied = container().app.saves.claimed_at_position(held.claim)
        except StoreUnavailable:
            pass  # cannot tell: a retry runs, and collides with the claim if there is one
    if applied is None:
        container().idempotency.release(held.key, held.token)
    else:
        keep(held, applied_answer(held, applied))
