"""`Idempotency-Key` on POST and PUT: the same key with the same request returns the first
answer and writes nothing; with a different request, 422; while the first still runs, 409.

Exactly once: a request's save records its key as a claim in the store, in the same
transaction as its events, so a second run of the request collides whatever became of
the first one's answer, and is answered as a replay of the first. The answers themselves
are kept in interfaces.registers.idempotency.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from contextvars import Token
from dataclasses import dataclass
from uuid import UUID, uuid5

from flask import Response, g, request

from application.app import Claim, current_claim, translate_store_errors
from application.errors import AlreadyApplied, StoreUnavailable
from interfaces.http import replays
from interfaces.http.errors import handle_known, problem
from interfaces.http.requests import container, principal
from interfaces.registers.idempotency import Answered, Claimed, InProgress, OtherRequest
from projections.sql import ProjectionStoreUnavailable

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEPT_HEADERS = ("ETag", "Location", "Content-Type")
# Permanent: a key's claim in the store is uuid5(CLAIMS, "<principal>:<key>").
CLAIMS = UUID("450b14ab-19bb-416f-8faa-f68efd9dd184")


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
    scoped = f"{principal()}:{key}"  # a principal holds no ':' (registers.api_tokens)
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
            return replays.applied(held.key, applied)
        g.claim_token = current_claim.set(claim)
        return None
    if isinstance(outcome, Answered):
        return replays.replay(outcome)
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


def already_applied(error: AlreadyApplied) -> Response:
    """The error table's answer when a save collided with its key's claim: a replay."""
    held: Held = g.idempotency
    try:
        return replays.applied(held.key, error.position)
    except (StoreUnavailable, ProjectionStoreUnavailable) as unavailable:
        return handle_known(unavailable)  # 503: a retry gets the replay


def names_person(person_id: UUID) -> None:
    """Says that this request's answer carries the person's personal data: it is kept only
    while the person is not erased (an erasure running meanwhile forgets it otherwise)."""
    g.naming = [*g.get("naming", []), person_id]


def after_request(response: Response) -> Response:
    held: Held | None = g.pop("idempotency", None)
    if held is None:
        return response
    if 200 <= response.status_code < 300:
        keep(held, response, naming=g.get("naming", []))
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


def keep(held: Held, response: Response, naming: Sequence[UUID] = ()) -> None:
    headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
    body = response.get_data(as_text=True)
    container().idempotency.complete(
        held.key, held.fingerprint, response.status_code, body, json.dumps(headers), naming=naming
    )


def give_back(held: Held, *, ran: bool) -> None:
    """A request that failed gives its key back, unless its save committed before it failed:
    then the key keeps the answer naming that save, so that a retry gets it and the key
    with another request is still 422."""
    applied: Response | None = None
    try:
        with translate_store_errors():
            position = container().app.saves.claimed_at_position(held.claim) if ran else None
            if position is not None:
                applied = replays.applied(held.key, position)
    except StoreUnavailable:
        pass  # cannot tell: a retry runs, and collides with the claim if there is one
    if applied is None:
        container().idempotency.release(held.key, held.token)
    else:
        keep(held, applied)
