"""The commands as a user runs them: separate processes, real ports, real databases."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import POSTGRES_URL, REDIS_URL, drop_postgres_schemas, new_postgres_schema
from tests.support.auth import ROLES

BIN = Path(sys.executable).parent
GUNICORN_CONF = ["-c", "python:interfaces.http.gunicorn_conf"]  # as the README runs it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)


def http(method: str, url: str, body: Any = None, *, token: str | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def new_token(env: dict[str, str], principal: str) -> str:
    """An API token's secret, as a script makes one: TOKEN=$(styrlogg token create … --quiet);
    the principal holds the tests' roles (tests.support.auth.ROLES)."""
    roles = [arg for role in ROLES for arg in ("--role", role.value)]
    command = [str(BIN / "styrlogg"), "token", "create", "--principal", principal, *roles]
    made = run([*command, "--quiet"], env)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("styrlogg_"), made.stdout
    assert "\n" not in secret, made.stdout
    return secret


def demo_token(stdout: str) -> str:
    """The token `styrlogg demo` prints, as `export TOKEN=…`."""
    (line,) = [line for line in stdout.splitlines() if line.startswith("export TOKEN=")]
    return line.removeprefix("export TOKEN=").split()[0]  # then `# demo-registrar: …`


@contextmanager
def background(
    args: list[str], env: dict[str, str], ready_url: str
) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(ready_url, timeout=5)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not listening yet, or a worker still starting: the first answer may be slow.
                if process.poll() is not None:
                    pytest.fail(f"{args} exited: {process.stdout.read() if process.stdout else ''}")
                time.sleep(0.2)
        else:
            pytest.fail(f"{args} did not answer at {ready_url}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_embedded_commands_on_sqlite(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    styrlogg = str(BIN / "styrlogg")
    assert run([styrlogg, "init-db"], env).returncode == 0
    loaded = run([styrlogg, "demo"], env)
    assert loaded.returncode == 0, loaded.stderr
    assert "0 already there" in loaded.stdout
    again = run([styrlogg, "demo"], env)
    assert "0 changes written" in again.stdout
    first, token = demo_token(loaded.stdout), demo_token(again.stdout)
    assert first != token  # the demo's token is rotated: the first one is revoked
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    with background([styrlogg, "serve", "--port", str(port)], env, f"{base}/health"):
        status, page = http("GET", f"{base}/organs?valid_at=2016-12-31&q=lisa", token=token)
        assert status == 200
        assert [o["name"] for o in page["items"]] == ["Ledning i samverkan (LiSA)"]
        status, problem = http("POST", f"{base}/organs", {"name": "x"}, token=token)
        assert status == 422
        assert "kind" in problem["errors"]
        status, problem = http("GET", f"{base}/organs", token=first)
        assert (status, problem["type"]) == (401, "urn:styrlogg:problem:token-revoked")
        assert http("GET", f"{base}/organs")[0] == 401
        # One token per demo role, each allowed what its role allows and no more.
        tokens = dict(
            line.removeprefix("export ").split()[0].split("=", 1)
            for line in again.stdout.splitlines()
            if line.startswith("export ")
        )
        assert set(tokens) == {"TOKEN", "AUDITOR_TOKEN", "OFFICER_TOKEN", "ADMIN_TOKEN"}
        indicator = f"{base}/indicators/22904436-d435-5b5a-97da-55e257ee3e16"  # Regionhälsan's
        outcome = {"value": 60, "reason": "Rättad"}
        auditor, officer = tokens["AUDITOR_TOKEN"], tokens["OFFICER_TOKEN"]
        assert http("GET", f"{indicator}", token=auditor)[0] == 200
        assert http("PUT", f"{indicator}/outcomes/2024-T1", outcome, token=auditor)[0] == 403
        assert http("PUT", f"{indicator}/outcomes/2024-T1", outcome, token=officer)[0] == 200
        assert http("POST", f"{base}/organs", {"name": "x"}, token=officer)[0] == 403
        grant = {"principal": "ny", "role": "auditor", "effective_on": "2024-01-01"}
        assert http("POST", f"{base}/grants", grant, token=token)[0] == 403
        assert http("POST", f"{base}/grants", grant, token=tokens["ADMIN_TOKEN"])[0] == 201
    rebuilt = run([styrlogg, "rebuild", "--yes"], env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    checked = run([styrlogg, "check-projections"], env)
    assert checked.returncode == 0, checked.stderr
    assert "projections equal a rebuild" in checked.stdout


def test_import_command(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    styrlogg = str(BIN / "styrlogg")
    source = Path(__file__).parent.parent / "data" / "import_lisa_2016.json"
    rows = json.loads(source.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([*rows, {"record": "person", "key": "p3"}]), encoding="utf-8")
    refused = run([styrlogg, "import", str(bad)], env)
    assert refused.returncode == 1
    assert "rejected row 11 (person p3): name: name is required" in refused.stderr
    assert "nothing written" in refused.stderr

    done = run([styrlogg, "import", str(source)], env)
    assert done.returncode == 0, done.stderr
    assert "10 rows: 10 written, 0 already there" in done.stdout
    again = run([styrlogg, "import", str(source)], env)
    assert "10 rows: 0 written, 10 already there" in again.stdout
    unreadable = tmp_path / "rows.txt"
    unreadable.write_text("x", encoding="utf-8")
    assert run([styrlogg, "import", str(unreadable)], env).returncode == 2


def test_import_command_refuses_more_rows_than_max_import_rows_and_lists_100(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    styrlogg = str(BIN / "styrlogg")
    source = Path(__file__).parent.parent / "data" / "import_lisa_2016.json"
    too_many = run([styrlogg, "import", str(source)], {**env, "MAX_IMPORT_ROWS": "9"})
    assert too_many.returncode == 1
    assert "more than 9 rows" in too_many.stderr
    assert "nothing written" in too_many.stderr
    bad = tmp_path / "bad.json"
    people = [{"record": "person", "key": f"p{n}"} for n in range(150)]  # no names
    bad.write_text(json.dumps(people), encoding="utf-8")
    refused = run([styrlogg, "import", str(bad)], env)
    assert refused.returncode == 1
    assert refused.stderr.count("rejected row") == 100
    assert "150 of 150 rows rejected (the first 100 listed): nothing written" in refused.stderr
    done = run([styrlogg, "import", str(source)], {**env, "MAX_IMPORT_ROWS": "10"})
    assert "10 rows: 10 written" in done.stdout, done.stderr


def test_gunicorn_workers_and_a_follower_process_on_postgresql() -> None:
    schema = new_postgres_schema()
    env = {
        **os.environ,
        "DATABASE_URL": POSTGRES_URL,
        "POSTGRES_SCHEMA": schema,
        "REDIS_URL": REDIS_URL,
    }
    try:
        assert run([str(BIN / "styrlogg"), "init-db"], env).returncode == 0
        token = new_token(env, "reporting-job")
        workers = {
            **env,
            "CREATE_TABLE": "n",
            "GAP_CHECK_INTERVAL_SECONDS": "0.2",
            "READINESS_CACHE_SECONDS": "0",
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}/api/v1"
        gunicorn = [
            str(BIN / "gunicorn"),
            *GUNICORN_CONF,
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "interfaces.http.wsgi:app",
        ]
        follower = subprocess.Popen([str(BIN / "styrlogg"), "follow"], env=workers)
        try:
            with background(gunicorn, workers, f"{base}/health"):
                body = {
                    "decided_on": "2020-10-19",
                    "title": "Regionplan och budget 2021–2023",
                    "decision_type": "registration",
                }
                status, written = http("POST", f"{base}/decisions", body, token=token)
                assert status == 201, written
                status, read = http(
                    "GET",
                    f"{base}/decisions/{written['id']}?min_position={written['position']}",
                    token=token,
                )
                assert status == 200, read
                assert read["title"] == "Regionplan och budget 2021–2023"
                status, history = http("GET", f"{base}/events", token=token)
                writes = [e for e in history["events"] if not e["type"].startswith("Access.")]
                assert [e["data"]["actor"] for e in writes] == ["reporting-job"]
                # Every worker reads the secret init-db made, so a cursor one signed is good
                # on the other (whichever worker each request reaches).
                status, page = http("GET", f"{base}/decisions?limit=1", token=token)
                assert status == 200, page
                for _ in range(6):
                    cursor = page["next_cursor"]
                    status, rest = http("GET", f"{base}/decisions?cursor={cursor}", token=token)
                    assert status == 200, rest
                    assert [d["id"] for d in rest["items"]] == []
                # The follower process's watchdog verifies the write; a worker reports it.
                deadline = time.monotonic() + 20
                while True:
                    status, ready = http("GET", f"{base}/readyz")
                    assert status == 200, ready
                    if ready["verified_through"].get("audit_trail") == written["position"]:
                        break
                    assert time.monotonic() < deadline, ready
                    time.sleep(0.2)
                rebuild_while_reading(base, workers, written["id"], token)
                revoked_in_every_worker(base, env, token)
        finally:
            follower.terminate()
            follower.wait(timeout=10)
        assert follower.returncode == 0
    finally:
        drop_postgres_schemas(schema, f"{schema}_projections")


def revoked_in_every_worker(base: str, env: dict[str, str], token: str) -> None:
    """`styrlogg token revoke` in its own process: at once, no worker accepts the token
    (each looks it up on every request), whichever worker a request reaches."""
    listed = run([str(BIN / "styrlogg"), "token", "list"], env)
    assert listed.returncode == 0, listed.stderr
    (row,) = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert row[1] == "reporting-job"
    assert token not in listed.stdout
    assert http("GET", f"{base}/organs", token=token)[0] == 200
    revoked = run([str(BIN / "styrlogg"), "token", "revoke", row[0]], env)
    assert revoked.returncode == 0, revoked.stderr
    for _ in range(8):  # two workers, each reached several times
        status, problem = http("GET", f"{base}/organs", token=token)
        assert (status, problem["type"]) == (401, "urn:styrlogg:problem:token-revoked")


def rebuild_while_reading(base: str, env: dict[str, str], decision_id: str, token: str) -> None:
    """`styrlogg rebuild` in its own process while the workers serve: no read fails, and
    the follower process follows the new generation once it is swapped in."""
    statuses: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for path in (f"/decisions/{decision_id}", "/organs/tree?valid_at=2021-01-01"):
                statuses.append(http("GET", f"{base}{path}", token=token)[0])

    reader = threading.Thread(target=read)
    reader.start()
    try:
        rebuilt = run([str(BIN / "styrlogg"), "rebuild"], env)
    finally:
        stop.set()
        reader.join()
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "generation 2 is live" in rebuilt.stdout
    assert statuses, "reads went on during the rebuild"
    assert set(statuses) == {200}, statuses
    body = {"decided_on": "2021-01-10", "title": "Efter", "decision_type": "registration"}
    status, written = http("POST", f"{base}/decisions", body, token=token)
    assert status == 201, written
    status, read_back = http(
        "GET", f"{base}/decisions/{written['id']}?min_position={written['position']}", token=token
    )
    assert status == 200, read_back


def raw_request(port: int, request: bytes) -> tuple[int, dict[str, str], Any]:
    """What the server answers to bytes a careless client sends."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def test_gunicorn_answers_its_own_errors_and_a_timeout_as_problem_documents(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/styrlogg.sqlite"}
    assert run([str(BIN / "styrlogg"), "init-db"], env).returncode == 0
    token = new_token(env, "careless-client")
    signed = f"Authorization: Bearer {token}\r\n".encode()
    workers = {
        **env,
        "CREATE_TABLE": "n",
        "MIN_POSITION_TIMEOUT_SECONDS": "60",  # a read that waits longer than the worker may
        "MAX_CONTENT_LENGTH": "1000",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    gunicorn = [str(BIN / "gunicorn"), *GUNICORN_CONF, "--timeout", "2", "-w", "1",
                "-b", f"127.0.0.1:{port}", "interfaces.http.wsgi:app"]  # fmt: skip
    with background(gunicorn, workers, f"{base}/health"):
        began = time.monotonic()
        # No follower runs: the read waits for a position until the arbiter stops it.
        status, headers, problem = raw_request(
            port,
            b"GET /api/v1/organs?min_position=1000000 HTTP/1.1\r\nHost: x\r\n" + signed + b"\r\n",
        )
        assert (status, headers["content-type"]) == (503, "application/problem+json"), problem
        assert headers["retry-after"]
        assert "worker timeout" in problem["detail"], problem
        assert time.monotonic() - began < 20
        for request, expected in (
            (b"NOT HTTP AT ALL\r\n\r\n", 400),
            (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ):
            status, headers, problem = raw_request(port, request)
            assert (status, headers["content-type"]) == (expected, "application/problem+json")
            assert problem["status"] == expected, problem
        # Over MAX_CONTENT_LENGTH, by its length or in chunks of unknown length: 413.
        for chunked in (False, True):
            connection = HTTPConnection("127.0.0.1", port, timeout=30)
            body = b'{"title": "' + b"x" * 2000 + b'"}'
            connection.request(
                "POST", "/api/v1/decisions", body=iter([body]) if chunked else body,
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                encode_chunked=chunked,
            )  # fmt: skip
            response = connection.getresponse()
            assert response.status == 413, response.read()
            assert response.getheader("Content-Type") == "application/problem+json"
            assert "body" in json.loads(response.read())["errors"]
            connection.close()
        status, written = http("POST", f"{base}/decisions", {"decided_on": "2020-01-01",
                               "title": "Beslut", "decision_type": "registration"},
                               token=token)  # fmt: skip
        assert status == 201, written  # a new worker serves after the stopped one
