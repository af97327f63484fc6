"""`styrlogg token create | list | revoke`: the secret shown once and kept only as its
hash, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from interfaces.bootstrap import projections_database
from interfaces.cli import main
from interfaces.settings import Settings
from tests.conftest import POSTGRES_URL, drop_postgres_schemas, new_postgres_schema

SECRET = re.compile(r"styrlogg_[A-Za-z0-9_-]{43}")


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
        return
    schema = new_postgres_schema()
    try:
        yield {"DATABASE_URL": POSTGRES_URL, "POSTGRES_SCHEMA": schema}
    finally:
        drop_postgres_schemas(schema, f"{schema}_projections")


def styrlogg(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def register_rows(env: dict[str, str]) -> list[tuple[object, ...]]:
    db = projections_database(Settings.from_env(env))
    try:
        with db.reading() as cursor:
            cursor.execute("SELECT * FROM api_tokens")
            return cursor.fetchall()
    finally:
        db.close()


def test_a_token_is_made_listed_and_revoked_and_its_secret_never_kept(
    env: dict[str, str],
) -> None:
    made = styrlogg(env, "token", "create", "--principal", "reporting-job", "--label", "natt")
    assert made.exit_code == 0, made.output
    (secret,) = SECRET.findall(made.output)
    token_id = UUID(re.findall(r"token ([0-9a-f-]{36}) for reporting-job", made.output)[0])
    assert "expires" in made.output
    quiet = styrlogg(env, "token", "create", "--principal", "demo", "--quiet",
                     "--expires-in-days", "1")  # fmt: skip
    assert quiet.exit_code == 0, quiet.output
    assert SECRET.fullmatch(quiet.output.strip()), quiet.output  # only the secret

    rows = register_rows(env)
    assert len(rows) == 2
    held = " ".join(str(value) for row in rows for value in row)
    assert secret not in held
    assert quiet.output.strip() not in held
    assert secret.removeprefix("styrlogg_") not in held
    assert hashlib.sha256(secret.encode()).hexdigest() in held  # its hash, nothing else

    listed = styrlogg(env, "token", "list")
    assert listed.exit_code == 0, listed.output
    header, *lines = listed.output.splitlines()
    assert header.split("\t") == ["id", "principal", "label", "created", "expires", "revoked"]
    by_principal = {line.split("\t")[1]: line.split("\t") for line in lines}
    assert set(by_principal) == {"reporting-job", "demo"}
    assert by_principal["reporting-job"][0] == str(token_id)
    assert by_principal["reporting-job"][2] == "natt"
    assert by_principal["reporting-job"][5] == "-"
    assert "styrlogg_" not in listed.output
    assert hashlib.sha256(secret.encode()).hexdigest() not in listed.output

    revoked = styrlogg(env, "token", "revoke", str(token_id))
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked {token_id} (reporting-job)" in revoked.output
    again = styrlogg(env, "token", "list").output
    assert (
        next(line for line in again.splitlines() if "reporting-job" in line).split("\t")[5] != "-"
    )


def test_bad_input_is_refused_with_a_clear_error(env: dict[str, str]) -> None:
    unknown = styrlogg(env, "token", "revoke", "3e0f7b8e-5c1a-4c55-9d57-0c6b1f0c9a11")
    assert unknown.exit_code == 1
    assert "no token has the id 3e0f7b8e-5c1a-4c55-9d57-0c6b1f0c9a11" in unknown.output
    not_an_id = styrlogg(env, "token", "revoke", "nyckel-1")
    assert not_an_id.exit_code == 2
    assert "is not a valid UUID" in not_an_id.output
    for principal in ("", "två ord", "med:kolon", "x" * 129, "åäö"):
        refused = styrlogg(env, "token", "create", "--principal", principal)
        assert refused.exit_code == 2, (principal, refused.output)
        assert "Invalid value for '--principal'" in refused.output
    assert styrlogg(env, "token", "create").exit_code == 2  # --principal is required
    for days in ("0", "-1", "3651", "nittio"):
        refused = styrlogg(env, "token", "create", "--principal", "p", "--expires-in-days", days)
        assert refused.exit_code == 2, (days, refused.output)
        assert "--expires-in-days" in refused.output
    assert register_rows(env) == []
