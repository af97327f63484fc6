"""Reading the spreadsheets the API sends, as a client would: the CSV's header and an
XLSX's table below its title block, with each header told by its column's key."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

from interfaces.sheet_labels import COLUMNS


def keys_of(header: list[Any], lang: str = "sv") -> list[str]:
    """The column keys (`follow_up_comment`) of a header's labels, in the language sent."""
    by_label = {label: key for key, label in COLUMNS[lang].items()}
    return [by_label[label] for label in header]


def csv_table(response: Any, lang: str = "sv", delimiter: str = ",") -> list[list[str]]:
    """The CSV's rows, its header as column keys."""
    assert response.status_code == 200, response.data
    text = response.data.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [keys_of(header, lang), *rows]


def xlsx_book(response: Any) -> Any:
    assert response.status_code == 200, response.data
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    return sheet


def xlsx_parts(response: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """(the title block's cells, the table's cells from its header row on): the table
    begins after the first empty row."""
    rows = [list(row) for row in xlsx_book(response).iter_rows()]
    blank = next(i for i, row in enumerate(rows) if all(c.value is None for c in row))
    return rows[:blank], rows[blank + 1 :]


def xlsx_table(response: Any, lang: str = "sv") -> list[list[Any]]:
    """The table's values, its header as column keys."""
    _, table = xlsx_parts(response)
    header, *rows = [[c.value for c in row] for row in table]
    return [keys_of(header, lang), *rows]
