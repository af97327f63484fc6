"""Erasure on request stops at public records: an elected member of a political organ is
named in its decisions, and is erased only by scheduled deletion (gallring) once the
information management plan's time has run; an official in a working group is erased on
request."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.people import scheduled_deletion
from domain.provenance import Provenance
from interfaces.cli import main
from tests.api.conftest import Api, serving
from tests.api.test_composition_over_http import appoint, person
from tests.conftest import STORES

REASON = {"reason": "Begäran enligt GDPR art. 17"}


def committee_and_group(api: Api) -> tuple[str, str, str]:
    decision = api.decision()
    region = api.organ("Region", "region", decision)
    committee = api.organ("Hälso- och sjukvårdsnämnden", "committee", decision, parent_id=region)
    group = api.organ(
        "Funktionsgrupp", "group", decision, parent_id=region, group_type="function_group"
    )
    return committee, group, decision


@pytest.mark.parametrize("kind", STORES)
def test_an_elected_member_is_erased_only_by_scheduled_deletion(kind: str, tmp_path: Path) -> None:
    with serving(kind, tmp_path) as api:
        committee, group, decision = committee_and_group(api)
        elected = person(api, "Eva Ledamot")
        official = person(api, "Olle Tjänsteperson")
        secretary = person(api, "Sara Sekreterare")
        seat = appoint(api, committee, elected, "2019-01-01", decision)
        appoint(api, group, official, "2019-01-01", decision)
        appoint(api, committee, secretary, "2019-01-01", decision, role="secretary")
        before = api.store_position()
        refused = api.post(f"/people/{elected}/erasure", REASON)
        assert refused.status_code == 409, refused.get_json()
        problem = refused.get_json()
        assert problem["type"] == "urn:styrlogg:problem:public-record"
        assert committee in problem["detail"]
        assert "gallring" in problem["detail"]
        assert api.store_position() == before
        assert api.get(f"/people/{elected}").get_json()["name"] == "Eva Ledamot"
        for erasable in (official, secretary):
            erased = api.post(f"/people/{erasable}/erasure", REASON)
            assert erased.status_code == 200, erased.get_json()

        by = Provenance("arkivarie", reason="Gallring")
        people = api.container.people
        assert scheduled_deletion(people, date.today(), by).erased == []  # sits still
        ended = api.post(
            f"/organs/{committee}/members/{seat}/end",
            {"effective_on": "2022-10-15", "decision_id": decision},
        )
        assert ended.status_code == 200, ended.get_json()
        api.container.follower.catch_up()
        assert scheduled_deletion(people, date(2022, 10, 14), by).erased == []  # not yet
        due = scheduled_deletion(people, date(2030, 1, 1), by, dry_run=True)
        assert [str(p) for p in due.erased] == [elected]
        assert api.get(f"/people/{elected}").get_json()["erased"] is False  # a dry run
        done = scheduled_deletion(people, date(2030, 1, 1), by)
        assert [str(p) for p in done.erased] == [elected]
        api.position = api.store_position()
        assert api.get(f"/people/{elected}").get_json()["erased"] is True
        again = scheduled_deletion(people, date(2030, 1, 1), by)
        assert (again.erased, again.already) == ([], 1)


def test_gallring_from_the_console(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    runner = CliRunner()
    assert runner.invoke(main, ["init-db"], env=env).exit_code == 0
    done = runner.invoke(main, ["gallring", "--before", "2020-01-01", "--dry-run"], env=env)
    assert done.exit_code == 0, done.output
    assert "0 due; 0 erased before" in done.output
    bad = runner.invoke(main, ["gallring", "--before", "igår"], env=env)
    assert bad.exit_code == 2
    assert "--before" in bad.output
