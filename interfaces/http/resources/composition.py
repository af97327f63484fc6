"""Composition: appoint members, change a seat's presidium role, end a seat; read members
of an organ and who held the presidium, at any date as known at any time."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.composition import NewSeat, SeatWritten
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import conditional
from interfaces.http.reading import cache_headers, read_at
from interfaces.http.requests import container, etag
from interfaces.http.resources.organs import change
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.composition import (
    MembersSchema,
    NewSeatSchema,
    PresidiumArgsSchema,
    PresidiumSchema,
    SeatChangeSchema,
    SeatEndSchema,
    WrittenSeatSchema,
)

blp = Blueprint(
    "composition",
    __name__,
    url_prefix="/api/v1",
    description="Composition (sammansättning): seats in organs over valid and recorded time.",
)
READ = ("composition", "organ_tree")


@blp.route("/organs/<uuid:organ_id>/members")
class Members(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, MembersSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """The organ's seats on valid_at: presidium first, then members, substitutes, others."""
        as_of = read_at(args, READ)
        members = container().queries.composition.members(organ_id, as_of)
        return members, 200, cache_headers(as_of, names_people=True)

    @blp.arguments(NewSeatSchema)
    @blp.response(201, WrittenSeatSchema)
    @conditional
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


@blp.route("/organs/<uuid:organ_id>/members/<uuid:seat_id>/changes")
class SeatChanges(MethodView):
    @blp.arguments(SeatChangeSchema)
    @blp.response(200, WrittenSeatSchema)
    @conditional
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
    @conditional
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
