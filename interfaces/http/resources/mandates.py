"""Mandates: PUT a new version, withdraw; read the version in force, all versions, a diff."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.mandates import MandateWritten
from domain.event_data import plain
from domain.mandates import CONTENT_FIELDS, MandateVersion
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import conditional
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import container, etag
from interfaces.http.resources.organs import change
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.mandates import (
    DiffArgsSchema,
    MandateDiffSchema,
    MandateReadSchema,
    MandateVersionsSchema,
    MandateWithdrawalSchema,
    PutMandateSchema,
    WrittenMandateSchema,
)

blp = Blueprint(
    "mandates",
    __name__,
    url_prefix="/api/v1/organs",
    description="Mandates (uppdragshandling, reglemente, ägardirektiv, instruktion) in versions.",
)
READ = ("mandates", "organ_tree")


@blp.route("/<uuid:organ_id>/mandate")
class MandateInForce(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MandateReadSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """The mandate in force on valid_at, as known at known_at; null if none was."""
        as_of = read_at(args, READ)
        mandate = container().queries.mandates.in_force(organ_id, as_of)
        return mandate, 200, cache_headers(as_of)

    @blp.arguments(PutMandateSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    def put(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Issue the next version of the mandate, in force from effective_on.

        Sending the version in force again (same content, date and decision) writes nothing."""
        content = {name: plain(body[name]) for name in CONTENT_FIELDS}
        written = container().mandates.put(organ_id, content, change(body))
        return _written(written)


@blp.route("/<uuid:organ_id>/mandate/withdrawal")
class MandateWithdrawal(MethodView):
    @blp.arguments(MandateWithdrawalSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """End the mandate in force from effective_on; later reads answer `mandate: null`."""
        return _written(container().mandates.withdraw(organ_id, change(body)))


@blp.route("/<uuid:organ_id>/mandate/versions")
class MandateVersions(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MandateVersionsSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """Every version of the organ's mandate, as known at known_at."""
        as_of = read_at(args, READ)
        versions = container().queries.mandates.versions(organ_id, as_of)
        return versions, 200, cache_headers(as_of)


@blp.route("/<uuid:organ_id>/mandate/diff")
class MandateDiff(MethodView):
    @blp.arguments(DiffArgsSchema, location="query")
    @blp.response(200, MandateDiffSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """Field by field, what version `to` says against version `from`."""
        as_of = read_at(args, READ)
        diff = container().queries.mandates.diff(
            organ_id, args["from_version"], args["to_version"], as_of
        )
        return diff, 200, cache_headers(as_of)


def _written(written: MandateWritten) -> Any:
    container().wake_follower()
    latest = written.latest
    body = {
        "organ_id": written.organ_id,
        "version": latest.version if isinstance(latest, MandateVersion) else None,
        "effective_on": latest.effective_on,
        "decision_id": latest.decision_id,
        "withdrawn": not isinstance(latest, MandateVersion),
        "written": written.written,
        "position": written.position,
    }
    return body, 200, etag(written.version)
