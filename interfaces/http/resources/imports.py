"""Bulk import over HTTP: the same checks and all-or-nothing write as `styrlogg import`."""

from __future__ import annotations

import dataclasses
from typing import Any

import marshmallow as ma
from flask.views import MethodView
from marshmallow import fields

from domain.grants import Role
from interfaces.http.errors import ImportRejected
from interfaces.http.json_numbers import Blueprint
from interfaces.http.openapi import allowed, rejects_rows
from interfaces.http.requests import container, provenance
from interfaces.http.schemas.common import Integer, WrittenSchema
from interfaces.http.uploads import import_rows
from interfaces.import_files import CSV_COLUMNS
from interfaces.import_rows import FIELDS

blp = Blueprint(
    "imports",
    __name__,
    url_prefix="/api/v1/imports",
    description="Bulk import of decisions, organs, people and memberships: all or nothing.",
)


class ImportArgsSchema(ma.Schema):
    dry_run = fields.Boolean(
        load_default=False, metadata={"description": "Check every row; write nothing."}
    )


class RejectedSchema(ma.Schema):
    row = Integer()
    record = fields.String(allow_none=True)
    key = fields.String(allow_none=True)
    field = fields.String(allow_none=True)
    detail = fields.String()


class ImportReportSchema(WrittenSchema):
    rows = Integer()
    written = Integer(metadata={"description": "Rows written (or, in a dry run, to be)."})
    already = Integer(metadata={"description": "Rows whose key is in the store already."})
    committed = fields.Boolean()
    rejected = fields.List(fields.Nested(RejectedSchema))
    position = Integer(allow_none=True)


ROW_DOC = (
    "Each row has `record` (decision, organ, person or membership), a `key` (its id is"
    " derived from it: importing twice writes nothing) and that record's fields. A"
    " reference (`parent`, `organ`, `decision`, `person`, `representing`, `appointed_by`,"
    " `employer`, `principals`) is a key of this or an earlier import, or an id. At most"
    " `MAX_IMPORT_ROWS` rows (10,000 unless configured; more is 413), in a body of at most"
    " `MAX_CONTENT_LENGTH` bytes (413); a refused import lists its first 100 refused rows"
    " and counts them all in `rejected_count`. Fields: "
    + "; ".join(f"{name}: {', '.join(cols)}" for name, cols in FIELDS.items())
)


@blp.route("")
class Imports(MethodView):
    @blp.arguments(ImportArgsSchema, location="query")
    @blp.response(201, ImportReportSchema, description="Written in one save.")
    @blp.alt_response(
        200,
        schema=ImportReportSchema,
        description="Nothing written: a dry run (`written` counts the rows it would write),"
        " or every row is in the store already.",
        success=True,
    )
    @blp.doc(
        requestBody={
            "required": True,
            "description": ROW_DOC,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["rows"],
                        "properties": {"rows": {"type": "array", "items": {"type": "object"}}},
                    }
                },
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "record," + ",".join(c for c in CSV_COLUMNS if c != "record"),
                },
            },
        }
    )
    @rejects_rows
    @allowed(Role.REGISTRAR)
    def post(self, args: dict[str, Any]) -> Any:
        """Import a file's rows: every row is checked first; all are written, or none."""
        rows = import_rows(container().settings.max_import_rows)
        report = container().imports.run(rows, provenance(), dry_run=args["dry_run"])
        if report.rejected:
            raise ImportRejected(report.rows, report.rejected)
        container().wake_follower()
        return dataclasses.asdict(report), 201 if report.committed else 200
