"""What keeping save ends costs a save: Styrlogg's recorder against the library's own.

Two stores of one kind side by side: one through the library's recorder, one through
Styrlogg's (each save's end with the database's time, in the insert's transaction). The
same saves (half of one event, half of three, as renames and dissolutions are) go to both
in alternating rounds, so that the machine's noise falls on both alike. The target: at
most 1.10 times the library's time per save.

    python -m bench.save_ends [--store sqlite|postgresql] [--saves 3000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
from eventsourcing.application import Application
from psycopg import sql as pgsql

from application.app import Styrlogg
from domain.tree_guard import TreeGuard
from interfaces.settings import Settings

TARGET = 1.10


class LibraryRecorder(Application[Any]):
    """The same events through the library's recorder alone (they need no transcodings)."""

    name = "styrlogg"


def stores(kind: str, workdir: Path, database_url: str) -> tuple[Settings, Settings]:
    if kind == "sqlite":
        return (
            Settings(database_url=f"sqlite:///{workdir}/library.sqlite"),
            Settings(database_url=f"sqlite:///{workdir}/styrlogg.sqlite"),
        )
    return (
        Settings(database_url=database_url, postgres_schema=f"bench_lib_{uuid4().hex[:8]}"),
        Settings(database_url=database_url, postgres_schema=f"bench_sl_{uuid4().hex[:8]}"),
    )


def library_env(settings: Settings) -> dict[str, str]:
    env = settings.store_env()
    env["PERSISTENCE_MODULE"] = {"sqlite": "eventsourcing.sqlite"}.get(
        settings.kind, "eventsourcing.postgres"
    )
    return env


def one_save(app: Application[Any], events: int) -> float:
    """Times one save as each application makes it: Styrlogg's with its id."""
    guard = TreeGuard.open(f"bench:{uuid4()}")
    for _ in range(events - 1):
        guard.checked(uuid4())
    started = time.perf_counter()
    if isinstance(app, Styrlogg):
        app.save_all(guard)
    else:
        app.save(guard)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--saves", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="styrlogg-bench-"))
    library_settings, styrlogg_settings = stores(args.store, workdir, args.database_url)
    for settings in (library_settings, styrlogg_settings):
        create_schema(settings)
    library = LibraryRecorder(env=library_env(library_settings))
    styrlogg = Styrlogg(env=styrlogg_settings.store_env())
    timed: dict[str, list[float]] = {"library": [], "styrlogg": []}
    try:
        per_round = max(1, args.saves // args.rounds)
        for warm in (library, styrlogg):
            for i in range(20):
                one_save(warm, 1 + 2 * (i % 2))
        for round_ in range(args.rounds):
            order: list[tuple[str, Application[Any]]] = [
                ("library", library),
                ("styrlogg", styrlogg),
            ]
            if round_ % 2:
                order.reverse()
            for name, app in order:
                timed[name].extend(one_save(app, 1 + 2 * (i % 2)) for i in range(per_round))
        results = summary(args.store, timed)
        print(json.dumps(results, indent=1))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"save_ends-{args.store}.json").write_text(json.dumps(results, indent=1))
        return results
    finally:
        library.close()
        styrlogg.close()
        if args.store == "postgresql":
            drop(library_settings, styrlogg_settings)
        shutil.rmtree(workdir, ignore_errors=True)


def summary(store: str, timed: dict[str, list[float]]) -> dict[str, Any]:
    ms: Callable[[float], float] = lambda s: round(s * 1000, 3)  # noqa: E731
    library, styrlogg = (statistics.median(timed[k]) for k in ("library", "styrlogg"))
    return {
        "store": store,
        "saves_each": len(timed["library"]),
        "library_median_ms": ms(library),
        "styrlogg_median_ms": ms(styrlogg),
        "library_mean_ms": ms(statistics.fmean(timed["library"])),
        "styrlogg_mean_ms": ms(statistics.fmean(timed["styrlogg"])),
        "ratio_median": round(styrlogg / library, 3),
        "target": TARGET,
    }


def create_schema(settings: Settings) -> None:
    if settings.kind == "postgresql":
        with psycopg.connect(settings.postgres_conninfo(), autocommit=True) as connection:
            connection.execute(
                pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    pgsql.Identifier(settings.postgres_schema)
                )
            )


def drop(*all_settings: Settings) -> None:
    with psycopg.connect(all_settings[0].postgres_conninfo(), autocommit=True) as connection:
        for settings in all_settings:
            connection.execute(
                pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    pgsql.Identifier(settings.postgres_schema)
                )
            )


if __name__ == "__main__":
    main()
