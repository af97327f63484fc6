"""People: register a person, read one, erase their personal data, list their seats."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from domain.grants import Role
from domain.people import PersonalDetails
from interfaces.http import idempotency, presenters
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, etag, expected_version, provenance
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.composition import (
    ErasureSchema,
    NewPersonSchema,
    PeopleArgsSchema,
    PeoplePageSchema,
    PersonExtractSchema,
    PersonReadSchema,
    PersonSchema,
    PersonSeatsSchema,
)

blp = Blueprint(
    "people",
    __name__,
    url_prefix="/api/v1/people",
    description="People (personer). Names and titles are kept apart from the events, which"
    " cite a person only by id, so that personal data can be erased without breaking history.",
)
SEATS_READ = ("composition", "organ_tree", "audit_trail")
PERSON_READ = ("audit_trail",)
EXTRACT_READ = SEATS_READ


@blp.route("")
class People(MethodView):
    @blp.arguments(PeopleArgsSchema, location="query")
    @blp.response(200, PeoplePageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """People known at known_at whose personal data is kept, by name; `q` searches the
        names. (The register keeps no history: an erased person is never found.)"""
        as_of = read_at(args, PERSON_READ)
        page = container().queries.people.page(args["q"], as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of, names_people=True)

    @blp.arguments(NewPersonSchema)
    @blp.response(201, PersonSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Register a person."""
        details = PersonalDetails(body["name"], body["title"], body["employer_organ_id"])
        written = container().people.register(details, provenance())
        idempotency.names_person(written.person_id)
        container().wake_follower()
        headers = {**etag(written.version), "Location": f"{blp.url_prefix}/{written.person_id}"}
        body = {
            **presenters.person(written.person_id, written.details),
            "position": written.position,
        }
        return body, 201, headers


@blp.route("/<uuid:person_id>")
class PersonById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PersonReadSchema)
    @tagged
    def get(self, args: dict[str, Any], person_id: UUID) -> Any:
        """A person's personal data, or `erased: true` once it has been erased. (The
        register keeps no history: `known_at` only decides whether the person is known.)"""
        as_of = read_at(args, PERSON_READ)
        person = container().queries.people.person(person_id, as_of)
        return person, 200, {**cache_headers(as_of, names_people=True), **etag(person.version)}


@blp.route("/<uuid:person_id>/erasure")
class PersonErasure(MethodView):
    @blp.arguments(ErasureSchema)
    @blp.response(200, PersonSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], person_id: UUID) -> Any:
        """Erase the person's personal data; their seats and every event stay, by id."""
        written = container().people.erase(
            person_id, provenance(body["reason"]), expected_version()
        )
        container().wake_follower()
        body = {**presenters.person(person_id, None), "position": written.position}
        return body, 200, etag(written.version)


@blp.route("/<uuid:person_id>/extract")
class PersonExtract(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PersonExtractSchema)
    @allowed(Role.REGISTRAR, Role.ADMIN)
    def get(self, args: dict[str, Any], person_id: UUID) -> Any:
        """A register extract (registerutdrag, GDPR Art. 15): the person's personal data,
        every seat held, and every event naming the person, as JSON.

        A registrar's or an admin's; never cached (it names the person)."""
        as_of = read_at(args, EXTRACT_READ)
        extract = container().queries.people.extract(person_id, as_of)
        return extract, 200, cache_headers(as_of, names_people=True)


@blp.route("/<uuid:person_id>/seats")
class PersonSeats(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, PersonSeatsSchema)
    def get(self, args: dict[str, Any], person_id: UUID) -> Any:
        """Every seat the person has held, over all dates, as known at known_at."""
        as_of = read_at(args, SEATS_READ)
        seats = container().queries.people.seats(person_id, as_of)
        return seats, 200, cache_headers(as_of, names_people=True)
