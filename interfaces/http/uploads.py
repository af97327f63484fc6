"""Bodies sent as files: an import's rows (JSON or CSV) and a period's values (CSV or
XLSX). One that cannot be read is UnreadableImport, naming the row at fault if one is."""

from __future__ import annotations

from typing import Any

from flask import request

from application.indicators import PeriodValueRow, RowRefused
from interfaces import spreadsheets
from interfaces.http.errors import UnreadableImport
from interfaces.import_files import UnreadableFile, rows_from_csv, rows_from_json
from interfaces.settings import Settings


def import_rows(max_rows: int) -> list[Any]:
    """The rows of an import: a CSV body, or else a JSON object's `rows`."""
    try:
        if request.mimetype == "text/csv":
            return rows_from_csv(request.get_data(as_text=True), max_rows)
        return rows_from_json(request.get_json(silent=True), max_rows)
    except UnreadableFile as error:
        raise UnreadableImport(str(error), row=error.row) from error


def period_values(settings: Settings) -> tuple[list[PeriodValueRow], list[RowRefused]]:
    """A period's values from a CSV or XLSX body: the rows read, and those refused."""
    if request.mimetype not in (spreadsheets.XLSX, "text/csv"):
        raise UnreadableImport("send text/csv or an XLSX workbook")
    kind = "xlsx" if request.mimetype == spreadsheets.XLSX else "csv"
    try:
        return spreadsheets.read_period_values(
            request.get_data(),
            kind,
            max_rows=settings.max_import_rows,
            max_uncompressed=settings.max_xlsx_uncompressed,
        )
    except spreadsheets.UnreadableSheet as error:
        raise UnreadableImport(str(error), row=error.row) from error
