"""Composition: appoint members, change a seat's presidium role, end a seat; read members
of an organ (also as a spreadsheet) and who held the presidium, at any date as known at
any time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.composition import NewSeat, SeatWritten
from interfaces import list_sheets
from interfaces.http.json_numbers import Blueprint
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import container, etag
from interfaces.http.resources.organs import change
from interfaces.http.schemas.common import ETAG, IF_MATCH, AsOfArgsSchema
from interfaces.http.schemas.composition import (
    MembersExportArgsSchema,
    MembersSchema,
    NewSeatSchema,
    PresidiumArgsSchema,
    PresidiumSchema,
    SeatChangeSchema,
    SeatEndSchema,
    WrittenSeatSchema,
)
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
    @blp.response(200, MembersSchema, headers=ETAG)
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
    @blp.doc(parameters=[IF_MATCH])
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
    @blp.doc(parameters=[IF_MATCH])
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """Give the seat a presidium role (taken from its holder) or none, from effective_on."""
        written = container().composition.change_presidium(
            organ_id, seat_id, body["presidium_role"], change(body)
        )
        return _written(written)


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/end")
class SeatEnd(MethodView):
    @blp.arguments(SeatEndSchema)
    @blp.response(200, WrittenSeatSchema)
    @blp.doc(parameters=[IF_MATCH])
    def post(self, body: dict[str, Any], organ_id: UUID, seat_id: UUID) -> Any:
        """End the seat: effective_on is the first day without it."""
        return _written(container().composition.end(organ_id, seat_id, change(body)))


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


def _written(written: SeatWritten, status: int = 200, headers: Any = None) -> Any:
    container().wake_follower()
    return written, status, {**etag(written.version), **(headers or {})}
