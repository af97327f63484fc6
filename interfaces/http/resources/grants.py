"""Grants: who may do what, from which date, as known at any time; give one, revoke one;
and for any write, the grants its actor held when it was made."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from flask.views import MethodView

from application.grants import NewGrant
from domain.grants import Role
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, provenance
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.grants import (
    GrantListArgsSchema,
    GrantPageSchema,
    NewGrantSchema,
    RevocationSchema,
    WriteAuditSchema,
    WrittenGrantSchema,
)
from projections.grants_view import GrantFilter

blp = Blueprint(
    "grants",
    __name__,
    url_prefix="/api/v1/grants",
    description="Grants (behörigheter): roles given to principals from a date, as events.",
)
GRANTS = ("grants",)
AUDIT = ("grants", "audit_trail")


@blp.route("")
class Grants(MethodView):
    @blp.arguments(GrantListArgsSchema, location="query")
    @blp.response(200, GrantPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Who could do what on valid_at, as known at known_at (with `every`: every grant).

        Each grant holds from `valid_from` up to (not including) `valid_to`; `granted_at`
        and `revoked_at` are the positions that recorded the grant and its revocation."""
        as_of = read_at(args, GRANTS)
        where = GrantFilter(
            principal=args["principal"],
            role=args["role"] and args["role"].value,
            holds_on=None if args["every"] else as_of.valid_at,
        )
        page = container().queries.grants.page(where, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewGrantSchema)
    @blp.response(201, WrittenGrantSchema)
    @allowed(Role.ADMIN)
    def post(self, body: dict[str, Any]) -> Any:
        """Give a principal a role from `effective_on` (an admin's)."""
        new = NewGrant(
            principal=body["principal"],
            role=body["role"],
            effective_on=body["effective_on"],
            organ_ids=tuple(body["organ_ids"]),
            decision_id=body["decision_id"],
            grant_id=body["id"],
        )
        written = container().grants.give(new, provenance(body["reason"]))
        container().wake_follower()
        return written, 201, {"Location": f"{blp.url_prefix}?principal={quote(written.principal)}"}


@blp.route("/<uuid:grant_id>/revocation")
class GrantRevocation(MethodView):
    @blp.arguments(RevocationSchema)
    @blp.response(201, WrittenGrantSchema)
    @allowed(Role.ADMIN)
    def post(self, body: dict[str, Any], grant_id: UUID) -> Any:
        """Revoke the principal's grant from `effective_on` (an admin's)."""
        written = container().grants.revoke(
            body["principal"],
            grant_id,
            body["effective_on"],
            body["decision_id"],
            provenance(body["reason"]),
        )
        container().wake_follower()
        return written, 201


@blp.route("/audit/<int:position>")
class WriteAudit(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, WriteAuditSchema)
    def get(self, args: dict[str, Any], position: int) -> Any:
        """The event at `position`, its actor, and the grants the actor held on the day it
        was recorded: as known just before it, and as known at known_at."""
        as_of = read_at(args, AUDIT)
        audit = container().queries.grants.write(position, as_of)
        return audit, 200, cache_headers(as_of)
