"""Per-request context: the container, correlation id, provenance, If-Match, JSON bodies."""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Response, current_app, g, request

from domain.provenance import Provenance
from interfaces.bootstrap import Container
from interfaces.http.errors import BadRequestBody, BodyTooLarge
from projections.live_projections import LiveProjections

REQUEST_ID = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def container() -> Container:
    found: Container = current_app.extensions["styrlogg"]
    return found


def provenance(reason: str | None = None) -> Provenance:
    # Until authentication exists every request acts as the configured local user.
    return Provenance(
        actor=container().settings.local_actor, correlation_id=g.correlation_id, reason=reason
    )


def expected_version() -> int | None:
    """The aggregate version If-Match names; a tag that is no version can never match."""
    if_match = request.if_match
    if not if_match or if_match.star_tag:
        return None
    tags = list(if_match.as_set())
    if len(tags) == 1 and tags[0].isdigit():
        return int(tags[0])
    return -1


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def before_request() -> None:
    db = container().db
    if isinstance(db, LiveProjections):
        g.generation_scope = db.open_scope()
    supplied = request.headers.get(REQUEST_ID, "")
    g.correlation_id = supplied if SAFE_ID.fullmatch(supplied) else uuid.uuid4().hex
    if request.method in BODY_METHODS and request.content_length != 0:
        body = request.get_data(cache=True)  # over MAX_CONTENT_LENGTH: 413
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is None and limit is not None and len(body) >= limit:
            # Sent in chunks, its length unknown: werkzeug stops reading at the limit
            # and returns what it read, as if that were all.
            raise BodyTooLarge(limit)
        if body.strip():
            check_json_object(body)


SPREADSHEETS = frozenset(
    {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
)


def check_json_object(body: bytes) -> None:
    if request.mimetype in SPREADSHEETS and request.path.endswith(("/imports", "/values")):
        return  # imports and a period's values may be sent as spreadsheets
    if not request.is_json:
        raise BadRequestBody("send the body as JSON, with Content-Type: application/json")
    parsed: Any = request.get_json(silent=True)
    if parsed is None:
        raise BadRequestBody("the body is not valid JSON")
    if not isinstance(parsed, dict):
        raise BadRequestBody(f"the body must be a JSON object, not a {type(parsed).__name__}")


def teardown_request(error: BaseException | None) -> None:
    db, token = container().db, g.pop("generation_scope", None)
    if token is not None and isinstance(db, LiveProjections):
        db.close_scope(token)


def after_request(response: Response) -> Response:
    response.headers[REQUEST_ID] = g.get("correlation_id", "")
    return response
