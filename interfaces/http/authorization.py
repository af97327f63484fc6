"""What the principal may do: every request to /api/v1 but the public ones needs a grant
that holds today (in Stockholm), as the store holds it when the request is served.

A read needs any role, unless its view names roles with `@allowed` (a register
extract). A write needs one of the roles its view names; a write that names none is
refused, so a new write is closed until it says who may call it. The principal's
`Authority` is then set for the request, for the checks only the use cases can make (a
follow-up officer's organs, a corrector's locked periods). The grants
are read from the principal's `Access` aggregate in the store, not from a projection, so
a grant or revocation holds from the save that records it, in every worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, g, request

from application.authority import current_authority
from application.errors import RoleMissing
from domain.grants import Role
from interfaces.http.authentication import is_public
from interfaces.http.openapi import roles_of
from interfaces.http.requests import container, principal
from interfaces.http.schemas.common import today_in_stockholm

READS = frozenset({"GET", "HEAD", "OPTIONS"})


def before_request() -> None:
    if not request.path.startswith("/api/v1") or is_public():
        return
    authority = container().grants.authority(principal(), today_in_stockholm())
    needs = roles_of(_view_method())
    if request.method in READS and not needs:
        if not authority.roles:
            raise RoleMissing(
                f"{principal()} holds no role today: reading needs any role (e.g. auditor)",
                needs=tuple(r.value for r in Role),
            )
    elif not needs & {r.value for r in authority.roles}:
        named = ", ".join(sorted(needs)) or "no role: it is closed to everyone"
        raise RoleMissing(
            f"{principal()} holds none of the roles this operation needs today: {named}",
            needs=tuple(sorted(needs)),
        )
    g.authority_token = current_authority.set(authority)


def teardown_request(error: BaseException | None) -> None:
    token = g.pop("authority_token", None)
    if token is not None:
        current_authority.reset(token)


def _view_method() -> Callable[..., Any] | None:
    view = current_app.view_functions.get(request.endpoint or "")
    method: Callable[..., Any] | None = getattr(
        getattr(view, "view_class", None), request.method.lower(), None
    )
    return method
