"""A store written by an earlier release (0.1.0, 0.2.0) opens with this code, builds its
projections anew beside the old ones, and answers every pinned read as that release did:
0.2.0's store holds every variant of the follow-up facts that later code reads as events
of their own (domain/retired_events.py)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import simplejson as json
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from interfaces.bootstrap import Container, create_schemas
from interfaces.http.app import create_app
from interfaces.settings import Settings
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIXTURE = FIXTURES / "store-0.1.0"
RELEASES = sorted(p.name for p in FIXTURES.glob("store-*"))


def saved_answers(fixture: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(
        (fixture / "answers.json").read_text(encoding="utf-8"), use_decimal=True
    )["answers"]
    return loaded


def answers_of(container: Container, fixture: Path = FIXTURE) -> Iterator[tuple[Any, Any]]:
    """(that release's answer, this one's) to each read, both without what depends on the
    day the read is made: `valid_at` where the read left it to today, and days left; and
    this one's in that release's terms where an answer was changed on purpose since, with
    only the members that release answered (a member added since, such as a plan's
    `version`, is no answer that release gave)."""
    client = authorized(create_app(container))
    for saved in saved_answers(fixture):
        response = client.get(f"/api/v1{saved['path']}", query_string=saved["query"])
        assert response.status_code == 200, (saved["path"], response.get_json())
        answer = json.loads(response.get_data(as_text=True), use_decimal=True)
        today = "valid_at" not in saved["query"]
        then, now = without_today(saved["answer"], today), without_today(answer, today)
        if release_of(fixture) < ANSWERING_AS_NOW:
            then, now = in_release_terms(saved["path"], then, now)
        yield then, members_of(now, then)


ANSWERING_AS_NOW = (0, 4, 0)
"""The first release whose report and report changes answer as this one's do (issue 16)."""


def release_of(fixture: Path) -> tuple[int, ...]:
    """(0, 3, 0) for the fixture store `store-0.3.0`."""
    return tuple(int(part) for part in fixture.name.removeprefix("store-").split("."))


ADDED_TO_REPORT_FIGURES = ("targets", "outcomes", "forecasts")
"""Issue 16: what each indicator in a report (`/plans/{id}/report`) gained, the values its
figures are made of and the forecasts made in the period, each with who recorded it; every
field a release answered keeps its name and value."""
RELEASED_CHANGE_FIELDS = (
    "what", "id", "title", "submitted", "now", "actor", "reason", "position", "recorded_at",
)  # fmt: skip


def in_release_terms(path: str, saved: Any, answer: Any) -> tuple[Any, Any]:
    """(saved, answer), with this release's answer to a read whose answer changed on
    purpose since the releases (issue 16) put in the terms those releases answered in.

    Nothing else is relaxed: every other read, and every other field of these, must equal
    what the release answered."""
    if path.endswith("/report"):
        for item in answer["items"]:
            for figure in item["indicators"]:
                for name in ADDED_TO_REPORT_FIGURES:
                    del figure[name]  # KeyError if it is not there
    elif path.endswith("/report/changes"):
        # The releases listed, per figure, the last fact recorded after the submission and
        # only if the figure then differed from the one submitted, in the report's item
        # order; this one lists every such fact by position. The release's list is this
        # one's reduced by that rule (for figures of one period each, as every pinned
        # report's are), and neither list's order is the other's, so both go by position.
        submitted, reached = answer["submitted_position"], answer["as_of"]["position"]
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for change in answer["changes"]:
            assert submitted < change["position"] <= reached, change
            if change["what"] != "forecast":  # the releases listed no forecasts
                last[(change["what"], change["id"])] = change
        answer["changes"] = by_position(
            {name: change[name] for name in RELEASED_CHANGE_FIELDS}
            for change in last.values()
            if change["submitted"] != change["now"]
        )
        saved["changes"] = by_position(saved["changes"])
    return saved, answer


def by_position(changes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(changes, key=lambda change: (change["position"], change["what"], change["id"]))


def members_of(answer: Any, then: Any) -> Any:
    """`answer` with, in each object, only the members `then` has (and all of its own
    where `then` is no object of the same shape, so that any other difference remains)."""
    if isinstance(answer, dict) and isinstance(then, dict):
        return {k: members_of(v, then[k]) for k, v in answer.items() if k in then}
    if isinstance(answer, list) and isinstance(then, list) and len(answer) == len(then):
        return [members_of(a, t) for a, t in zip(answer, then, strict=True)]
    return answer


def without_today(answer: Any, today: bool) -> Any:
    if isinstance(answer, dict):
        kept = {k: without_today(v, today) for k, v in answer.items() if k != "days_left"}
        if today and isinstance(kept.get("as_of"), dict):
            kept["as_of"].pop("valid_at", None)
        return kept
    if isinstance(answer, list):
        return [without_today(v, today) for v in answer]
    return answer


def test_the_release_store_is_read_as_that_release_answered(tmp_path: Path) -> None:
    for name in ("store.sqlite", "store-projections.sqlite"):
        shutil.copyfile(FIXTURE / name, tmp_path / name)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    with opened(settings) as container:
        assert container.follower.generations.live().number == 0  # the release's own
        client = authorized(create_app(container))
        before = client.get("/api/v1/organs/tree", query_string={"valid_at": "2020-01-01"})
        assert before.status_code == 503, before.get_json()  # its tables are of version 0
        container.follower.catch_up()
        assert container.follower.generations.live().number == 1
        for saved, answer in answers_of(container):
            assert answer == saved


def test_only_members_added_since_the_release_are_left_out_of_the_comparison() -> None:
    then = {"a": 1, "items": [{"b": 2}], "c": None}
    assert members_of({"a": 1, "items": [{"b": 2, "new": 3}], "c": None, "d": 4}, then) == then
    assert members_of({"a": 1, "items": [{"b": 2}]}, then) != then  # `c` is missing
    assert members_of({"a": 1, "items": [{"b": 5}], "c": None}, then) != then
    assert members_of({"a": 1, "items": [{"b": 2}, {"b": 2}], "c": None}, then) != then


def test_every_release_fixture_is_a_store_with_answers() -> None:
    assert RELEASES == ["store-0.1.0", "store-0.2.0", "store-0.3.0", "store-0.4.0"]


@pytest.mark.parametrize("release", RELEASES)
def test_a_release_store_is_rebuilt_beside_its_projections_and_answers_as_it_did(
    tmp_path: Path, release: str
) -> None:
    fixture = FIXTURES / release
    for path in fixture.glob("*.sqlite"):  # the store, registers and any generation's file
        shutil.copyfile(path, tmp_path / path.name)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    with opened(settings) as container:
        before = container.follower.generations.live().number
        container.follower.catch_up()
        assert container.follower.generations.live().number > before  # rebuilt beside
        answers = list(answers_of(container, fixture))
    assert len(answers) >= 29
    for saved, answer in answers:
        assert answer == saved


def test_a_live_generation_whose_file_was_lost_is_built_anew_and_answers_as_before(
    tmp_path: Path,
) -> None:
    fixture = FIXTURES / "store-0.2.0"
    for name in ("store.sqlite", "store-projections.sqlite"):  # not its generation's file
        shutil.copyfile(fixture / name, tmp_path / name)
    assert (fixture / "store-projections-g1.sqlite").exists()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    with opened(settings) as container:
        assert container.follower.generations.live().number == 1
        container.follower.catch_up()
        assert container.follower.generations.live().number == 2
        for saved, answer in answers_of(container, fixture):
            assert answer == saved
        assert container.follower.catch_up() == container.app.last_position()


def test_the_changes_since_a_submission_list_the_correction_that_release_hid(
    tmp_path: Path,
) -> None:
    """0.2.0's store corrected 2024-T2's outcome 61 → 59 after the submission, and after the
    lock 59 → 60: that release listed only 61 → 60, as the last fact; now both facts."""
    fixture = FIXTURES / "store-0.2.0"
    for path in fixture.glob("*.sqlite"):
        shutil.copyfile(path, tmp_path / path.name)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    with opened(settings) as container:
        container.follower.catch_up()
        client = authorized(create_app(container))
        response = client.get(
            "/api/v1/plans/1dfa8171-83d6-5c86-a50d-5f9edb70a9db/report/changes",
            query_string={"period": "2024-T2", "known_at": "350"},
        )
    assert response.status_code == 200, response.get_json()
    changes = json.loads(response.get_data(as_text=True), use_decimal=True)["changes"]
    assert [
        (c["position"], c["before"]["value"], c["after"]["value"], c["submitted"], c["now"])
        for c in changes
    ] == [(314, 61, 59, 61, 60), (350, 59, 60, 61, 60)]
    assert [c["reason"] for c in changes] == [
        "Rättad efter ny dataleverans",
        "Fixture: rättat efter låsning",
    ]


def copy_store_into_postgresql(settings: Settings, fixture: Path = FIXTURE) -> None:
    """The release's events as its PostgreSQL store would hold them: 0.1.0's as the
    library's own recorder wrote them, without save ends; later ones with theirs."""
    create_schemas(settings)
    env = settings.store_env() | {"PERSISTENCE_MODULE": "eventsourcing.postgres"}
    factory = PostgresFactory(Environment("styrlogg", env))
    recorder = factory.application_recorder()
    with sqlite3.connect(fixture / "store.sqlite") as store:
        rows = store.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events"
            " ORDER BY rowid"
        ).fetchall()
    for originator_id, version, topic, state in rows:
        recorder.insert_events([StoredEvent(UUID(originator_id), version, topic, state)])
    with sqlite3.connect(fixture / "store.sqlite") as store:
        kept = store.execute("SELECT name FROM sqlite_master WHERE name = 'save_ends'").fetchall()
        ends = store.execute("SELECT * FROM save_ends ORDER BY position").fetchall() if kept else []
    if kept:  # a release from 0.2.0 on kept save ends beside the events, as ours does
        with factory.datastore.transaction(commit=True) as curs:
            table = SQL("{}.save_ends").format(Identifier(factory.datastore.schema))
            curs.execute(
                SQL(
                    "CREATE TABLE {} (position bigint PRIMARY KEY, recorded_at bigint NOT NULL,"
                    " save_id uuid)"
                ).format(table)
            )
            curs.executemany(
                SQL("INSERT INTO {} VALUES (%s, %s, %s)").format(table),
                [(p, at, UUID(bytes=s) if s else None) for p, at, s in ends],
            )
    factory.close()


@pytest.mark.parametrize("release", RELEASES)
def test_the_release_store_on_postgresql_is_read_as_that_release_answered(
    tmp_path: Path, release: str
) -> None:
    fixture = FIXTURES / release
    settings = store_settings("postgresql", tmp_path)
    copy_store_into_postgresql(settings, fixture)
    with opened(settings) as container:
        with sqlite3.connect(fixture / "store-projections.sqlite") as projections:
            people = projections.execute("SELECT * FROM personal_data").fetchall()
        with container.follower.generations.registers.transaction() as cursor:
            cursor.executemany(
                "INSERT INTO personal_data (person_id, name, title, employer_organ_id)"
                " VALUES (?, ?, ?, ?)",
                people,
            )
        container.follower.catch_up()
        for saved, answer in answers_of(container, fixture):
            assert answer == saved


def test_the_release_projections_are_dropped_a_while_after_the_new_ones_took_over(
    tmp_path: Path,
) -> None:
    for name in ("store.sqlite", "store-projections.sqlite"):
        shutil.copyfile(FIXTURE / name, tmp_path / name)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    with opened(settings) as container:
        container.follower.catch_up()
        generations = container.follower.generations
        tables = generations.registers.table_names
        assert "organ_versions" in tables()  # kept while reads may still use them
        assert generations.drop_retired(container.follower.projections, older_than=0) == [0]
        assert "organ_versions" not in tables()
        assert {"personal_data", "idempotency_keys"} <= set(tables())
        assert [g.state for g in generations.all()] == ["dropped", "live"]
