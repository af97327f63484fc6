"""What the OpenAPI document says of every operation, derived from its route: an
`operationId` and a description, the problem responses it can give, and the headers
(`Idempotency-Key`, `If-Match`, `ETag`, `Retry-After`).

Most follows from the method and the path (`OperationConventions`). What a route alone
does not show, its view says with a decorator, next to the code that does it:

- `@conditional`: the view honours `If-Match` (412 when stale) and answers with an ETag;
- `@tagged`: the view answers with an ETag (a read of one resource, a write);
- `@refuses(423)`: a problem beyond its method's (a period-keyed write once the period is
  locked; a read that a rule refuses, 409);
- `@rejects_rows`: its 422 lists the rejected rows of an import;
- `@reads_nothing`: it touches no store, so it is never 503;
- `@public`: anyone may call it, without a token (health and readiness): `security: []`,
  never 401 (interfaces.http.authentication lets it pass);
- `@allowed(Role.REGISTRAR, …)`: the roles, any one of which lets a principal call the
  write (interfaces.http.authorization refuses a write that names none: 403).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from apispec import APISpec, BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from werkzeug.routing import Rule

from domain.grants import Role
from interfaces.http.errors import PROBLEM_JSON
from interfaces.http.idempotency import HEADER as IDEMPOTENCY_KEY
from interfaces.http.openapi_examples import EXAMPLES
from interfaces.http.schemas.common import (
    AppliedEarlierSchema,
    ProblemSchema,
    RejectedProblemSchema,
)

View = TypeVar("View", bound=Callable[..., Any])
MARKS = "openapi_marks"
WRITES = frozenset({"post", "put"})

# status → (component name, description); the when of DESIGN's error table.
PROBLEMS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The body is not JSON, or not a JSON object."),
    401: (
        "Unauthorized",
        "No API token, another scheme than Bearer, or a token that is unknown, expired or"
        " revoked (`type` says which; `WWW-Authenticate` too): nothing was read or written.",
    ),
    403: (
        "Forbidden",
        "The principal holds no grant allowing it on this day (`needs` names the roles that"
        " would), or, a follow-up officer, reports for an organ outside its grants' organs:"
        " nothing was written.",
    ),
    404: ("NotFound", "The id in the path does not exist (or is not a UUID)."),
    409: (
        "Conflict",
        "A rule refuses it given what is recorded, a concurrent write won twice, or the first"
        " request with this Idempotency-Key still runs.",
    ),
    412: ("PreconditionFailed", "`If-Match` names a version that is no longer current."),
    413: ("ContentTooLarge", "The body, its rows or its workbook exceed a limit."),
    422: (
        "UnprocessableContent",
        "A field or parameter is missing, malformed, unknown to its enumeration, or names an"
        " id that does not exist; the problem names it in `errors`.",
    ),
    423: ("Locked", "The period is locked: only a corrector may change its values."),
    503: (
        "ServiceUnavailable",
        "The store or the projections are unreachable, being rebuilt, or did not reach"
        " `min_position` in time: retry after `Retry-After` seconds.",
    ),
}
REJECTED_ROWS = "RowsRejected"
SECURITY_SCHEME = "bearerAuth"
SECURITY: list[dict[str, list[str]]] = [{SECURITY_SCHEME: []}]
"""Every operation's, unless it is `@public`: the document's default."""
APPLIED_EARLIER = "AppliedEarlier"


def _mark(view: View, mark: str) -> View:
    marks: set[str] = view.__dict__.setdefault(MARKS, set())
    marks.add(mark)
    return view


def conditional(view: View) -> View:
    """The view honours If-Match: 412 when stale; it answers with an ETag."""
    return tagged(_mark(view, "if_match"))


def tagged(view: View) -> View:
    """The view answers with an ETag (the aggregate's version)."""
    return _mark(view, "etag")


def refuses(*statuses: int) -> Callable[[View], View]:
    """Problems the view gives beyond those of its method and path."""

    def decorate(view: View) -> View:
        for status in statuses:
            _mark(view, f"status:{status}")
        return view

    return decorate


def rejects_rows(view: View) -> View:
    """Its 422 lists the rejected rows (`rejected`, `rejected_count`)."""
    return _mark(view, "rejected_rows")


def reads_nothing(view: View) -> View:
    """It touches neither the store nor the projections: never 503."""
    return _mark(view, "reads_nothing")


def public(view: View) -> View:
    """Anyone may call it, without a token: never 401."""
    return _mark(view, "public")


def allowed(*roles: Role) -> Callable[[View], View]:
    """The roles any one of which allows the operation (a read that names none needs any
    role at all; a write that names none is allowed to no one)."""

    def decorate(view: View) -> View:
        for role in roles:
            _mark(view, f"role:{role.value}")
        return view

    return decorate


def roles_of(view: Callable[..., Any] | None) -> frozenset[str]:
    return frozenset(m.split(":", 1)[1] for m in marks_of(view) if m.startswith("role:"))


def marks_of(view: Callable[..., Any] | None) -> set[str]:
    found: set[str] = getattr(view, MARKS, set())
    return found


def operation_id(method: str, endpoint: str) -> str:
    """`postOrganRenamings` for the POST of the view class `OrganRenamings`."""
    view_name = endpoint.rsplit(".", 1)[-1]
    return method + view_name[0].upper() + view_name[1:]


def description(operation: dict[str, Any]) -> str:
    """The view's docstring, all of it (flask-smorest keeps its first paragraph as the
    summary and the rest as the description)."""
    parts = [operation.get("summary", ""), operation.get("description", "")]
    return "\n\n".join(" ".join(p.split()) for p in parts if p.strip())


class OperationConventions(BasePlugin):
    """An apispec plugin: completes every operation of the document as the module says."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.marshmallow: MarshmallowPlugin | None = None

    @property
    def _names(self) -> dict[type[Any], str]:
        """Each schema class's name in the document, as the marshmallow plugin gave it."""
        converter = self.marshmallow.converter if self.marshmallow else None
        refs: dict[tuple[type[Any], ...], str] = converter.refs if converter else {}
        return {key[0]: name for key, name in refs.items()}

    def init_spec(self, spec: APISpec) -> None:
        self.marshmallow = next(p for p in spec.plugins if isinstance(p, MarshmallowPlugin))
        for status, (name, text) in PROBLEMS.items():
            spec.components.response(name, problem_response(text, ProblemSchema, status))
        spec.components.response(
            REJECTED_ROWS,
            problem_response(
                "Rows were rejected: nothing was written. The first 100 rejected rows are"
                " listed in `rejected` (and by field in `errors`); `rejected_count` counts"
                " them all, `rejected_rows` the rows they are in (a row whose key is held"
                " with other content is refused once per field that differs).",
                RejectedProblemSchema,
                422,
            ),
        )
        spec.components.schema(APPLIED_EARLIER, schema=AppliedEarlierSchema)
        spec.components.response(
            APPLIED_EARLIER,
            {
                "description": "A retry (the same Idempotency-Key and request) of a request"
                " that took effect in an earlier run whose answer was lost: not run again;"
                " the save it wrote, named.",
                "content": {"application/json": {"schema": AppliedEarlierSchema}},
                "headers": {"Idempotent-Replayed": "IdempotentReplayed"},
            },
        )
        spec.components.parameter(
            "IdempotencyKey",
            "header",
            {
                "name": IDEMPOTENCY_KEY,
                "required": False,
                "description": "Makes a retried POST or PUT safe: the same key and request"
                " again returns the first answer (`Idempotent-Replayed: true`) and writes"
                " nothing; the key with another request is 422; while the first still runs,"
                " 409. Scoped to the actor; kept `IDEMPOTENCY_KEY_TTL_SECONDS` (24 h).",
                "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
                "example": "rh-2024-T2-1",
            },
        )
        spec.components.parameter(
            "IfMatch",
            "header",
            {
                "name": "If-Match",
                "required": False,
                "description": 'The version read (the ETag of a read or a write, e.g. "3"):'
                " the write is 412 unless the thing the path names is still at it. A weak,"
                " empty or non-numeric tag, or several, never match; `*` or no header writes"
                " unconditionally.",
                "schema": {"type": "string"},
                "example": '"1"',
            },
        )
        spec.components.header(
            "ETag",
            {
                "description": "The version of the thing the path names (a strong tag, e.g."
                ' "3"), as known at the answer\'s position: what If-Match on its writes accepts.',
                "schema": {"type": "string"},
                "example": '"2"',
            },
        )
        spec.components.security_scheme(
            SECURITY_SCHEME,
            {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token, made with `styrlogg token create --principal P`"
                " (`styrlogg_…`); its principal is the `actor` of every event the request"
                " writes.",
            },
        )
        spec.components.header(
            "WWWAuthenticate",
            {
                "description": 'The challenge, `Bearer realm="styrlogg"`, with'
                ' `error="invalid_token"` for an unknown, expired or revoked token and'
                ' `error="invalid_request"` for a Bearer header without one (RFC 6750).',
                "schema": {"type": "string"},
            },
        )
        spec.components.header(
            "RetryAfter",
            {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}},
        )
        spec.components.header(
            "IdempotentReplayed",
            {
                "description": "`true` when the answer is the kept answer of an earlier"
                " request with the same Idempotency-Key: nothing was written.",
                "schema": {"type": "string", "enum": ["true"]},
            },
        )

    def operation_helper(
        self,
        path: str | None = None,
        operations: dict[str, Any] | None = None,
        *,
        rule: Rule | None = None,
        **kwargs: Any,
    ) -> None:
        if rule is None or operations is None or path is None:
            return
        view_class = getattr(self.app.view_functions.get(rule.endpoint), "view_class", None)
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            marks = marks_of(getattr(view_class, method, None))
            operation.setdefault("operationId", operation_id(method, rule.endpoint))
            operation["description"] = description(operation)
            if "summary" in operation:
                operation["summary"] = " ".join(operation["summary"].split())
            self._complete(path, method, operation, marks)
            self._exemplify(operation)

    def _exemplify(self, operation: dict[str, Any]) -> None:
        """The demo's example of the request body, by the schema that reads it."""
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None or "example" in content:
            return
        name = str(content.get("schema", {}).get("$ref", "")).rsplit("/", 1)[-1]
        example = next((e for s, e in EXAMPLES.items() if self._names.get(s) == name), None)
        if example is not None:
            content["example"] = example

    def _complete(self, path: str, method: str, operation: dict[str, Any], marks: set[str]) -> None:
        # flask-smorest keys responses by int status, apispec by text: one key each.
        responses = {str(k): v for k, v in operation.get("responses", {}).items()}
        operation["responses"] = responses
        parameters: list[Any] = operation.setdefault("parameters", [])
        statuses = {int(m.split(":")[1]) for m in marks if m.startswith("status:")}
        if re.search(r"\{[^}]+\}", path):
            statuses.add(404)
        if method in WRITES:
            statuses |= {400, 409, 413, 422}
            parameters.append("IdempotencyKey")
            _may_have_applied_earlier(responses)
        if "if_match" in marks:
            statuses.add(412)
            parameters.append("IfMatch")
        if "reads_nothing" not in marks:
            statuses.add(503)
        if "public" in marks:
            operation["security"] = []
        else:
            statuses |= {401, 403}
            roles = sorted(m.split(":", 1)[1] for m in marks if m.startswith("role:"))
            if method in WRITES or roles:
                operation["x-roles"] = roles
                if operation["description"]:
                    allowed_to = ", ".join(roles) or "no one"
                    operation["description"] += f"\n\nAllowed to: {allowed_to}."
        if "422" in responses:  # flask-smorest's, for a view that takes arguments
            statuses.add(422)
        for status in sorted(statuses):
            # A view's own declaration of the status (readiness's 503) stands.
            if _generic(responses.get(str(status))):
                responses[str(status)] = PROBLEMS[status][0]
        if "rejected_rows" in marks:
            responses["422"] = REJECTED_ROWS
        for code, response in responses.items():
            if code.startswith("2") and isinstance(response, dict) and "$ref" not in response:
                headers = response.setdefault("headers", {})
                if "etag" in marks:
                    headers["ETag"] = "ETag"
                if method in WRITES:
                    headers["Idempotent-Replayed"] = "IdempotentReplayed"


def problem_response(text: str, schema: Any, status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": text,
        "content": {PROBLEM_JSON: {"schema": schema}},
    }
    if status == 503:
        response["headers"] = {"Retry-After": "RetryAfter"}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": "WWWAuthenticate"}
    return response


def _generic(response: Any) -> bool:
    """No response yet, or flask-smorest's own for the status (it names it in capitals)."""
    if response is None:
        return True
    name = response.get("$ref", "") if isinstance(response, dict) else str(response)
    return name.rsplit("/", 1)[-1] == "UNPROCESSABLE_ENTITY"


def _may_have_applied_earlier(responses: dict[str, Any]) -> None:
    """A write retried with its Idempotency-Key after its answer was lost answers 200
    naming the save it wrote: beside a 200 the write documents already, or as its 200."""
    ok = responses.get("200")
    if ok is None:
        responses["200"] = APPLIED_EARLIER
        return
    content = ok.get("content", {}).get("application/json") if isinstance(ok, dict) else None
    if content is not None and "schema" in content:
        applied = {"$ref": f"#/components/schemas/{APPLIED_EARLIER}"}
        content["schema"] = {"anyOf": [content["schema"], applied]}
