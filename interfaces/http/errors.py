"""The one error table: exception class → HTTP status and RFC 9457 problem document."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Flask, Response, current_app, json
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from application.errors import (
    AlreadyApplied,
    ApplicationError,
    ConcurrentWrite,
    NotAllowed,
    NotFound,
    StoreUnavailable,
    UnknownReference,
    VersionMismatch,
)
from domain.errors import DomainError, InvalidCommand, RuleConflict
from domain.period_facts import PeriodIsLocked
from interfaces.arguments import InvalidArgument
from interfaces.queries.pages import ListTooLong
from interfaces.upload_limits import (
    LISTED_REFUSALS,
    TooManyRows,
    UnsafeWorkbook,
    WorkbookTooLarge,
)
from projections.gaps import ProjectionGap
from projections.generations import ProjectionRebuilding
from projections.sql import ProjectionStoreUnavailable
from projections.stalls import ProjectionStalled

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class BadRequestBody(Exception):
    """The body is not JSON, or not a JSON object."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BodyTooLarge(Exception):
    """The body is longer than MAX_CONTENT_LENGTH; it was not read."""

    def __init__(self, limit: int) -> None:
        self.detail = f"the body may hold at most {limit:,} bytes (MAX_CONTENT_LENGTH)"
        super().__init__(self.detail)
        self.field = "body"


REALM = 'Bearer realm="styrlogg"'


class NotAuthenticated(Exception):
    """No credentials, or credentials of another scheme than Bearer (RFC 6750 3: then the
    challenge names no error)."""

    challenge = REALM

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = {"WWW-Authenticate": self.challenge}


class InvalidAuthorization(NotAuthenticated):
    """`Authorization: Bearer` without a token, or with one that is no token's syntax."""

    challenge = f'{REALM}, error="invalid_request"'


class UnknownToken(NotAuthenticated):
    """A bearer token that no API token has as its secret."""

    challenge = f'{REALM}, error="invalid_token"'


class TokenExpired(NotAuthenticated):
    challenge = f'{REALM}, error="invalid_token", error_description="the token has expired"'


class TokenRevoked(NotAuthenticated):
    challenge = f'{REALM}, error="invalid_token", error_description="the token was revoked"'


class PositionNotReached(Exception):
    """The projections did not reach `min_position` in time."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ImportRejected(Exception):
    """Rows of an import were rejected: nothing was written. Lists the first 100 rejected
    rows, and counts them all."""

    def __init__(self, rows: int, rejected: Sequence[Any]) -> None:
        listed = rejected[:LISTED_REFUSALS]
        more = "" if len(listed) == len(rejected) else f"; the first {len(listed)} are listed"
        refused_rows = len({r.row for r in rejected})
        # A row held otherwise is refused once for each field that differs.
        refusals = "" if refused_rows == len(rejected) else f" ({len(rejected)} refusals)"
        super().__init__(
            f"{refused_rows} of {rows} rows rejected{refusals}: nothing was written{more}"
        )
        self.detail = str(self)
        self.errors = {
            f"rows.{r.row}" + (f".{r.field}" if r.field else ""): [r.detail] for r in listed
        }
        self.extensions = {
            "rejected": [dataclasses.asdict(r) for r in listed],
            "rejected_count": len(rejected),
            "rejected_rows": refused_rows,
        }


class UnreadableImport(Exception):
    """The import body is neither JSON rows nor CSV with a `record` column, or one of its
    rows is not CSV (then the problem names it, `rows.N`)."""

    def __init__(self, detail: str, *, row: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = f"rows.{row}" if row else "body"


# AlreadyApplied is missing on purpose: the request took effect in an earlier run, so it
# is answered as a replay of that run, never as a problem (see `register`).
# Order matters: the first class an exception is an instance of decides.
ERROR_TABLE: list[tuple[type[Exception], int, str]] = [
    (NotAuthenticated, 401, "Not authenticated"),
    (NotAllowed, 403, "Not allowed"),
    (BadRequestBody, 400, "The body is not a JSON object"),
    (BodyTooLarge, 413, "Body too large"),
    (TooManyRows, 413, "Too many rows"),
    (WorkbookTooLarge, 413, "Workbook too large"),
    (UnsafeWorkbook, 422, "Workbook refused"),
    (NotFound, 404, "Not found"),
    (UnknownReference, 422, "Unknown reference"),
    (InvalidArgument, 422, "Invalid argument"),
    (ImportRejected, 422, "Import rejected"),
    (ListTooLong, 422, "List too long for one file"),
    (UnreadableImport, 422, "Unreadable import"),
    (InvalidCommand, 422, "Invalid request"),
    (VersionMismatch, 412, "Precondition failed"),
    (ConcurrentWrite, 409, "Concurrent write"),
    (PeriodIsLocked, 423, "Period locked"),
    (RuleConflict, 409, "Conflicts with what is recorded"),
    (StoreUnavailable, 503, "Event store unavailable"),
    (ProjectionRebuilding, 503, "Projections being rebuilt"),
    (ProjectionStoreUnavailable, 503, "Projections unavailable"),
    (PositionNotReached, 503, "Projections not yet at min_position"),
    (ProjectionGap, 503, "A projection missed an event"),
    (ProjectionStalled, 503, "A projection cannot apply an event"),
]
RETRY_AFTER_SECONDS = "2"
# The gap watchdog and the follower log these once, when they find them; every probe of
# /readyz repeating them is no news for the log.
LOGGED_WHERE_FOUND = (ProjectionGap, ProjectionStalled)


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str = "about:blank",
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = dict(errors)
    body.update(extensions or {})
    response = current_app.response_class(
        json.dumps(body), status=status, mimetype=PROBLEM_JSON, headers=dict(headers or {})
    )
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def problem_type(exception: Exception) -> str:
    slug = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exception).__name__).lower()
    return f"urn:styrlogg:problem:{slug}"


def handle_known(exception: Exception) -> Response:
    for cls, status, title in ERROR_TABLE:
        if isinstance(exception, cls):
            detail = getattr(exception, "detail", str(exception))
            field = getattr(exception, "field", None)
            errors = getattr(exception, "errors", None) or ({field: [detail]} if field else None)
            extensions = getattr(exception, "extensions", None)
            headers = getattr(exception, "headers", None)
            if status >= 500 and not isinstance(exception, LOGGED_WHERE_FOUND):
                log.warning("%s: %s", type(exception).__name__, detail)
            return problem(
                status,
                title,
                detail,
                kind=problem_type(exception),
                errors=errors,
                headers=headers,
                extensions=extensions,
            )
    return handle_unexpected(exception)


def handle_http(exception: HTTPException) -> Response:
    """Werkzeug's and webargs's errors: unknown routes, methods, validation of arguments."""
    status = exception.code or 500
    data = getattr(exception, "data", None) or {}
    messages = data.get("messages") or data.get("errors")
    if messages:
        errors = dict(_flatten(messages))
        fields = ", ".join(sorted(errors))
        return problem(
            status,
            "Invalid request",
            f"these fields are wrong: {fields}",
            kind="urn:styrlogg:problem:validation",
            errors=errors,
        )
    # Werkzeug's own headers, such as a 405's `Allow` (its valid methods), go along.
    headers = {k: v for k, v in exception.get_headers() if k.lower() != "content-type"}
    return problem(status, exception.name, exception.description or exception.name, headers=headers)


def body_too_large(exception: RequestEntityTooLarge) -> Response:
    """Werkzeug refuses a body over MAX_CONTENT_LENGTH when it is first read."""
    return handle_known(BodyTooLarge(current_app.config["MAX_CONTENT_LENGTH"]))


def handle_unexpected(exception: Exception) -> Response:
    log.exception("unexpected error", exc_info=exception)
    return problem(500, "Internal server error", "an unexpected error occurred; it has been logged")


def _flatten(messages: Any, prefix: str = "") -> list[tuple[str, list[str]]]:
    """{'json': {'successors': {0: {'name': ['…']}}}} → [('successors.0.name', ['…'])]."""
    found: list[tuple[str, list[str]]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = "" if not prefix and key in ("json", "query", "path", "headers") else str(key)
            if name == "_schema":
                name = ""
            found.extend(_flatten(value, f"{prefix}.{name}".strip(".") if name else prefix))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        found.append((prefix or "body", list(messages)))
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            found.extend(_flatten(value, f"{prefix}.{index}".strip(".")))
    else:
        found.append((prefix or "body", [str(messages)]))
    return found


def register(app: Flask, *, already_applied: Callable[[AlreadyApplied], Response]) -> None:
    """`already_applied` answers a request that took effect in an earlier run: no problem,
    but a replay of that run (2xx, `Idempotent-Replayed`), which only the idempotency module,
    keeper of the answers, can give."""
    for cls, _, _ in ERROR_TABLE:
        app.register_error_handler(cls, handle_known)
    app.register_error_handler(AlreadyApplied, already_applied)
    app.register_error_handler(DomainError, handle_known)
    app.register_error_handler(ApplicationError, handle_known)
    app.register_error_handler(RequestEntityTooLarge, body_too_large)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
