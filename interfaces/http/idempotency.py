"""`Idempotency-Key` on POST and PUT: the same key with the same request returns the first
answer and writes nothing; with a different request, 422; while the first still runs, 409.
"""

from __future__ import annotations

import hashlib
import json
import re

from flask import Response, current_app, g, request

from interfaces.http.errors import problem
from interfaces.http.requests import container
from projections.idempotency import Answered, Claimed, InProgress, OtherRequest

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEPT_HEADERS = ("ETag", "Location", "Content-Type")


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
        g.idempotency = (scoped, outcome.claim)
        return None
    if isinstance(outcome, Answered):
        headers = {**json.loads(outcome.headers), "Idempotent-Replayed": "true"}
        return current_app.response_class(outcome.body, status=outcome.status, headers=headers)
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


def after_request(response: Response) -> Response:
    claimed = g.pop("idempotency", None)
    if claimed is None:
        return response
    key, claim = claimed
    if 200 <= response.status_code < 300:
        headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
        body = response.get_data(as_text=True)
        container().idempotency.complete(
            key, claim, response.status_code, body, json.dumps(headers)
        )
    else:
        container().idempotency.release(key, claim)
    return response


def teardown_request(error: BaseException | None) -> None:
    """A request that ended without an answer gives its key back."""
    claimed = g.pop("idempotency", None)
    if claimed is not None:
        container().idempotency.release(*claimed)
