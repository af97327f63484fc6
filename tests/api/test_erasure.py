"""An erasure removes a person's personal data from every table that holds it, on every
kind of store: the register, the kept answers of `Idempotency-Key` requests, and nowhere
else (the events and projections never held it)."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import psycopg

from interfaces.registers.idempotency import Claimed
from tests.api.conftest import Api, serving
from tests.api.test_composition_over_http import appoint, setting_up
from tests.support import traces

NAME, TITLE = "Zelda Zorkmoid", "Ombudsperson Quuxley"
IMPORTED = "Ymir Yxkullsson"
KEPT = "Xerxes Xanthopoulos"
REASON = {"reason": "Begäran enligt GDPR art. 17"}


def test_erasure_leaves_the_name_in_no_table_of_either_store(api: Api, tmp_path: Path) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    key = {"Idempotency-Key": "register-1"}
    registered = api.post("/people", {"name": NAME, "title": TITLE}, headers=key)
    assert registered.status_code == 201, registered.get_json()
    zelda = registered.get_json()["id"]
    appoint(api, vvg, zelda, "2017-01-01", decision, role="secretary")
    seat = {
        "person_id": zelda,
        "role": "support",
        "effective_on": "2017-01-01",
        "decision_id": decision,
    }
    # In another organ: a person holds one seat per organ on any date.
    appointed = api.post(f"/organs/{region}/members", seat, headers={"Idempotency-Key": "seat-1"})
    assert appointed.status_code == 201, appointed.get_json()
    rows = [{"record": "person", "key": "ymir", "name": IMPORTED, "title": TITLE}]
    imported = api.post("/imports", {"rows": rows}, headers={"Idempotency-Key": "import-1"})
    assert imported.status_code == 201, imported.get_json()
    ymir = _person_of(api, IMPORTED)
    other = api.post("/people", {"name": KEPT}, headers={"Idempotency-Key": "register-2"})
    assert other.status_code == 201
    members = api.get(f"/organs/{vvg}/members", valid_at="2017-06-01").get_json()["members"]
    assert {m["person_name"] for m in members} == {NAME}

    everything = traces.tables(api.container)
    assert {"registers.personal_data", "registers.idempotency_keys"} <= everything
    assert {"g1.audit_events", "g1.seat_versions"} <= everything, "the live generation too"
    if api.container.settings.kind != "memory":
        events = getattr(api.container.app.recorder, "events_table_name", "")
        assert {f"store.{events}", "store.save_ends", "store.idempotency_claims"} <= everything
    # The bug: the kept answer of the registration held the name, and a replay sent it.
    assert traces.holding(api.container, NAME) == {
        "registers.personal_data",
        "registers.idempotency_keys",
    }
    assert traces.holding(api.container, IMPORTED) == {"registers.personal_data"}

    for person_id in (zelda, ymir):
        erased = api.post(f"/people/{person_id}/erasure", REASON)
        assert erased.status_code == 200, erased.get_json()

    for text in (NAME, TITLE, IMPORTED):
        assert traces.holding(api.container, text) == set(), text
    if api.container.settings.kind == "sqlite":  # not even in a free part of a page, or a log
        assert traces.files_holding(tmp_path, NAME) == []
        assert traces.files_holding(tmp_path, IMPORTED) == []
    # A retry of the registration still writes nothing, and no longer names the person.
    before = api.store_position()
    replayed = api.post("/people", {"name": NAME, "title": TITLE}, headers=key)
    assert replayed.status_code == 200, replayed.get_json()
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert NAME not in replayed.get_data(as_text=True)
    assert [e["aggregate_id"] for e in replayed.get_json()["events"]] == [zelda]
    assert api.store_position() == before
    # Answers that do not mention an erased person are kept as they were.
    again = api.post("/people", {"name": KEPT}, headers={"Idempotency-Key": "register-2"})
    assert (again.status_code, again.get_json()) == (201, other.get_json())


def test_an_erasure_on_postgresql_vacuums_the_registers(tmp_path: Path) -> None:
    with serving("postgresql", tmp_path) as api:
        person = api.created("/people", {"name": NAME})["id"]
        assert api.post(f"/people/{person}/erasure", REASON).status_code == 200
        settings = api.container.settings
        with psycopg.connect(settings.postgres_conninfo()) as connection:
            vacuumed = connection.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE schemaname = %s"
                " AND last_vacuum IS NOT NULL",
                (settings.projections_schema,),
            ).fetchall()
    # Its dead row versions, which hold the name, are gone from the pages (autovacuum is
    # off on this project's servers: without this nobody would remove them).
    assert {"personal_data", "idempotency_keys"} <= {name for (name,) in vacuumed}


def _person_of(api: Api, name: str) -> str:
    with api.container.registers.reading() as cursor:
        cursor.execute("SELECT person_id FROM personal_data WHERE name = ?", (name,))
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def test_an_answer_naming_a_person_erased_while_it_was_sent_is_not_kept(api: Api) -> None:
    person = api.created("/people", {"name": NAME})["id"]
    answers = api.container.idempotency
    claimed = answers.claim("local-user:late", "fingerprint")
    assert isinstance(claimed, Claimed)
    assert api.post(f"/people/{person}/erasure", REASON).status_code == 200
    # The registration's answer, made before the erasure, is kept only after it.
    body = json.dumps({"id": person, "name": NAME})
    answers.complete("local-user:late", "fingerprint", 201, body, "{}", naming=[UUID(person)])
    assert answers.answer("local-user:late") is None
    assert traces.holding(api.container, NAME) == set()
