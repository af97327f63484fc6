"""Six writer processes on PostgreSQL, two followers killed at random: every event in the
store is applied exactly once, and check-projections is equal while writes go on."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from application.organs import NewOrgan
from domain.organ_kinds import Classification, OrganKind
from interfaces.bootstrap import bootstrap
from interfaces.settings import Settings
from tests.builders import World
from tests.conftest import POSTGRES_URL, drop_postgres_schemas, new_postgres_schema

STYRLOGG = str(Path(sys.executable).parent / "styrlogg")
WRITERS = 6
SECONDS = 8.0


def test_six_writers_and_two_killed_followers_apply_every_event_once() -> None:
    schema = new_postgres_schema()
    env = {**os.environ, "DATABASE_URL": POSTGRES_URL, "POSTGRES_SCHEMA": schema}
    env.pop("REDIS_URL", None)
    settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)
    try:
        with_tables = bootstrap(settings)
        try:
            world = World(with_tables.app)
            new = NewOrgan("Delad", Classification(OrganKind.COMMITTEE), world.region_id)
            shared = world.organs.establish(new, world.change(date(2000, 1, 1))).organ.organ_id
            ids = ["--decision", str(world.decision_id), "--region", str(world.region_id)]
        finally:
            with_tables.close()
        workers = {**env, "CREATE_TABLE": "n"}
        write = [sys.executable, "-m", "tests.support.write_many", "--seconds", str(SECONDS)]
        writers = [
            subprocess.Popen(
                [*write, "--writer", str(i), *ids, "--shared", str(shared)],
                env=workers,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(WRITERS)
        ]
        followers = [subprocess.Popen([STYRLOGG, "follow"], env=workers) for _ in range(2)]
        rng = random.Random(13)
        checked = None
        deadline = time.monotonic() + SECONDS
        kills = 0
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0.3, 1.0))
            victim = rng.randrange(len(followers))
            followers[victim].send_signal(signal.SIGKILL)
            followers[victim].wait()
            followers[victim] = subprocess.Popen([STYRLOGG, "follow"], env=workers)
            kills += 1
            if checked is None and time.monotonic() > deadline - SECONDS / 2:
                checked = subprocess.run(
                    [STYRLOGG, "check-projections"], env=workers, capture_output=True, text=True
                )
        for writer in writers:
            _, errors = writer.communicate(timeout=120)
            assert writer.returncode == 0, errors
        assert checked is not None
        assert checked.returncode == 0, checked.stderr
        assert kills >= 5

        # Beside running followers, as a worker opens it: CREATE_TABLE=n (making tables
        # that exist still locks them, and could deadlock with a follower's batch).
        with_tables = bootstrap(dataclasses.replace(settings, create_tables=False))
        try:
            last = with_tables.app.last_position()
            waited = time.monotonic()
            while min(with_tables.follower.positions().values()) < last:
                assert time.monotonic() - waited < 60, with_tables.follower.positions()
                time.sleep(0.2)
            stored = [
                n.id for n in with_tables.app.recorder.select_notifications(start=1, limit=10**6)
            ]
            with with_tables.db.reading() as cursor:
                cursor.execute("SELECT position FROM recorded_times ORDER BY position")
                applied = [int(row[0]) for row in cursor.fetchall()]
            assert applied == stored  # each event once, none skipped
            assert len(stored) > 200
        finally:
            with_tables.close()
        for follower in followers:
            follower.terminate()
            follower.wait(timeout=10)
        final = subprocess.run(
            [STYRLOGG, "check-projections"], env=workers, capture_output=True, text=True
        )
        assert final.returncode == 0, final.stderr
    finally:
        for process in [*locals().get("writers", []), *locals().get("followers", [])]:
            if process.poll() is None:
                process.kill()
        drop_postgres_schemas(schema, f"{schema}_projections")
