"""Who is asking: every request to /api/v1 but the public ones (health, readiness, the
OpenAPI document, the docs page) carries `Authorization: Bearer <secret>` of an API token.

The token is looked up by its secret's hash on every request (one indexed select), with no
cache: a revoked or expired token is refused at once, in every worker. The hook runs
before any body is read and before the idempotency hook, so a refused request writes and
claims nothing. Neither the secret nor the header is ever logged.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import current_app, g, request

from interfaces.http.errors import (
    InvalidAuthorization,
    NotAuthenticated,
    TokenExpired,
    TokenRevoked,
    UnknownToken,
)
from interfaces.http.openapi import marks_of
from interfaces.http.requests import container

# RFC 6750 2.1: b64token.
B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
# Served by flask-smorest and by us beside the API: the document, the docs page, its
# files, and the root's redirect to the docs.
PUBLIC_ENDPOINTS = frozenset(
    {
        "api-docs.openapi_json",
        "api-docs.openapi_swagger_ui",
        "swagger_ui_assets.asset",
        "index",
        "static",
    }
)


def is_public() -> bool:
    """Whether the route the request matched is one that anyone may call."""
    endpoint = request.endpoint
    if endpoint in PUBLIC_ENDPOINTS:
        return True
    view = current_app.view_functions.get(endpoint or "")
    method = getattr(getattr(view, "view_class", None), request.method.lower(), None)
    return "public" in marks_of(method)


def before_request() -> None:
    """Sets `g.principal`, the token's principal, or refuses the request with 401."""
    if request.routing_exception is not None:
        # No route: the 404 or 405 says so, to anyone, before any other hook runs.
        raise request.routing_exception
    if not request.path.startswith("/api/v1") or is_public():
        return
    header = request.headers.get("Authorization")
    if header is None:
        raise NotAuthenticated("send an API token: Authorization: Bearer <token>")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise NotAuthenticated("only Bearer tokens are accepted: Authorization: Bearer <token>")
    secret = credentials.strip()
    if not B64TOKEN.fullmatch(secret):
        raise InvalidAuthorization("the Authorization header holds no bearer token")
    token = container().tokens.find(secret)
    if token is None:
        raise UnknownToken("the bearer token is not an API token (of this deployment)")
    if token.revoked_at is not None:
        raise TokenRevoked(f"the token was revoked at {token.revoked_at.isoformat()}")
    if token.expired(datetime.now(UTC)):
        raise TokenExpired(f"the token expired at {token.expires_at.isoformat()}")
    g.principal = token.principal
