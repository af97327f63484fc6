"""Organs: establish, rename, reclassify, move, dissolve, correct or annul a change; list
(also as a spreadsheet), tree, one organ, history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView

from application.organs import Amendment, Change, NewOrgan
from domain.grants import Role
from domain.organ_corrections import Correction
from domain.organ_kinds import Classification
from interfaces import list_sheets
from interfaces.http import presenters
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, conditional, tagged
from interfaces.http.reading import cache_headers, cursor_after, read_at, signed
from interfaces.http.requests import container, etag, expected_version, provenance
from interfaces.http.schemas.common import (
    AsOfArgsSchema,
    ChangePageSchema,
    HistoryArgsSchema,
)
from interfaces.http.schemas.organs import (
    AnnulmentSchema,
    NewCorrectionSchema,
    NewDissolutionSchema,
    NewMoveSchema,
    NewOrganSchema,
    NewReclassificationSchema,
    NewRenamingSchema,
    OrganDetailSchema,
    OrganExportArgsSchema,
    OrganListArgsSchema,
    OrganPageSchema,
    TreeArgsSchema,
    TreeSchema,
    WrittenOrganSchema,
)
from interfaces.http.sheets import sheet_answer, sheet_doc
from interfaces.queries.pages import Page, whole_list
from projections.as_of import AsOf
from projections.organ_tree_view import ListedOrgan, OrganFilter

blp = Blueprint(
    "organs",
    __name__,
    url_prefix="/api/v1/organs",
    description="Organs (organ) of an organisation over valid and recorded time.",
)
TREE_READ = ("organ_tree",)
DETAIL_READ = ("organ_tree", "audit_trail", "decision_register")


def change(body: dict[str, Any]) -> Change:
    return Change(
        effective_on=body["effective_on"],
        decision_id=body["decision_id"],
        by=provenance(body.get("reason")),
        expected_version=expected_version(),
    )


def organs_page(args: dict[str, Any], as_of: AsOf, after: Any, limit: int) -> Page[ListedOrgan]:
    """A page of the organ list by its filters: the JSON list and its export read this."""
    return container().queries.organs.page(organ_filter(args), as_of, after, limit)


def amendment(body: dict[str, Any]) -> Amendment:
    return Amendment(body["decision_id"], provenance(body["reason"]), expected_version())


def new_organ(body: dict[str, Any]) -> NewOrgan:
    return NewOrgan(
        name=body["name"],
        classification=Classification(body["kind"], body["group_type"], body["governance_level"]),
        parent_id=body["parent_id"],
        code=body["code"],
        principal_ids=tuple(body["principal_ids"]),
        organ_id=body.get("id"),
    )


def organ_filter(args: dict[str, Any]) -> OrganFilter:
    """The filters of OrganListArgsSchema (or a schema extending it)."""
    return OrganFilter(
        args["organisation_id"],
        args["kind"] and args["kind"].value,
        args["parent_id"],
        args["q"],
    )


@blp.route("")
class Organs(MethodView):
    @blp.arguments(OrganListArgsSchema, location="query")
    @blp.response(200, OrganPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Organs existing on valid_at, as known at known_at, by name."""
        as_of = read_at(args, TREE_READ)
        page = organs_page(args, as_of, cursor_after(args), args["limit"])
        return signed(page, as_of), 200, cache_headers(as_of)

    @blp.arguments(NewOrganSchema)
    @blp.response(201, WrittenOrganSchema)
    @tagged
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any]) -> Any:
        """Establish an organ, citing the decision behind it."""
        written = container().organs.establish(new_organ(body), change(body))
        container().wake_follower()
        headers = {
            **etag(written.organ.version),
            "Location": f"{blp.url_prefix}/{written.organ.organ_id}",
        }
        return presenters.written_organ(written), 201, headers


@blp.route("/export")
class OrganExport(MethodView):
    @blp.arguments(OrganExportArgsSchema, location="query")
    @blp.response(200, description="The organ list as CSV or XLSX.")
    @blp.doc(
        responses={
            "200": sheet_doc(
                "Every organ of the list (all its pages), as CSV (UTF-8) or XLSX; more than"
                " `MAX_EXPORT_ROWS` rows is 422."
            )
        }
    )
    def get(self, args: dict[str, Any]) -> Any:
        """The organ list, with its filters, as one spreadsheet (`format`: csv or xlsx)."""
        as_of = read_at(args, TREE_READ)
        most = container().settings.max_export_rows
        items = whole_list(lambda after, limit: organs_page(args, as_of, after, limit), most)
        return sheet_answer(list_sheets.organs(items, as_of, args), args, as_of)


@blp.route("/tree")
class OrganTree(MethodView):
    @blp.arguments(TreeArgsSchema, location="query")
    @blp.response(200, TreeSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Every organisation's tree on valid_at; collaborations listed under their principals."""
        as_of = read_at(args, TREE_READ)
        forest = container().queries.organs.forest(args["organisation_id"], as_of)
        return forest, 200, cache_headers(as_of)


@blp.route("/<uuid:organ_id>")
class OrganById(MethodView):
    @blp.arguments(AsOfArgsSchema, location="query")
    @blp.response(200, OrganDetailSchema)
    @tagged
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """One organ on valid_at: parent, children, predecessors, successors, pending changes."""
        as_of = read_at(args, DETAIL_READ)
        organ = container().queries.organs.organ(organ_id, as_of)
        return organ, 200, {**cache_headers(as_of), **etag(organ.version)}


@blp.route("/<uuid:organ_id>/renamings")
class OrganRenamings(MethodView):
    @blp.arguments(NewRenamingSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Rename the organ from effective_on."""
        written = container().organs.rename(organ_id, body["name"], change(body))
        return _written(written)


@blp.route("/<uuid:organ_id>/reclassifications")
class OrganReclassifications(MethodView):
    @blp.arguments(NewReclassificationSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Change kind, group type or governance level from effective_on."""
        classification = Classification(body["kind"], body["group_type"], body["governance_level"])
        return _written(container().organs.reclassify(organ_id, classification, change(body)))


@blp.route("/<uuid:organ_id>/moves")
class OrganMoves(MethodView):
    @blp.arguments(NewMoveSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Place the organ under another parent from effective_on."""
        return _written(container().organs.move(organ_id, body["parent_id"], change(body)))


@blp.route("/<uuid:organ_id>/dissolution")
class OrganDissolution(MethodView):
    @blp.arguments(NewDissolutionSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID) -> Any:
        """Dissolve the organ from effective_on, naming or establishing its successors."""
        successors = tuple(new_organ({**s, "id": None}) for s in body["successors"])
        written = container().organs.dissolve(
            organ_id, change(body), tuple(body["successor_ids"]), successors
        )
        return _written(written)


@blp.route("/<uuid:organ_id>/changes/<int:version>/annulment")
class OrganChangeAnnulment(MethodView):
    @blp.arguments(AnnulmentSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, version: int) -> Any:
        """Annul the change recorded at version, as if it had never been recorded.

        409 naming `version` when it was annulled already, is no renaming,
        reclassification, move or dissolution, or is a version the organ never had.
        Version 1 annuls the establishment, an organ recorded by mistake: 409
        `organ-is-referenced` (naming the first few) while anything recorded names it;
        after it the organ does not exist (404), but its history.
        """
        return _written(container().organs.annul(organ_id, version, amendment(body)))


@blp.route("/<uuid:organ_id>/changes/<int:version>/correction")
class OrganChangeCorrection(MethodView):
    @blp.arguments(NewCorrectionSchema)
    @blp.response(200, WrittenOrganSchema)
    @conditional
    @allowed(Role.REGISTRAR)
    def post(self, body: dict[str, Any], organ_id: UUID, version: int) -> Any:
        """Correct the change recorded at version: the fields given replace its own.

        Version 1 (or a correction of it) is the establishment: its founding date
        (`effective_on`), `name`, `kind` with `group_type` and `governance_level`,
        `parent_id`, `code` and `principal_ids` can be corrected. Every rule is checked on
        the organ as it would then be (409 naming the field); another `version` is refused
        as for an annulment.
        """
        principal_ids = body["principal_ids"]
        correction = Correction(
            effective_on=body["effective_on"],
            name=body["name"],
            kind=body["kind"],
            group_type=body["group_type"],
            governance_level=body["governance_level"],
            parent_id=body["parent_id"],
            successor_ids=None if body["successor_ids"] is None else tuple(body["successor_ids"]),
            code=body.get("code"),
            code_given="code" in body,
            principal_ids=None if principal_ids is None else tuple(principal_ids),
        )
        written = container().organs.correct(organ_id, version, correction, amendment(body))
        return _written(written)


@blp.route("/<uuid:organ_id>/history")
class OrganHistory(MethodView):
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, ChangePageSchema)
    def get(self, args: dict[str, Any], organ_id: UUID) -> Any:
        """Every recorded change about the organ, in recorded order."""
        as_of = read_at(args, DETAIL_READ)
        history = container().queries.organs.history(
            organ_id, as_of, cursor_after(args), args["limit"]
        )
        return signed(history, as_of), 200, cache_headers(as_of)


def _written(written: Any) -> Any:
    container().wake_follower()
    return presenters.written_organ(written), 200, etag(written.organ.version)
