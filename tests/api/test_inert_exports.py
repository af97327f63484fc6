"""No text in an export runs as a formula (OWASP CSV injection): titles, names, units,
comments, reasons and actors that begin like a formula are written with a leading
apostrophe, alike in CSV and XLSX, while numbers stay numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.plan_items import NewItem
from domain.plan_items import ItemKind, ItemState
from tests.api.conftest import Api, serving
from tests.api.test_plans_over_http import add_item, put, setting_up
from tests.builders import BY
from tests.conftest import STORES
from tests.support.sheets import csv_table, keys_of, xlsx_parts

TITLE = "=cmd|' /C calc'!A0"
ACTOR = "@actor"


def runnable(text: str) -> bool:
    """Whether a spreadsheet could take the text for a formula."""
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(("=", "+", "-", "@"))


def ok(response: Any) -> None:
    assert response.status_code in (200, 201), response.get_json()


def plan_with_formulas(api: Api) -> tuple[str, str]:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, TITLE)
    activity = add_item(api, plan, "@SUM(A1)", kind="activity", parent_id=area)
    measure = api.created(
        "/indicators",
        {"plan_item_id": area, "name": "+1", "unit": "-1", "direction": "higher_is_better",
         "periodicity": "tertial"},
    )["id"]  # fmt: skip
    facts = (
        (f"/indicators/{measure}/targets/2024-T1", {"value": 0, "decision_id": decision}),
        (f"/indicators/{measure}/assessments/2024-T1", {"status": "met", "comment": "\t=1+1"}),
        (f"/plans/{plan}/items/{activity}/follow-ups/2024-T1",
         {"status": "ongoing", "comment": "\r=1+1"}),
        (f"/plans/{plan}/items/{area}/assessments/2024-T1",
         {"status": "partly_met", "comment": "-1"}),
        (f"/indicators/{measure}/outcomes/2024-T1",
         {"value": Decimal("-131.6"), "comment": "=1+1"}),
        (f"/indicators/{measure}/outcomes/2024-T1",
         {"value": Decimal("-131.6"), "comment": "  =2+2", "reason": '=HYPERLINK("http://x")'}),
        (f"/indicators/{measure}/forecasts/2024-T3", {"value": -2, "reported_in": "2024-T1"}),
    )  # fmt: skip
    for path, body in facts:
        ok(put(api, path, body))
    return plan, str(measure)


def csv_rows(response: Any) -> list[list[str]]:
    """The CSV's rows, its header as column keys."""
    return csv_table(response)


def xlsx_cells(response: Any) -> list[list[Any]]:
    """The table's cells, its header row's values as column keys; no cell of the title
    block above it runs either."""
    title_block, table = xlsx_parts(response)
    for row in title_block:
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not isinstance(cell.value, str) or not runnable(cell.value), cell.value
    for cell, key in zip(table[0], keys_of([c.value for c in table[0]]), strict=True):
        cell.value = key
    return table


def assert_inert_and_alike(sheet: list[list[str]], book: list[list[Any]]) -> None:
    """No cell of either runs; the XLSX holds the CSV's texts and its numbers as numbers."""
    assert len(sheet) == len(book)
    for text_row, cell_row in zip(sheet, book, strict=True):
        for text, cell in zip(text_row, cell_row, strict=True):
            if isinstance(cell.value, datetime):  # both in UTC
                assert cell.value.strftime("%Y-%m-%d %H:%M:%S") == text
                continue
            assert cell.data_type != "f", cell.value
            assert not runnable(text) or _number(text) is not None, text
            if isinstance(cell.value, str):  # XML reads a carriage return as a line feed
                assert cell.value == text.replace("\r", "\n")
            elif cell.value is None:
                assert text == ""
            else:
                assert cell.data_type == "n"
                assert Decimal(repr(cell.value)) == _number(text), (cell.value, text)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


@pytest.mark.parametrize("kind", STORES)
def test_a_report_and_a_series_export_as_inert_text_and_numbers_stay_numbers(
    kind: str, tmp_path: Path
) -> None:
    with serving(kind, tmp_path, principal=ACTOR) as api:
        plan, measure = plan_with_formulas(api)
        report = f"/plans/{plan}/report/export"
        sheet = csv_rows(api.get(report, period="2024-T1"))
        book = xlsx_cells(api.get(report, period="2024-T1", format="xlsx"))
        series = f"/indicators/{measure}/export"
        series_sheet = csv_rows(api.get(series))
        series_book = xlsx_cells(api.get(series, format="xlsx"))

    assert_inert_and_alike(sheet, book)
    assert_inert_and_alike(series_sheet, series_book)
    header, area, activity = sheet
    row = dict(zip(header, area, strict=True))
    assert row["item"] == "'" + TITLE
    assert (row["indicator"], row["unit"]) == ("'+1", "'-1")
    assert (row["target"], row["outcome"], row["difference"]) == ("0", "-131.6", "-131.6")
    assert row["assessment_comment"] == "'\t=1+1"
    assert (row["outcome_comment"], row["forecast"]) == ("'  =2+2", "-2"), "a number stays one"
    assert row["item_assessment_comment"] == "'-1"
    activity_row = dict(zip(header, activity, strict=True))
    assert activity_row["item"] == "'  @SUM(A1)", "indented by depth, still inert"
    assert activity_row["follow_up_comment"] == "'\r=1+1"
    outcome = book[1][header.index("outcome")]
    assert (outcome.data_type, outcome.value) == ("n", -131.6)
    forecast = book[1][header.index("forecast")]
    assert (forecast.data_type, forecast.value) == ("n", -2)

    series_header, values = series_sheet
    entry = dict(zip(series_header, values, strict=True))
    assert (entry["outcome"], entry["comment"]) == ("-131.6", "'  =2+2")
    assert (entry["actor"], entry["reason"]) == ("'" + ACTOR, '\'=HYPERLINK("http://x")')
    assert series_book[1][series_header.index("outcome")].value == -131.6


def test_a_text_with_a_control_character_exports_as_xlsx(api: Api) -> None:
    plan, _, _ = setting_up(api)
    # Through the application, as a store written before the edge refused such text holds it.
    new = NewItem(ItemKind.FOCUS_AREA, ItemState("Före\x01efter", None, None, ()))
    written = api.container.plan_items.add(UUID(plan), new, date(2024, 1, 1), BY)
    api.position = written.position
    book = xlsx_cells(api.get(f"/plans/{plan}/report/export", period="2024-T1", format="xlsx"))
    assert book[1][0].value == "Före\ufffdefter", "XLSX cannot hold U+0001"
    sheet = csv_rows(api.get(f"/plans/{plan}/report/export", period="2024-T1"))
    assert sheet[1][0] == "Före\x01efter", "CSV can"
