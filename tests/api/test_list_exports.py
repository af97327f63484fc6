"""The lists as spreadsheets: every row of the JSON list (all its pages), in its order, in
both languages, as CSV and XLSX, at a past known_at too, cached as the JSON list is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import marshmallow as ma
import pytest

from interfaces.demo.loader import key_id, load_demo
from interfaces.http.schemas.assignments import (
    AssignmentExportArgsSchema,
    AssignmentListArgsSchema,
)
from interfaces.http.schemas.common import AsOfArgsSchema
from interfaces.http.schemas.composition import MembersExportArgsSchema
from interfaces.http.schemas.decisions import DecisionExportArgsSchema, DecisionListArgsSchema
from interfaces.http.schemas.organs import OrganExportArgsSchema, OrganListArgsSchema
from interfaces.list_sheets import (
    ASSIGNMENT_COLUMNS,
    DECISION_COLUMNS,
    MEMBER_COLUMNS,
    ORGAN_COLUMNS,
)
from interfaces.sheet_labels import VALUES, YES_NO
from tests.api.conftest import Api, serving
from tests.conftest import STORES
from tests.support.sheets import csv_table, xlsx_book, xlsx_parts, xlsx_table

VVG = str(key_id("vvg"))
DATES = {
    "valid_from", "valid_to", "started_on", "ended_on", "decided_on", "status_from",
    "status_to", "starts_on", "due_on",
}  # fmt: skip
WORDED = {
    "kind", "group_type", "governance_level", "role", "presidium_role", "decision_type",
    "decision_outcome", "status",
}  # fmt: skip
# (the JSON list, its export, the columns, where the JSON list has its items)
LISTS = [
    ("/organs", "/organs/export", ORGAN_COLUMNS, "items"),
    (f"/organs/{VVG}/members", f"/organs/{VVG}/members/export", MEMBER_COLUMNS, "members"),
    ("/decisions", "/decisions/export", DECISION_COLUMNS, "items"),
    ("/assignments", "/assignments/export", ASSIGNMENT_COLUMNS, "items"),
]


@pytest.fixture(scope="module", params=STORES)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo, and then one more organ, seat, decision and assignment: (client, the
    position before those)."""
    with serving(request.param, Path(tmp_path_factory.mktemp(request.param))) as api:
        load_demo(api.container)
        before = api.store_position()
        api.position = before
        decision = api.decision(organ_id=str(key_id("vgr")), decided_on="2018-01-10")
        api.organ(
            "Exportberedningen", "preparatory_committee", decision,
            parent_id=str(key_id("vgr")), effective_on="2018-01-15",
        )  # fmt: skip
        person = api.created("/people", {"name": "Ada Exportsson", "title": "Sekreterare"})["id"]
        api.created(
            f"/organs/{VVG}/members",
            {"person_id": person, "role": "secretary", "effective_on": "2018-01-15",
             "decision_id": decision},
        )  # fmt: skip
        api.created(
            "/assignments",
            {"decision_id": decision, "title": "Återrapportera exporten",
             "assignees": [{"organ_id": str(key_id("vgr"))}, {"person_id": person}],
             "due_on": "2018-06-30"},
        )  # fmt: skip
        yield api, before


def json_items(api: Api, path: str, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item of the JSON list, page after page (2 at a time, so that there are pages)."""
    if where == "members":
        return list(api.get(path, **params).get_json()["members"])
    items: list[dict[str, Any]] = []
    cursor: dict[str, Any] = {"limit": 2}
    while True:
        page = api.get(path, **params, **cursor).get_json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        cursor = {"limit": 2, "cursor": page["next_cursor"]}


def value_of(item: dict[str, Any], key: str) -> Any:
    """The JSON item's value for the sheet's column `key`."""
    if key == "decision_outcome":
        return item["outcome"]
    if key.startswith("assignee_"):
        held = "organ_id" if key == "assignee_organ_ids" else "person_id"
        return [a[held] for a in item["assignees"] if a.get(held)]
    return item[key]


def expected(item: dict[str, Any], columns: tuple[str, ...], lang: str, xlsx: bool) -> list[Any]:
    """The row a person reads for the item: words for the vocabulary, yes or no, dates as
    dates in a workbook; in a CSV every cell is text."""
    row: list[Any] = []
    for key in columns:
        value = value_of(item, key)
        if isinstance(value, list):
            value = ", ".join(value) or None
        if value is None:
            row.append(None if xlsx else "")
        elif isinstance(value, bool):
            row.append(YES_NO[lang][0 if value else 1])
        elif key in WORDED:
            row.append(VALUES[lang][value])
        elif key in DATES and xlsx:
            row.append(datetime.fromisoformat(value))
        else:
            row.append(value if xlsx else str(value))
    return row


@pytest.mark.parametrize(("path", "export", "columns", "where"), LISTS)
def test_each_list_exports_every_row_of_its_json_list(
    demo: tuple[Api, int], path: str, export: str, columns: tuple[str, ...], where: str
) -> None:
    api, before = demo
    for read in ({"valid_at": "2018-06-01"}, {"valid_at": "2018-06-01", "known_at": before}):
        items = json_items(api, path, where, read)
        assert len(items) > 2, (path, len(items))
        for lang in ("sv", "en"):
            rows = csv_table(api.get(export, **read, lang=lang), lang)
            assert rows[0] == list(columns)
            assert rows[1:] == [expected(i, columns, lang, xlsx=False) for i in items]
            table = xlsx_table(api.get(export, **read, lang=lang, format="xlsx"), lang)
            assert table[0] == list(columns)
            assert table[1:] == [expected(i, columns, lang, xlsx=True) for i in items]
    now, past = (json_items(api, path, where, {"valid_at": "2018-06-01", **k}) for k in
                 ({}, {"known_at": before}))  # fmt: skip
    assert len(now) == len(past) + 1, "the past known_at does not show what came after it"


@pytest.mark.parametrize(("path", "export", "columns", "where"), LISTS)
def test_an_export_is_cached_as_its_json_list_and_one_naming_people_never(
    demo: tuple[Api, int], path: str, export: str, columns: tuple[str, ...], where: str
) -> None:
    api, before = demo
    read = {"valid_at": "2018-06-01", "known_at": before}
    sent = api.get(export, **read).headers["Cache-Control"]
    assert sent == api.get(path, **read).headers["Cache-Control"]
    assert sent == (
        "private, no-store" if where == "members" else "public, max-age=31536000, immutable"
    )
    assert "attachment" in api.get(export, **read, format="xlsx").headers["Content-Disposition"]


def test_the_list_filters_apply_and_the_title_block_states_them(demo: tuple[Api, int]) -> None:
    api, before = demo
    read = {"valid_at": "2023-06-01", "known_at": before, "kind": "committee"}
    committees = json_items(api, "/organs", "items", read)
    assert committees
    assert {o["kind"] for o in committees} == {"committee"}
    rows = csv_table(api.get("/organs/export", **read))
    assert [r[0] for r in rows[1:]] == [o["name"] for o in committees]

    xlsx = api.get("/organs/export", **read, format="xlsx")
    title_block, table = xlsx_parts(xlsx)
    assert title_block[0][0].value == "Organ"
    about = {row[0].value: row[1].value for row in title_block[1:]}
    position = api.get("/organs", **read).get_json()["as_of"]["position"]
    assert about == {
        "Per dag": datetime(2023, 6, 1),
        "Som känt": str(before),
        "Position": position,
        "Urval": "kind=committee",
    }
    sheet = xlsx_book(xlsx)
    assert sheet.freeze_panes == f"A{table[0][0].row + 1}"
    assert all(cell.font.bold for cell in table[0])
    valid_from = table[1][ORGAN_COLUMNS.index("valid_from")]
    assert (type(valid_from.value), valid_from.number_format) == (datetime, "yyyy-mm-dd")

    members = api.get(
        f"/organs/{VVG}/members/export", valid_at="2018-06-01", format="xlsx", lang="en"
    )
    heading = xlsx_parts(members)[0][0][0].value
    assert heading == "Members and other seats: Vårdsamverkan Västra Götaland (VVG)"


@pytest.mark.parametrize("export", [e for _, e, _, _ in LISTS])
def test_an_export_takes_no_paging_and_refuses_what_the_list_refuses(
    demo: tuple[Api, int], export: str
) -> None:
    api, _ = demo
    for bad in ({"limit": 5}, {"cursor": "x"}, {"format": "pdf"}, {"lang": "de"},
                {"valid_at": "2018-13-01"}, {"nonsense": "1"}):  # fmt: skip
        answer = api.get(export, **bad)
        assert answer.status_code == 422, (bad, answer.data)
        assert answer.mimetype == "application/problem+json"
        assert set(answer.get_json()["errors"]) == set(bad)
    unknown = api.get("/organs/00000000-0000-4000-8000-000000000000/members/export")
    assert unknown.status_code == 404


def test_a_list_longer_than_max_export_rows_is_422_and_one_as_long_is_sent(tmp_path: Path) -> None:
    with serving("memory", tmp_path, max_export_rows=2) as api:
        decision = api.decision()
        for name in ("Ett", "Två"):
            api.organ(name, "region", decision)
        assert len(csv_table(api.get("/organs/export", valid_at="2020-01-01"))) == 3
        api.organ("Tre", "region", decision)
        refused = api.get("/organs/export", valid_at="2020-01-01")
        assert (refused.status_code, refused.mimetype) == (422, "application/problem+json")
        assert "MAX_EXPORT_ROWS" in refused.get_json()["detail"]
        assert api.get("/organs", valid_at="2020-01-01").status_code == 200


def test_a_name_that_begins_like_a_formula_exports_inert(tmp_path: Path) -> None:
    with serving("memory", tmp_path) as api:
        api.organ('=HYPERLINK("http://x")', "region", api.decision())
        rows = csv_table(api.get("/organs/export", valid_at="2020-01-01"))
        assert rows[1][0] == '\'=HYPERLINK("http://x")'
        table = xlsx_table(api.get("/organs/export", valid_at="2020-01-01", format="xlsx"))
        assert table[1][0] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("export", "listed"),
    [
        (OrganExportArgsSchema, OrganListArgsSchema),
        (MembersExportArgsSchema, AsOfArgsSchema),
        (DecisionExportArgsSchema, DecisionListArgsSchema),
        (AssignmentExportArgsSchema, AssignmentListArgsSchema),
    ],
)
def test_an_export_takes_every_argument_of_its_list_but_the_paging(
    export: type[ma.Schema], listed: type[ma.Schema]
) -> None:
    """A filter added to a list's arguments is an export's argument too."""
    assert issubclass(export, listed)
    paging = {"limit", "cursor"}
    assert set(export().fields) == (set(listed().fields) - paging) | {"format", "lang", "dialect"}
