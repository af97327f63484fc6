"""POST /imports: JSON or CSV, all or nothing, rejected rows in a problem document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.api.conftest import Api

FILE = Path(__file__).parent.parent / "data" / "import_lisa_2016.json"


def rows() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(FILE.read_text(encoding="utf-8"))
    return loaded


def test_json_rows_are_imported_once(api: Api) -> None:
    start = api.store_position()  # the tests' grants
    dry = api.post("/imports?dry_run=true", {"rows": rows()})
    assert dry.status_code == 200, dry.get_json()
    assert (dry.get_json()["written"], dry.get_json()["committed"]) == (10, False)
    assert api.store_position() == start

    done = api.post("/imports", {"rows": rows()})
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["position"] == api.store_position()
    tree = api.get("/organs/tree", valid_at="2017-06-01").get_json()["trees"]
    assert {t["name"] for t in tree} >= {"Västra Götalandsregionen", "VästKom"}

    again = api.post("/imports", {"rows": rows()})
    assert again.status_code == 200
    assert (again.get_json()["written"], again.get_json()["already"]) == (0, 10)

    renamed = rows()
    renamed[1] = {**renamed[1], "name": "Region Väst"}
    refused = api.post("/imports", {"rows": renamed})
    assert refused.status_code == 422, refused.get_json()
    assert list(refused.get_json()["errors"]) == ["rows.2.name"]
    assert api.store_position() == done.get_json()["position"]


def test_a_row_refused_for_two_fields_counts_as_one_row(api: Api) -> None:
    done = api.post("/imports", {"rows": rows()})
    assert done.status_code == 201, done.get_json()
    changed = rows()
    first = next(i for i, r in enumerate(changed) if "title" in r and r["record"] == "person")
    changed[first] = {**changed[first], "name": "Annat namn", "title": "Annan titel"}
    refused = api.post("/imports", {"rows": changed})
    assert refused.status_code == 422, refused.get_json()
    problem = refused.get_json()
    row = first + 1
    assert sorted(problem["errors"]) == [f"rows.{row}.name", f"rows.{row}.title"]
    assert problem["rejected_count"] == 2
    assert problem["rejected_rows"] == 1
    assert problem["detail"].startswith(f"1 of {len(changed)} rows rejected (2 refusals)")
    assert api.store_position() == done.get_json()["position"]


def test_rejected_rows_are_listed_and_nothing_is_written(api: Api) -> None:
    start = api.store_position()  # the tests' grants
    bad = rows()
    bad[4] = {**bad[4], "effective_on": "2017-02-30"}
    response = api.post("/imports", {"rows": bad})
    assert response.status_code == 422
    problem = response.get_json()
    assert response.content_type == "application/problem+json"
    assert problem["errors"]["rows.5.effective_on"]
    assert problem["rejected"][0]["row"] == 5
    assert api.store_position() == start


def test_csv_is_accepted_and_unreadable_bodies_are_422(api: Api) -> None:
    csv_text = (
        "record,key,name,kind,effective_on,decision,decided_on,title,decision_type\n"
        "decision,reg,,,,,1998-06-01,Registrering,registration\n"
        "organ,vgr,Västra Götalandsregionen,region,1999-01-01,reg,,,\n"
    )
    done = api.client.post("/api/v1/imports", data=csv_text.encode(), content_type="text/csv")
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["written"] == 2

    for body, kind in (
        ("key,name\nx,y\n", "text/csv"),
        ("record,colour\norgan,red\n", "text/csv"),
        ('{"rows": 3}', "application/json"),
    ):
        response = api.client.post("/api/v1/imports", data=body.encode(), content_type=kind)
        assert response.status_code == 422, (body, response.get_json())
        assert "body" in response.get_json()["errors"]
    assert (
        api.client.post("/api/v1/imports", data=b"x", content_type="text/plain").status_code == 400
    )
