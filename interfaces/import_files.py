"""Reading import files: JSON (a list of row objects, or {"rows": [...]}) or CSV (a header
with `record` and the fields of the records it holds; `principals` separated by `;`).
A file of more rows than `max_rows` is refused before any row is checked."""

from __future__ import annotations

import json
from typing import Any

from interfaces.csv_text import MalformedRow, records
from interfaces.import_rows import FIELDS
from interfaces.upload_limits import TooManyRows

CSV_COLUMNS = sorted({"record", *(f for fields in FIELDS.values() for f in fields)})


class UnreadableFile(Exception):
    """The file is not JSON or CSV of import rows; nothing in it was looked at. `row` is
    the row that could not be read, when one could not."""

    def __init__(self, detail: str, *, row: int | None = None) -> None:
        super().__init__(detail)
        self.row = row


def rows_from_json(data: Any, max_rows: int) -> list[Any]:
    """The rows as sent: each is checked by the import, which refuses one that is no object."""
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise UnreadableFile('a JSON import is a list of rows, or an object {"rows": [...]}')
    if len(rows) > max_rows:
        raise TooManyRows(max_rows, "rows" if isinstance(data, dict) else "body")
    return rows


def rows_from_csv(text: str, max_rows: int) -> list[dict[str, Any]]:
    found: list[tuple[int, list[str]]] = []  # the header and the rows, blank lines skipped
    try:
        for entry in records(text):
            if not entry[1]:
                continue
            if len(found) > max_rows:  # the header and `max_rows` rows are in: one more
                raise TooManyRows(max_rows)
            found.append(entry)
    except MalformedRow as error:
        number = len(found)  # rows count from 1, the first after the header
        where = f"row {number}" if number else "the header row"
        detail = f"{where} is not CSV (from line {error.line}): {error.problem}"
        raise UnreadableFile(detail, row=number or None) from None
    header = found[0][1] if found else []
    if "record" not in header:
        raise UnreadableFile("a CSV import needs a header row with a `record` column")
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        raise UnreadableFile(f"unknown CSV columns: {', '.join(unknown)}")
    rows = []
    for number, (line, cells) in enumerate(found[1:], start=1):
        if len(cells) > len(header):
            raise UnreadableFile(
                f"row {number} (line {line}) has more cells than the header", row=number
            )
        # A cell left empty is no value; a record's columns that do not apply stay empty.
        rows.append({k: v for k, v in zip(header, cells, strict=False) if v != ""})
    return rows


def read_rows(name: str, content: bytes, max_rows: int) -> list[Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the file is not UTF-8 text") from None
    if name.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UnreadableFile(f"not valid JSON: {error}") from None
        except RecursionError:
            raise UnreadableFile("not valid JSON: nested too deeply") from None
        return rows_from_json(data, max_rows)
    if name.lower().endswith(".csv"):
        return rows_from_csv(text, max_rows)
    raise UnreadableFile("name the file .json or .csv")
