"""Uploads are bounded: the body (MAX_CONTENT_LENGTH), an import's rows (MAX_IMPORT_ROWS)
and what an XLSX workbook unzips to (MAX_XLSX_UNCOMPRESSED, read from its zip directory
before it is parsed); each refusal is a problem document and writes nothing."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from werkzeug.test import TestResponse

from tests.api.conftest import Api, serving
from tests.conftest import STORES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "xl/worksheets/sheet1.xml"
ROWS = 3  # MAX_IMPORT_ROWS of the `limited` client
BODY = 16_384  # its MAX_CONTENT_LENGTH: a small workbook is 5 KB


@pytest.fixture(params=STORES)
def limited(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with serving(request.param, tmp_path, max_import_rows=ROWS, max_content_length=BODY) as api:
        yield api


def assert_problem(response: TestResponse, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    problem: dict[str, Any] = response.get_json()
    assert problem["status"] == status
    assert field in problem["errors"], problem
    return problem


def decision_rows(count: int, *, bad: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "record": "decision",
            "key": f"d{n}",
            "decided_on": "2024-02-30" if bad else "2024-01-01",
            "title": f"Beslut {n}",
            "decision_type": "registration",
        }
        for n in range(count)
    ]


def csv_of(rows: list[dict[str, Any]]) -> bytes:
    lines = ["record,key,decided_on,title,decision_type"]
    lines += [",".join(str(r[c]) for c in lines[0].split(",")) for r in rows]
    return "\n".join(lines).encode()


def plan_with_indicator(api: Api) -> tuple[str, str]:
    registration = api.decision()
    region = api.organ("Region", "region", registration)
    plan, _, indicator = api.plan_with_indicator(registration, region)
    return plan, indicator


def workbook(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator_id", "series", "value"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(book: bytes, member: str, edit: Any, *, extra: int = 0) -> bytes:
    """The workbook with one part's text edited, and `extra` empty parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = edit(data.decode()).encode()
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        for n in range(extra):
            target.writestr(f"xl/media/part{n}.bin", b"")
    return out.getvalue()


def claiming(book: bytes, member: str, size: int) -> bytes:
    """The workbook with its zip directory claiming that `member` unzips to `size` bytes:
    a few KB that a reader trusting the directory would take for a huge part."""
    data = bytearray(book)
    at = data.find(b"PK\x01\x02")  # a central directory entry
    while at != -1:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == member.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def post_values(api: Api, plan: str, body: bytes, kind: str) -> TestResponse:
    return api.client.post(f"/api/v1/plans/{plan}/periods/2024-T1/values", data=body,
                           content_type=kind)  # fmt: skip


def test_a_body_over_max_content_length_is_413_and_writes_nothing(limited: Api) -> None:
    before = limited.store_position()
    long_title = {"decided_on": "2024-01-01", "title": "x" * BODY, "decision_type": "registration"}
    problem = assert_problem(limited.post("/decisions", long_title), 413, "body")
    assert problem["title"] == "Body too large"
    assert f"{BODY:,} bytes" in problem["detail"]
    csv = limited.client.post("/api/v1/imports", data=b"x" * (BODY + 1), content_type="text/csv")
    assert_problem(csv, 413, "body")
    assert limited.store_position() == before
    assert limited.post("/decisions", {**long_title, "title": "Kort"}).status_code == 201


def test_an_import_of_more_than_max_import_rows_is_413_and_checks_no_row(limited: Api) -> None:
    assert limited.post("/imports?dry_run=true", {"rows": decision_rows(ROWS)}).status_code == 200
    problem = assert_problem(limited.post("/imports", {"rows": decision_rows(ROWS + 1)}), 413,
                             "rows")  # fmt: skip
    assert problem["title"] == "Too many rows"
    assert f"at most {ROWS}" in problem["detail"]
    as_csv = limited.client.post(
        "/api/v1/imports", data=csv_of(decision_rows(ROWS + 1)), content_type="text/csv"
    )
    assert_problem(as_csv, 413, "body")
    fits = limited.client.post(
        "/api/v1/imports", data=csv_of(decision_rows(ROWS)), content_type="text/csv"
    )
    assert fits.status_code == 201, fits.get_json()


def test_a_periods_values_of_more_than_max_import_rows_are_413(limited: Api) -> None:
    plan, indicator = plan_with_indicator(limited)
    before = limited.store_position()
    lines = ["indicator_id,series,value", *[f"{indicator},outcome,{n}" for n in range(ROWS + 1)]]
    as_csv = post_values(limited, plan, "\n".join(lines).encode(), "text/csv")
    assert assert_problem(as_csv, 413, "body")["title"] == "Too many rows"
    with_blank = "\n".join([*lines[:ROWS], "", lines[-1]]).encode()  # blank rows count too
    assert_problem(post_values(limited, plan, with_blank, "text/csv"), 413, "body")
    as_xlsx = workbook([[indicator, "outcome", n] for n in range(ROWS + 1)])
    too_many = assert_problem(post_values(limited, plan, as_xlsx, XLSX), 413, "body")
    assert too_many["title"] == "Too many rows"
    assert limited.store_position() == before
    fits = workbook([[indicator, "outcome", 7]])
    assert post_values(limited, plan, fits, XLSX).status_code == 201


def test_a_workbook_that_claims_to_unzip_past_the_limit_is_413_unparsed(api: Api) -> None:
    plan, indicator = plan_with_indicator(api)
    book = claiming(workbook([[indicator, "outcome", 7]]), SHEET, 4_000_000_000)
    assert len(book) < 10_000
    began = time.monotonic()
    problem = assert_problem(post_values(api, plan, book, XLSX), 413, "body")
    assert time.monotonic() - began < 2
    assert problem["title"] == "Workbook too large"
    assert "unzips to 4,000,0" in problem["detail"]
    assert "MAX_XLSX_UNCOMPRESSED" in problem["detail"]


def test_a_decompression_bomb_is_refused_by_its_ratio(api: Api) -> None:
    plan, indicator = plan_with_indicator(api)
    padding = " " * 2_000_000  # whitespace a parser would read through: 1,000 times smaller
    bomb = rewritten(
        workbook([[indicator, "outcome", 7]]),
        SHEET,
        lambda xml: xml.replace("</sheetData>", padding + "</sheetData>"),
    )
    assert len(bomb) < 20_000
    problem = assert_problem(post_values(api, plan, bomb, XLSX), 422, "body")
    assert "more than 100 times" in problem["detail"]
    parts = rewritten(workbook([[indicator, "outcome", 7]]), SHEET, str, extra=1_000)
    assert "parts" in assert_problem(post_values(api, plan, parts, XLSX), 422, "body")["detail"]


def test_a_sheet_numbering_a_row_past_the_limit_is_413(api: Api) -> None:
    plan, indicator = plan_with_indicator(api)

    def renumbered(xml: str) -> str:
        for ref in ("2", "A2", "B2", "C2"):
            xml = xml.replace(f' r="{ref}"', f' r="{ref[:-1]}1048576"')
        return xml

    far = rewritten(workbook([[indicator, "outcome", 7]]), SHEET, renumbered)
    assert b'<row r="1048576"' in zipfile.ZipFile(io.BytesIO(far)).read(SHEET)
    problem = assert_problem(post_values(api, plan, far, XLSX), 413, "body")
    assert problem["title"] == "Too many rows"


def test_a_sheet_claiming_every_column_is_read_in_little_memory(api: Api) -> None:
    plan, _ = plan_with_indicator(api)
    rows = 1_000
    wide = rewritten(
        workbook([["not-an-id"]] * rows),
        SHEET,
        lambda xml: xml.replace(f'ref="A1:C{rows + 1}"', f'ref="A1:XFD{rows + 1}"'),
    )
    assert f"A1:XFD{rows + 1}".encode() in zipfile.ZipFile(io.BytesIO(wide)).read(SHEET)
    tracemalloc.start()
    try:
        response = post_values(api, plan, wide, XLSX)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_problem(response, 422, "rows.1.indicator_id")
    # Each row padded to the 16,384 columns the sheet claims would take 130 MB.
    assert peak < 40_000_000, f"{peak:,} bytes for {rows:,} rows of one cell"


def test_a_refused_import_lists_the_first_100_rows_and_counts_them_all(api: Api) -> None:
    response = api.post("/imports", {"rows": decision_rows(150, bad=True)})
    problem = assert_problem(response, 422, "rows.1.decided_on")
    assert problem["rejected_count"] == 150
    assert [r["row"] for r in problem["rejected"]] == list(range(1, 101))
    assert len(problem["errors"]) == 100
    assert problem["detail"].startswith("150 of 150 rows rejected")
    plan, _ = plan_with_indicator(api)
    lines = ["indicator_id,series,value", *["not-an-id,outcome,1"] * 150]
    values = assert_problem(post_values(api, plan, "\n".join(lines).encode(), "text/csv"), 422,
                            "rows.100.indicator_id")  # fmt: skip
    assert (values["rejected_count"], len(values["rejected"])) == (150, 100)
    assert "rows.101.indicator_id" not in values["errors"]
