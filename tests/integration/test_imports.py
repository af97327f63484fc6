"""Bulk import: every row checked first, all written in one save or none, twice is once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from application.imports import import_id
from application.organs import Amendment
from domain.organ_corrections import Correction
from domain.provenance import Provenance
from interfaces.bootstrap import Container
from interfaces.import_files import read_rows

BY = Provenance(actor="importer", correlation_id="import-test")
FILE = Path(__file__).parent.parent / "data" / "import_lisa_2016.json"


def rows() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(FILE.read_text(encoding="utf-8"))
    return loaded


def test_a_file_is_written_whole_and_importing_it_again_writes_nothing(
    container: Container,
) -> None:
    report = container.imports.run(rows(), BY)
    assert (report.committed, report.written, report.already, report.rejected) == (
        True,
        10,
        0,
        [],
    )
    assert report.position == container.app.last_position()
    position = container.follower.catch_up()
    vvg = import_id("vvg")
    with container.db.reading() as cursor:
        members = container.views.composition.members(cursor, vvg, date(2017, 6, 1), position)
        office = container.views.organs.detail(cursor, import_id("kk"), date(2017, 6, 1), position)
    assert [(m.person_name, m.presidium_role) for m in members] == [
        ("Karin Lindqvist", "chair"),
        ("Anders Bergström", None),
    ]
    assert office is not None
    assert office.parent is not None
    assert office.parent.organ_id == import_id("vgr")

    again = container.imports.run(rows(), BY)
    assert (again.committed, again.written, again.already) == (False, 0, 10)
    assert container.app.last_position() == position


def test_one_bad_row_rejects_the_file_and_every_bad_row_is_reported(
    container: Container,
) -> None:
    bad = rows()
    bad[3] = {**bad[3], "kind": "kingdom"}  # row 4
    bad[7] = {**bad[7], "name": " "}  # row 8: a person needs a name (row 10 seats them)
    bad[8] = {**bad[8], "effective_on": "2016-12-31"}  # row 9: before VVG exists
    bad.append({"record": "membership", "key": "s3", "organ": "vvg", "person": "nobody",
                "role": "member", "effective_on": "2017-01-01", "decision": "vgr-val"})  # fmt: skip
    bad.append({"record": "organ", "key": "vgr", "name": "Igen", "kind": "region",
                "effective_on": "1999-01-01", "decision": "reg-1998"})  # fmt: skip
    bad.append({"record": "committee", "key": "x"})
    report = container.imports.run(bad, BY)
    assert not report.committed
    assert [(r.row, r.key, r.field) for r in report.rejected] == [
        (4, "kk", "kind"),
        (8, "p2", "name"),
        (9, "s1", "effective_on"),
        (10, "s2", "person"),
        (11, "s3", "person"),
        (12, "vgr", "key"),
        (13, "x", "record"),
    ]
    assert "one of region, municipality" in report.rejected[0].detail
    assert container.app.last_position() == 0
    assert container.personal_data.get(import_id("p2")) is None


def test_a_paragraph_twice_in_one_file_is_refused(container: Container) -> None:
    twice = [
        *rows()[:2],
        {"record": "decision", "key": "a", "organ": "vgr", "decided_on": "2016-01-10",
         "paragraph": "§ 5", "title": "A", "decision_type": "meeting_decision"},
        {"record": "decision", "key": "b", "organ": "vgr", "decided_on": "2016-03-10",
         "paragraph": "5", "title": "B", "decision_type": "meeting_decision"},
    ]  # fmt: skip
    report = container.imports.run(twice, BY)
    assert [(r.row, r.field) for r in report.rejected] == [(4, "paragraph")]


def test_csv_rows_read_like_json_rows(container: Container) -> None:
    header = "record,key,name,kind,parent,principals,effective_on,decision,decided_on,title,"
    header += "decision_type"
    csv_text = "\n".join(
        [
            header,
            "decision,reg,,,,,,,1998-06-01,Registrering,registration",
            "organ,vgr,Västra Götalandsregionen,region,,,1999-01-01,reg,,,",
            "organ,vk,VästKom,external_party,,,1999-01-01,reg,,,",
            "organ,vvg,VVG,collaboration,,vgr;vk,2017-01-01,reg,,,",
        ]
    )
    parsed = read_rows("organs.csv", csv_text.encode(), container.settings.max_import_rows)
    assert parsed[3]["principals"] == "vgr;vk"
    report = container.imports.run(parsed, BY)
    assert report.committed, report.rejected
    position = container.follower.catch_up()
    with container.db.reading() as cursor:
        vvg = container.views.organs.detail(cursor, import_id("vvg"), date(2018, 1, 1), position)
    assert vvg is not None
    assert set(vvg.state.principal_ids) == {import_id("vgr"), import_id("vk")}


def test_a_dry_run_writes_nothing(container: Container) -> None:
    report = container.imports.run(rows(), BY, dry_run=True)
    assert (report.written, report.committed, report.rejected) == (10, False, [])
    assert container.app.last_position() == 0


def test_a_row_whose_key_is_held_with_other_content_is_refused_field_by_field(
    container: Container,
) -> None:
    assert container.imports.run(rows(), BY).committed
    position = container.app.last_position()
    changed = rows()
    changed[1] = {**changed[1], "name": "Region Väst", "effective_on": "1999-02-01"}
    changed[5] = {**changed[5], "paragraph": "§ 13"}
    changed[6] = {**changed[6], "title": None}
    changed[8] = {**changed[8], "presidium_role": None, "representing": "vastkom"}
    report = container.imports.run(changed, BY)
    assert not report.committed
    assert (report.written, report.already) == (0, 6)
    assert [(r.row, r.key, r.field) for r in report.rejected] == [
        (2, "vgr", "effective_on"),
        (2, "vgr", "name"),
        (6, "vgr-val", "paragraph"),
        (7, "p1", "title"),
        (9, "s1", "presidium_role"),
        (9, "s1", "representing"),
    ]
    assert report.rejected[1].detail == (
        "vgr is in the store with name 'Västra Götalandsregionen', not 'Region Väst'"
    )
    assert "with title 'Hälso- och sjukvårdsdirektör', not (none)" in report.rejected[3].detail
    assert container.app.last_position() == position


def test_an_erased_persons_row_imported_again_restores_nothing(container: Container) -> None:
    assert container.imports.run(rows(), BY).committed
    container.follower.catch_up()  # an erasure asks the seats whether p1 is elected
    container.people.erase(import_id("p1"), BY)
    again = container.imports.run(rows(), BY)
    assert (again.written, again.already, again.rejected) == (0, 10, [])
    assert container.personal_data.get(import_id("p1")) is None


def test_an_organ_row_is_compared_with_its_establishment_as_corrected(
    container: Container,
) -> None:
    assert container.imports.run(rows(), BY).committed
    fix = Correction(effective_on=date(2011, 1, 1), name="Koncernkontoret VGR")
    why = Provenance(BY.actor, BY.correlation_id, "fel grundningsdatum")
    container.follower.catch_up()  # the check reads the decisions and successions there
    container.organs.correct(import_id("kk"), 1, fix, Amendment(import_id("reg-1998"), why))
    position = container.app.last_position()
    original = container.imports.run(rows(), BY)
    assert [(r.key, r.field) for r in original.rejected] == [
        ("kk", "effective_on"),
        ("kk", "name"),
    ]
    corrected = [
        {**row, "name": "Koncernkontoret VGR", "effective_on": "2011-01-01"}
        if row.get("key") == "kk"
        else row
        for row in rows()
    ]
    again = container.imports.run(corrected, BY)
    assert (again.committed, again.written, again.rejected) == (False, 0, [])
    assert container.app.last_position() == position


def test_after_a_code_correction_the_corrected_row_is_there_and_the_original_differs(
    container: Container,
) -> None:
    original = rows()
    original[3] = {**original[3], "code": "KK-1"}  # row 4: Koncernkontoret, coded wrong
    assert container.imports.run(original, BY).committed
    why = Provenance(BY.actor, BY.correlation_id, "fel kod")
    container.follower.catch_up()
    fix = Correction(code="KK", code_given=True)
    container.organs.correct(import_id("kk"), 1, fix, Amendment(import_id("reg-1998"), why))
    position = container.app.last_position()
    again = container.imports.run(original, BY)
    assert [(r.key, r.field) for r in again.rejected] == [("kk", "code")]
    corrected = [{**row, "code": "KK"} if row.get("key") == "kk" else row for row in original]
    report = container.imports.run(corrected, BY)
    assert (report.committed, report.written, report.already, report.rejected) == (
        False,
        0,
        10,
        [],
    )
    assert container.app.last_position() == position
