"""Spreadsheet answers: a sheet sent as CSV or XLSX, and how the OpenAPI document tells it."""

from __future__ import annotations

from typing import Any

from flask import Response

from interfaces import spreadsheets
from interfaces.http.reading import cache_headers
from interfaces.spreadsheets import Sheet, Style
from projections.as_of import AsOf


def sheet_doc(description: str) -> dict[str, Any]:
    """A spreadsheet answer, as the OpenAPI document tells it."""
    return {
        "description": description,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            spreadsheets.XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }


def sheet_answer(
    sheet: Sheet, args: dict[str, Any], as_of: AsOf, *, names_people: bool = False
) -> Response:
    """The sheet as an attachment of `args["format"]` (csv or xlsx) in the `lang` and CSV
    `dialect` asked for, cached as its read allows (never, when it names people)."""
    kind = args["format"]
    style = Style(args["lang"], args["dialect"])
    if kind == "xlsx":
        data, mimetype = spreadsheets.to_xlsx(sheet, style), spreadsheets.XLSX
    else:
        data, mimetype = spreadsheets.to_csv(sheet, style), spreadsheets.CSV
    response = Response(data, content_type=mimetype)  # as it is: CSV names its charset
    response.headers["Content-Disposition"] = f'attachment; filename="{sheet.name}.{kind}"'
    response.headers.update(cache_headers(as_of, names_people=names_people))
    return response
