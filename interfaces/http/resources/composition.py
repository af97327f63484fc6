"""Composition: appoint members, change a seat's presidium role (or correct or annul a
change), end a seat or correct its end, annul a seat or its end; read members of an organ
(also as a spreadsheet) and who held the presidium, at any date as known at any time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.annulments import Annulment
from application.composition import NewSeat, SeatWritten
from domain.composition import PresidiumCorrection
from domain.grants import Role
from interfaces import list_sheets
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import container, etag, expected_version, provenance
from interfaces.http.resources.organs import amendment, change
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.composition import (
    MembersExportArgsSchema,
    MembersSchema,
    NewSeatSchema,
    PresidiumArgsSchema,
    PresidiumCorrectionSchema,
    PresidiumSchema,
    SeatChangeSchema,
    SeatEndSchema,
    WrittenSeatSchema,
)
from interfaces.http.schemas.organs import AnnulmentSchema
from interfaces.http.sheets import sheet_answer, sheet_doc
from interfaces.queries.pages import ListTooLong

blp = Blueprint(
    "composition",
    __name__,
    url_prefix="/api/v1",
    description="Composition (sammansättning): seats in organs over valid and recorded time.",
)
READ = ("composition", "organ_tree")
MEMBERS_READ = ("composition", "organ_tree", "audit_trail")
"""The members and the composition's version (its ETag)."""


@blp.route("/organs/<uuid:organ_id>/members")
class Members(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MembersSchema)
    @tagged
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """The organ's seats on valid_at: presidium first, then members, substitutes, others.
        Its ETag is the organ's composition's version (none before the first seat)."""
        as_of = read_at(args, MEMBERS_READ)
        members = container().queries.composition.members(organ_id, as_of)
        version = members.composition_version
        tag = etag(version) if version is not None else {}
        return members, 200, {**cache_headers(as_of, names_people=True), **tag}

    @blp.arguments(NewSeatSchema)
    @blp.response(201, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Appoint a person to a seat in the organ from effective_on, citing the decision."""
        new = NewSeat(
            person_id=body["person_id"],
            role=body["role"],
            presidium_role=body["presidium_role"],
            representing_id=body["representing_id"],
            political_party=body["political_party"],
            substitute_order=body["substitute_order"],
            appointed_by_id=body["appointed_by_id"],
        )
        written = container().composition.appoint(organ_id, new, change(body))
        location = f"{blp.url_prefix}/organs/{organ_id}/members/{written.seat_id}"
        return _written(written, 201, {"Location": location})


@blp.route("/organs/<uuid:organ_id>/members/export")
class MembersExport(MethodView):
    @blp.arguments(MembersExportArgsSchema, location="query")
    @blp.response(200, description="The organ's members as CSV or XLSX.")
    @blp.doc(
        responses={
            "200": sheet_doc(
                "The organ's seats on valid_at, as CSV (UTF-8) or XLSX, never stored by a"
                " cache (they name people); more than `MAX_EXPORT_ROWS` rows is 422."
            )
        }
    )
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """The organ's seats on valid_at, as listed, as one spreadsheet (csv or xlsx)."""
        as_of = read_at(args, READ)
        members = container().queries.composition.members(organ_id, as_of)
        if len(members.members) > container().settings.max_export_rows:
            raise ListTooLong(container().settings.max_export_rows)
        sheet = list_sheets.members(members, as_of, args)
        return sheet_answer(sheet, args, as_of, names_people=True)


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/changes")
class SeatChanges(MethodView):
    @blp.arguments(SeatChangeSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """Give the seat a presidium role (taken from its holder) or none, from effective_on."""
        written = container().composition.change_presidium(
            organ_id, seat_id, body["presidium_role"], change(body)
        )
        return _written(written)


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/changes/<int:version>/annulment")
class SeatChangeAnnulment(MethodView):
    @blp.arguments(AnnulmentSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID, version: int) -> Any:
        """Annul the seat's presidium change recorded at `version` (the organ's history
        gives it): the seat's role is as its appointment and other changes say.

        Giving a seat a role took it from its holder by a change of the holder's seat:
        annul that one too, after this one (before, two seats would hold the role: 409)."""
        written = container().composition.annul_presidium_change(
            organ_id, seat_id, version, annulment(body)
        )
        return _written(written)


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/changes/<int:version>/correction")
class SeatChangeCorrection(MethodView):
    @blp.arguments(PresidiumCorrectionSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID, version: int) -> Any:
        """Correct the seat's presidium change recorded at `version` (the organ's history
        gives it): its effective_on, its presidium_role or both, with a reason. Reads as
        known before show the change as recorded; the history names what it corrects.

        The rules are checked again: the date within the seat's span, one holder of a role
        on any date (409 presidium-taken). A change that took the role from its holder is
        corrected by itself. A later correction or annulment names this one's version."""
        correction = PresidiumCorrection(
            effective_on=body["effective_on"],
            role_given="presidium_role" in body,
            presidium_role=body.get("presidium_role"),
        )
        written = container().composition.correct_presidium_change(
            organ_id, seat_id, version, correction, amendment(body)
        )
        return _written(written)


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/end")
class SeatEnd(MethodView):
    @blp.arguments(SeatEndSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """End the seat: effective_on is the first day without it.

        For a seat ended already, the same request with a `reason` corrects the end (409
        without one); reads as known before the correction show the first end."""
        return _written(container().composition.end(organ_id, seat_id, change(body)))


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/end/annulment")
class SeatEndAnnulment(MethodView):
    @blp.arguments(AnnulmentSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """Annul the seat's recorded end: the seat is held until further notice again."""
        return _written(container().composition.annul_end(organ_id, seat_id, annulment(body)))


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/annulment")
class SeatAnnulment(MethodView):
    @blp.arguments(AnnulmentSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """Annul a seat recorded by mistake: as known from now it was never held (members,
        presidium, a person's seats); as known before, it was. History keeps both."""
        return _written(container().composition.annul(organ_id, seat_id, annulment(body)))


@blp.route("/presidium")
class Presidium(MethodView):
    @blp.arguments(PresidiumArgsSchema, location="query")
    @blp.response(200, PresidiumSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Who held a presidium role (or the one asked for) in every organ on valid_at."""
        as_of = read_at(args, READ)
        role = args["presidium_role"]
        presidium = container().queries.composition.presidium(role.value if role else None, as_of)
        return presidium, 200, cache_headers(as_of, names_people=True)


def annulment(body: dict[str, Any]) -> Annulment:
    return Annulment(body["decision_id"], provenance(body["reason"]), expected_version())


def _written(written: SeatWritten, status: int = 200, headers: Any = None) -> Any:
    container().wake_follower()
    return written, status, {**etag(written.version), **(headers or {})}
