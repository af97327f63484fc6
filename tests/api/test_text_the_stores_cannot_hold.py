"""Text that a store cannot hold (NUL, lone surrogates, control characters in one-line
fields) is refused at the edge with 422 naming the field, on every store alike; line breaks
stay welcome where text runs over lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from marshmallow import Schema, fields

from interfaces.http.app import create_app
from interfaces.http.schemas.common import Line
from tests.api.conftest import REGISTRATION, Api
from tests.conftest import opened, store_settings

NO_STORE_HOLDS = {"nul": "a\x00b", "lone_surrogate": "\ud800x", "control": "a\x07b"}


@dataclass(frozen=True)
class World:
    decision: str
    region: str
    person: str
    plan: str
    item: str
    indicator: str
    assignment: str


def setting_up(api: Api) -> World:
    decision = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", decision)
    person = api.created("/people", {"name": "Anna Berg"})["id"]
    plan, item, indicator = api.plan_with_indicator(decision, region)
    assignment = api.created(
        "/assignments",
        {"decision_id": decision, "title": "Uppdrag", "assignees": [{"organ_id": region}],
         "effective_on": "2020-01-01"},
    )["id"]  # fmt: skip
    return World(decision, region, person, plan, item, indicator, assignment)


Write = Callable[[World, str], tuple[str, str, dict[str, Any], str]]
"""(method, path, body, the field named in the answer) for a text."""


def change(w: World) -> dict[str, Any]:
    return {"effective_on": "2020-01-01", "decision_id": w.decision}


def organ(w: World, **text: str) -> dict[str, Any]:
    return {"name": "Nämnd", "kind": "committee", "parent_id": w.region, **change(w), **text}


def mandate(w: World, **text: Any) -> dict[str, Any]:
    return {"mandate_type": "mandate_document", **change(w), **text}


ONE_LINE: dict[str, Write] = {
    "organ name": lambda w, t: ("POST", "/organs", organ(w, name=t), "name"),
    "organ code": lambda w, t: ("POST", "/organs", organ(w, code=t), "code"),
    "new name": lambda w, t: (
        "POST", f"/organs/{w.region}/renamings", {"name": t, **change(w)}, "name",
    ),
    "person name": lambda w, t: ("POST", "/people", {"name": t}, "name"),
    "person title": lambda w, t: ("POST", "/people", {"name": "Bo", "title": t}, "title"),
    "decision title": lambda w, t: ("POST", "/decisions", {**REGISTRATION, "title": t}, "title"),
    "case number": lambda w, t: (
        "POST", "/decisions", {**REGISTRATION, "case_number": t}, "case_number",
    ),
    "paragraph": lambda w, t: (
        "POST", "/decisions", {**REGISTRATION, "paragraph": t}, "paragraph",
    ),
    "assignment title": lambda w, t: (
        "POST", "/assignments",
        {"decision_id": w.decision, "title": t, "assignees": [{"organ_id": w.region}],
         "effective_on": "2020-01-01"}, "title",
    ),
    "plan name": lambda w, t: (
        "POST", f"/plans/{w.plan}/revisions",
        {"name": t, "valid_from": "2024-01-01", "effective_on": "2024-06-01",
         "decision_id": w.decision}, "name",
    ),
    "item title": lambda w, t: (
        "POST", f"/plans/{w.plan}/items",
        {"kind": "goal", "title": t, "effective_on": "2024-01-01"}, "title",
    ),
    "indicator unit": lambda w, t: (
        "POST", "/indicators",
        {"plan_item_id": w.item, "name": "Antal", "unit": t, "direction": "higher_is_better",
         "periodicity": "year"}, "unit",
    ),
    "party": lambda w, t: (
        "POST", f"/organs/{w.region}/members",
        {"person_id": w.person, "role": "member", "political_party": t, **change(w)},
        "political_party",
    ),
    "mandate position": lambda w, t: (
        "PUT", f"/organs/{w.region}/mandate", mandate(w, commissioner={"title": t}),
        "commissioner.title",
    ),
}  # fmt: skip

MULTI_LINE: dict[str, Write] = {
    "outcome comment": lambda w, t: (
        "PUT", f"/indicators/{w.indicator}/outcomes/2024-T1", {"value": 3, "comment": t},
        "comment",
    ),
    "decision summary": lambda w, t: (
        "POST", "/decisions", {**REGISTRATION, "summary": t}, "summary",
    ),
    "reason": lambda w, t: (
        "POST", f"/organs/{w.region}/renamings", {"name": "Regionen", "reason": t, **change(w)},
        "reason",
    ),
    "report text": lambda w, t: (
        "POST", f"/assignments/{w.assignment}/reports", {"text": t, "reported_on": "2024-05-01"},
        "text",
    ),
    "follow-up comment": lambda w, t: (
        "PUT", f"/plans/{w.plan}/items/{w.item}/follow-ups/2024-T1",
        {"status": "ongoing", "comment": t}, "comment",
    ),
    "mandate purpose": lambda w, t: (
        "PUT", f"/organs/{w.region}/mandate", mandate(w, purpose=t), "purpose",
    ),
    "mandate task": lambda w, t: (
        "PUT", f"/organs/{w.region}/mandate",
        mandate(w, tasks=["Bereda", t], effective_on="2021-01-01"), "tasks.1",
    ),
}  # fmt: skip


def send(api: Api, write: Write, world: World, text: str) -> tuple[Any, str]:
    method, path, body, field = write(world, text)
    response = api.client.open(f"/api/v1{path}", method=method, json=body)
    if response.status_code < 300:
        api.position = max(api.position, response.get_json()["position"] or 0)
    return response, field


@pytest.mark.parametrize("text", NO_STORE_HOLDS.values(), ids=NO_STORE_HOLDS.keys())
def test_text_no_store_can_hold_is_422_naming_the_field_and_writes_nothing(
    api: Api, text: str
) -> None:
    world = setting_up(api)
    before = api.store_position()
    for what, write in {**ONE_LINE, **MULTI_LINE}.items():
        response, field = send(api, write, world, text)
        assert response.status_code == 422, (what, response.get_json())
        assert response.mimetype == "application/problem+json"
        assert list(response.get_json()["errors"]) == [field], what
    assert api.store_position() == before
    # Nothing reached the projections that they could not take: every one is at the store.
    assert api.container.follower.catch_up() == before
    assert api.client.get("/api/v1/readyz").status_code == 200
    assert set(api.get("/health").get_json()["projections"].values()) == {before}


def test_line_breaks_are_refused_in_one_line_fields_and_kept_in_others(api: Api) -> None:
    world = setting_up(api)
    for what, write in ONE_LINE.items():
        response, field = send(api, write, world, "första\nandra")
        assert response.status_code == 422, what
        assert list(response.get_json()["errors"]) == [field], what
    for what, write in MULTI_LINE.items():
        response, _ = send(api, write, world, "första raden\r\n\tandra raden")
        assert response.status_code in (200, 201), (what, response.get_json())
    series = api.get(f"/indicators/{world.indicator}").get_json()["series"]
    assert series[0]["outcome"]["comment"] == "första raden\r\n\tandra raden"


def test_import_rows_with_text_no_store_can_hold_are_rejected_by_row_and_field(
    api: Api,
) -> None:
    start = api.store_position()  # the tests' grants
    rows = [
        {"record": "decision", "key": "reg", "decided_on": "1998-06-01", "title": "Reg",
         "decision_type": "registration", "summary": "Rad ett\nrad två"},
        {"record": "organ", "key": "vgr", "name": "Region\x00", "kind": "region",
         "effective_on": "1999-01-01", "decision": "reg"},
        {"record": "person", "key": "anna", "name": "Anna \ud800"},
        {"record": "decision", "key": "d\x07", "decided_on": "1998-06-01", "title": "Reg",
         "decision_type": "registration"},
        {"record": "organ", "key": "vk", "name": "VästKom", "kind": "collaboration",
         "principals": ["reg", "v\ud800"], "effective_on": "1999-01-01", "decision": "reg"},
    ]  # fmt: skip
    response = api.post("/imports", {"rows": rows})
    assert response.status_code == 422, response.get_json()
    assert sorted(response.get_json()["errors"]) == [
        "rows.2.name", "rows.3.name", "rows.4.key", "rows.5.principals",
    ]  # fmt: skip
    csv_text = (
        "record,key,name,kind,effective_on,decision,decided_on,title,decision_type\n"
        "decision,reg,,,,,1998-06-01,Registrering,registration\n"
        "organ,vgr,Region\x00,region,1999-01-01,reg,,,\n"
    )
    sent = api.client.post("/api/v1/imports", data=csv_text.encode(), content_type="text/csv")
    assert sent.status_code == 422, sent.get_json()
    assert list(sent.get_json()["errors"]) == ["rows.2.name"]
    assert api.store_position() == start


def test_a_periods_values_sheet_with_text_no_store_can_hold_is_refused(api: Api) -> None:
    world = setting_up(api)
    before = api.store_position()
    sheet = (
        "indicator_id;series;value;comment;reason\n"
        f"{world.indicator};outcome;1;Bra\x00;\n"
        f'{world.indicator};outcome;2;"Rad ett\nrad två";\n'
        f"{world.indicator};outcome;3;;Fel\x1b\n"
    )
    path = f"/api/v1/plans/{world.plan}/periods/2024-T1/values"
    response = api.client.post(path, data=sheet.encode(), content_type="text/csv")
    assert response.status_code == 422, response.get_json()
    assert [(r["row"], r["field"]) for r in response.get_json()["rejected"]] == [
        (1, "comment"), (3, "reason"),
    ]  # fmt: skip
    # A lone surrogate cannot even be sent as UTF-8: the body is refused whole.
    surrogate = f"indicator_id;value;comment\n{world.indicator};1;\ud800\n"
    response = api.client.post(
        path, data=surrogate.encode("utf-8", "surrogatepass"), content_type="text/csv"
    )
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["body"]
    assert api.store_position() == before


def test_query_text_with_nul_never_reaches_the_database(api: Api) -> None:
    world = setting_up(api)
    for path, params, field in (
        ("/organs", {"q": "reg\x00ion"}, "q"),
        ("/organs", {"cursor": "\x00"}, "cursor"),
        (f"/plans/{world.plan}/report", {"period": "2024-T1\x00"}, "period"),
    ):
        response = api.get(path, **params)
        assert response.status_code == 422, (path, response.get_json())
        assert list(response.get_json()["errors"]) == [field]


def test_every_string_an_input_schema_takes_is_checked_text(tmp_path: Path) -> None:
    with opened(store_settings("memory", tmp_path)) as container:
        app = create_app(container)
    unchecked = []
    for endpoint, view in app.view_functions.items():
        view_class = getattr(view, "view_class", None)
        for method in getattr(view_class, "methods", None) or ():
            apidoc = getattr(getattr(view_class, method.lower()), "_apidoc", {})
            for parameter in apidoc.get("arguments", {}).get("parameters", []):
                schema = parameter["schema"]
                schema = schema() if isinstance(schema, type) else schema
                unchecked += [f"{endpoint} {method} {name}" for name in plain_strings(schema)]
    assert unchecked == []
    assert len(app.view_functions) > 40  # the walk saw the API


def plain_strings(schema: Schema, prefix: str = "") -> list[str]:
    """Names of the string fields, nested ones too, that are not checked text."""
    found = []
    for name, field in schema.fields.items():
        inner: Any = field
        while isinstance(inner, fields.List):
            inner = inner.inner
        if isinstance(inner, fields.Nested):
            nested = inner.schema
            found += plain_strings(nested, f"{prefix}{name}.")
        elif isinstance(inner, fields.String) and not isinstance(inner, fields.UUID | Line):
            found.append(prefix + name)
    return found
