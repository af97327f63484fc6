"""Mandates: PUT a new version (or correct one), annul a version, withdraw; read the
version in force, all versions, a diff."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.mandates import MandateWritten
from domain.event_data import plain
from domain.grants import Role
from domain.mandates import CONTENT_FIELDS, MandateVersion
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import container, etag
from interfaces.http.resources.composition import annulment
from interfaces.http.resources.organs import change
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.mandates import (
    DiffArgsSchema,
    MandateDiffSchema,
    MandateReadSchema,
    MandateVersionsSchema,
    MandateWithdrawalAnnulmentSchema,
    MandateWithdrawalSchema,
    PutMandateSchema,
    WrittenMandateSchema,
)
from interfaces.http.schemas.organs import AnnulmentSchema

blp = Blueprint(
    "mandates",
    __name__,
    url_prefix="/api/v1/organs",
    description="Mandates (uppdragshandling, reglemente, ägardirektiv, instruktion) in versions.",
)
READ = ("mandates", "organ_tree")
IN_FORCE_READ = ("mandates", "organ_tree", "audit_trail")
"""The mandate and its version (its ETag)."""


@blp.route("/<uuid:organ_id>/mandate")
class MandateInForce(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MandateReadSchema)
    @tagged
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """The mandate in force on valid_at, as known at known_at; null if none was."""
        as_of = read_at(args, IN_FORCE_READ)
        mandate = container().queries.mandates.in_force(organ_id, as_of)
        version = mandate.aggregate_version
        return (
            mandate,
            200,
            {**cache_headers(as_of), **(etag(version) if version is not None else {})},
        )

    @blp.arguments(PutMandateSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def put(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Issue the next version of the mandate, in force from effective_on.

        Sending a version again (same content, date and decision) writes nothing. For an
        effective_on that has a version already, the PUT corrects that version when it has
        a `reason` (409 without one); reads as known before show the original text."""
        content = {name: plain(body[name]) for name in CONTENT_FIELDS}
        written = container().mandates.put(organ_id, content, change(body))
        return _written(written)


@blp.route("/<uuid:organ_id>/mandate/withdrawal")
class MandateWithdrawal(MethodView):
    @blp.arguments(MandateWithdrawalSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """End the mandate in force from effective_on; later reads answer `mandate: null`.

        When the mandate is withdrawn already, the same request with a `reason` corrects
        the withdrawal's date (409 without one). With `withdrawn_on` (and a `reason`) it
        corrects the withdrawal from that date, also one with later versions after it: the
        new date comes after the change before it and before the change after it (409
        naming effective_on otherwise)."""
        written = container().mandates.withdraw(organ_id, change(body), body["withdrawn_on"])
        return _written(written)


@blp.route("/<uuid:organ_id>/mandate/withdrawal/annulment")
class MandateWithdrawalAnnulment(MethodView):
    @blp.arguments(MandateWithdrawalAnnulmentSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Annul the withdrawal recorded by mistake: the version before it is in force
        until further notice, or, for the withdrawal from `withdrawn_on` with later
        versions after it, until the next version. The answer describes the withdrawal
        annulled."""
        written = container().mandates.annul_withdrawal(
            organ_id, annulment(body), body["withdrawn_on"]
        )
        return _written(written)


@blp.route("/<uuid:organ_id>/mandate/versions")
class MandateVersions(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MandateVersionsSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """Every version of the organ's mandate, as known at known_at."""
        as_of = read_at(args, READ)
        versions = container().queries.mandates.versions(organ_id, as_of)
        return versions, 200, cache_headers(as_of)


@blp.route("/<uuid:organ_id>/mandate/versions/<int:version>/annulment")
class MandateVersionAnnulment(MethodView):
    @blp.arguments(AnnulmentSchema)
    @blp.response(200, WrittenMandateSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, version: int) -> Any:
        """Annul a version recorded by mistake: as known from now it never was in force
        (the version before it holds until the next); its number is not given again. The
        answer describes the version annulled."""
        return _written(container().mandates.annul(organ_id, version, annulment(body)))


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
    entry = written.entry
    body = {
        "organ_id": written.organ_id,
        "version": entry.version if isinstance(entry, MandateVersion) else None,
        "effective_on": entry.effective_on,
        "decision_id": entry.decision_id,
        "withdrawn": not isinstance(entry, MandateVersion),
        "annulled": written.annulled,
        "written": written.written,
        "position": written.position,
    }
    return body, 200, etag(written.version)
