"""`styrlogg grant give | revoke | list` and `token create --role`: grants given from the
console are events by LOCAL_ACTOR, and hold over HTTP at once."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from domain.grants import Role
from interfaces.bootstrap import bootstrap
from interfaces.cli import main
from interfaces.http.app import create_app
from interfaces.settings import Settings

GRANT_ID = re.compile(r"granted ([0-9a-f-]{36}) ")


def styrlogg(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def test_a_token_made_with_a_role_signs_in_with_it(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite", "LOCAL_ACTOR": "konsolen"}
    bare = styrlogg(env, "token", "create", "--principal", "utan-roll")
    assert bare.exit_code == 0, bare.output
    assert "holds no role today" in bare.output
    made = styrlogg(env, "token", "create", "--principal", "rapportjobb", "--role", "auditor")
    assert made.exit_code == 0, made.output
    assert "granted" in made.output
    assert "auditor" in made.output
    secret = made.output.strip().splitlines()[-1]
    again = styrlogg(env, "token", "create", "--principal", "rapportjobb", "--role", "auditor")
    assert "granted" not in again.output  # held already: no second grant
    container = bootstrap(Settings.from_env(env))
    try:
        client = create_app(container).test_client()
        signed = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/organs", headers=signed).status_code == 200
        refused = client.post("/api/v1/decisions", json={}, headers=signed)
        assert refused.status_code == 403
        (held,) = container.grants.held("rapportjobb", date.today())
        assert held.role is Role.AUDITOR
        feed = client.get("/api/v1/events", headers=signed).get_json()["events"]
        assert {e["data"]["actor"] for e in feed} == {"konsolen"}
    finally:
        container.close()


def test_grants_are_given_listed_and_revoked_from_the_console(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    given = styrlogg(env, "grant", "give", "--principal", "p", "--role", "registrar",
                     "--from", "2024-01-01", "--reason", "Delegationsordning")  # fmt: skip
    assert given.exit_code == 0, given.output
    (grant_id,) = GRANT_ID.findall(given.output)
    listed = styrlogg(env, "grant", "list", "--principal", "p", "--on", "2024-06-01")
    assert f"{grant_id} registrar from 2024-01-01" in listed.output
    refused = styrlogg(env, "grant", "give", "--principal", "p", "--role", "follow_up_officer")
    assert refused.exit_code == 1
    assert "organ_ids" in refused.output
    assert "nothing written" in refused.output
    held = styrlogg(env, "grant", "give", "--principal", "p", "--role", "registrar")
    assert held.exit_code == 1
    assert "holds registrar already" in held.output
    revoked = styrlogg(env, "grant", "revoke", "--principal", "p", grant_id, "--from", "2024-03-01")
    assert revoked.exit_code == 0, revoked.output
    assert "until 2024-03-01" in revoked.output
    assert styrlogg(env, "grant", "list", "--principal", "p", "--on", "2024-06-01").output == ""
    early = styrlogg(env, "grant", "list", "--principal", "p", "--on", "2024-02-01")
    assert grant_id in early.output


def test_correctors_is_refused_naming_what_replaces_it(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite", "CORRECTORS": "revisor"}
    refused = styrlogg(env, "init-db")
    assert refused.exit_code != 0
    assert "styrlogg grant give --principal P --role corrector" in refused.output
