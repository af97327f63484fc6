"""Per-request context: the container, correlation id, provenance, If-Match, a period
argument, JSON bodies."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from flask import Response, current_app, g, request

from domain.errors import InvalidCommand
from domain.periods import Period
from domain.provenance import Provenance
from interfaces.arguments import InvalidArgument
from interfaces.bootstrap import Container
from interfaces.http.errors import BadRequestBody, BodyTooLarge
from projections.live_projections import LiveProjections

REQUEST_ID = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def container() -> Container:
    found: Container = current_app.extensions["styrlogg"]
    return found


def principal() -> str:
    """The principal of the request's API token (interfaces.http.authentication), never a
    value the client sent; only public routes, which write nothing, have none."""
    found: str = g.principal
    return found


def provenance(reason: str | None = None) -> Provenance:
    return Provenance(actor=principal(), correlation_id=g.correlation_id, reason=reason)


def expected_version() -> int | None:
    """The aggregate version If-Match names (None: no If-Match, or `*`); a header that
    names no version (a weak, empty or non-numeric tag, several tags, no tag) can never
    match, so the write is 412."""
    if "If-Match" not in request.headers:
        return None
    if_match = request.if_match
    if if_match.star_tag:
        return None
    tags = list(if_match.as_set())  # strong tags only: If-Match compares strongly
    if len(tags) == 1 and isinstance(tags[0], str) and re.fullmatch("[0-9]{1,18}", tags[0]):
        return int(tags[0])  # not isdigit(), which takes "²"
    return -1


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def period_argument(text: str) -> Period:
    """A period named in the path or the query: a bad one is 422, a problem naming `period`
    (not a 404: the route exists, its argument is wrong)."""
    try:
        return Period.parse(text)
    except InvalidCommand as error:
        raise InvalidArgument("period", error.detail) from None


def correlate() -> None:
    """The request's id, first of all, so that every answer (a 401 too) carries it."""
    supplied = request.headers.get(REQUEST_ID, "")
    g.correlation_id = supplied if SAFE_ID.fullmatch(supplied) else uuid.uuid4().hex


def before_request() -> None:
    db = container().db
    if isinstance(db, LiveProjections):
        g.generation_scope = db.open_scope()
    if request.method in BODY_METHODS:
        # No body (zero bytes) is a request without fields, which the route's schema then
        # judges; any other body, whitespace too, must be a JSON object (or a spreadsheet
        # where one is taken). Over MAX_CONTENT_LENGTH, reading it is 413.
        body = request.get_data(cache=True)
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is None and limit is not None and len(body) >= limit:
            # Sent in chunks, its length unknown: werkzeug stops reading at the limit
            # and returns what it read, as if that were all.
            raise BodyTooLarge(limit)
        if body:
            check_json_object(body)


SPREADSHEETS = frozenset(
    {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
)
MAX_JSON_DEPTH = 32  # arrays and objects within each other; a request needs 4 at most


def check_json_object(body: bytes) -> None:
    if request.mimetype in SPREADSHEETS and request.path.endswith(("/imports", "/values")):
        return  # imports and a period's values may be sent as spreadsheets
    if not request.is_json:
        raise BadRequestBody("send the body as JSON, with Content-Type: application/json")
    try:
        parsed: Any = current_app.json.loads(body)
    except RecursionError:
        raise BadRequestBody(f"the body nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:  # not JSON, or not UTF-8
        raise BadRequestBody("the body is not valid JSON") from None
    if not isinstance(parsed, dict):
        kind = "null" if parsed is None else type(parsed).__name__
        raise BadRequestBody(f"the body must be a JSON object, not a {kind}")
    if nests_deeper(parsed, MAX_JSON_DEPTH):
        raise BadRequestBody(f"the body nests deeper than {MAX_JSON_DEPTH} levels")


def nests_deeper(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` deep (without recursing)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def teardown_request(error: BaseException | None) -> None:
    db, token = container().db, g.pop("generation_scope", None)
    if token is not None and isinstance(db, LiveProjections):
        db.close_scope(token)


def after_request(response: Response) -> Response:
    response.headers[REQUEST_ID] = g.get("correlation_id", "")
    return response
