"""As-of organ tree: read time as history grows, against replaying the store.

2,000 organs, fixed, while history grows from 10k to 200k events (renames, moves,
reclassifications, a few dissolutions; a third back-dated), loaded in batches through
`Application.save`. Reads of the whole tree at random (valid_at, known_at) points on a fresh
connection; the replay builds the same answer from the store, and both must agree.

    python -m bench.organ_tree [--store sqlite|postgresql] [--organs 2000]
                               [--sizes 10000,200000] [--reads 100] [--replays 5]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from psycopg import sql as pgsql

from application.app import Styrlogg
from domain.decisions import Decision, DecisionOutcome, DecisionType
from domain.errors import DomainError
from domain.organ_kinds import Classification, GroupType, OrganKind
from domain.organ_structure import check_children_outlived, check_no_cycle
from domain.organs import Organ
from domain.provenance import Provenance
from interfaces.bootstrap import Container, bootstrap, live_projections
from interfaces.settings import Settings
from projections.organ_tree_view import OrganTreeView, TreeNode
from projections.replay import organ_names_by_replay

BY = Provenance(actor="bench")
START = date(2000, 1, 1)
HORIZON = 30 * 365
KINDS = [OrganKind.COMMITTEE, OrganKind.SUBCOMMITTEE, OrganKind.ADMINISTRATION, OrganKind.GROUP]


class History:
    """Organs kept in memory and changed at random; saved through the application in batches."""

    def __init__(self, app: Styrlogg, organs: int, rng: random.Random) -> None:
        self.app = app
        self.rng = rng
        decision = Decision.record(
            decision_id=uuid4(),
            organ_id=None,
            decided_on=START,
            paragraph=None,
            case_number=None,
            title="Bench",
            summary=None,
            decision_type=DecisionType.REGISTRATION,
            outcome=DecisionOutcome.ADOPTED,
            by=BY,
        )
        self.decision = decision.id
        region = Organ.establish(
            organ_id=uuid4(),
            name="Region",
            classification=Classification(OrganKind.REGION),
            code=None,
            parent=None,
            principal_ids=(),
            effective_on=START,
            decision_id=self.decision,
            by=BY,
        )
        self.organs: dict[UUID, Organ] = {region.id: region}
        self.ids = [region.id]
        pending: list[Organ | Decision] = [decision]
        for i in range(1, organs):
            parent = self.organs[self.rng.choice(self.ids)]
            kind = self.rng.choice(KINDS)
            organ = Organ.establish(
                organ_id=uuid4(),
                name=f"Organ {i}",
                classification=self._classify(kind),
                code=None,
                parent=parent,
                principal_ids=(),
                effective_on=START,
                decision_id=self.decision,
                by=BY,
            )
            parent.attach_child(organ.id, START, self.decision, BY)
            self.organs[organ.id] = organ
            self.ids.append(organ.id)
        self.app.save(*pending, *self.organs.values())
        self.events = self.app.last_position()

    def _classify(self, kind: OrganKind) -> Classification:
        return Classification(kind, GroupType.NETWORK if kind is OrganKind.GROUP else None)

    def grow_to(self, events: int, batch: int = 2000) -> None:
        """Saves each batch's events in the order they happened, so every position in the
        store is a state that really existed (saving aggregates would group their events)."""
        while self.events < events:
            happened: list[Any] = []
            while len(happened) < min(batch, events - self.events):
                touched: dict[UUID, Organ] = {}
                if self._change(touched):
                    for organ in touched.values():
                        happened.extend(organ.collect_events())
            self.app.save(*happened)
            self.events = self.app.last_position()

    def _change(self, touched: dict[UUID, Organ]) -> int:
        """Makes one random change; 0 when the domain refuses it (nothing then changes)."""
        organ = self.organs[self.rng.choice(self.ids[1:])]
        record = organ.record
        if record.dissolved_on is not None:
            return 0
        last = record.last_change_on()
        if self.rng.random() < 1 / 3:  # back-dated: before the latest recorded change
            on = START + timedelta(days=self.rng.randint(1, max(1, (last - START).days)))
        else:
            on = last + timedelta(days=self.rng.randint(1, 200))
        roll = self.rng.random()
        backup = copy.deepcopy(organ)
        try:
            if roll < 0.5:
                organ.rename(f"Organ {self.rng.randrange(10**6)}", on, self.decision, BY)
            elif roll < 0.75:
                organ.reclassify(self._classify(self.rng.choice(KINDS)), on, self.decision, BY)
            elif roll < 0.999:
                parent = self.organs[self.rng.choice(self.ids)]
                organ.move(parent, on, self.decision, BY)
                check_no_cycle(organ, self.organs.__getitem__, on)
                parent.attach_child(organ.id, on, self.decision, BY)
                touched[parent.id] = parent
            else:
                organ.dissolve((), on, self.decision, BY)
                check_children_outlived(organ, [self.organs[c] for c in record.child_ids])
        except DomainError:
            self.organs[organ.id] = backup  # the checks above may refuse after a change
            return 0
        touched[organ.id] = organ
        return 1


def count_nodes(roots: list[TreeNode]) -> int:
    return sum(1 + count_nodes(r.children) for r in roots)


def tree_reads(
    container: Container, points: list[tuple[date, int]]
) -> tuple[list[float], list[Any]]:
    db = live_projections(container.settings)  # a fresh connection
    view = OrganTreeView(db.dialect)
    times, answers = [], []
    try:
        for on, position in points:
            began = time.perf_counter()
            with db.reading() as cursor:
                roots = view.tree(cursor, on, position)
            times.append(time.perf_counter() - began)
            answers.append(roots)
    finally:
        db.close()
    return times, answers


def flatten(roots: list[TreeNode]) -> dict[UUID, tuple[str, UUID | None]]:
    found: dict[UUID, tuple[str, UUID | None]] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        found[node.organ.organ_id] = (node.organ.name, node.organ.parent_id)
        stack.extend(node.children)
    return found


def points(rng: random.Random, count: int, last: int) -> list[tuple[date, int]]:
    return [
        (START + timedelta(days=rng.randrange(HORIZON)), rng.randint(1, last)) for _ in range(count)
    ]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--organs", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--reads", type=int, default=100)
    parser.add_argument("--replays", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="styrlogg-bench-"))
    if args.store == "sqlite":
        settings = Settings(database_url=f"sqlite:///{workdir}/store.sqlite")
    else:
        settings = Settings(
            database_url=args.database_url, postgres_schema=f"bench_{uuid4().hex[:8]}"
        )
    settings = replace(settings, follower_interval_seconds=3600)
    container = bootstrap(settings)
    results: dict[str, Any] = {"store": args.store, "organs": args.organs, "sizes": {}}
    try:
        began = time.perf_counter()
        history = History(container.app, args.organs, rng)
        for size in sizes:
            history.grow_to(size)
            loaded = time.perf_counter()
            container.follower.catch_up()
            projected = time.perf_counter()
            last = container.app.last_position()
            times, answers = tree_reads(container, points(rng, args.reads, last))
            median = statistics.median(times)
            results["sizes"][size] = {
                "events": last,
                "load_seconds": round(loaded - began, 1),
                "projection_seconds": round(projected - loaded, 1),
                "read_median_ms": round(median * 1000, 2),
                "read_p95_ms": round(sorted(times)[int(len(times) * 0.95) - 1] * 1000, 2),
                "reads_per_second": round(1 / median, 1),
                "organs_per_tree_median": statistics.median(count_nodes(a) for a in answers),
            }
            print(f"{last} events: {results['sizes'][size]}", flush=True)
            began = time.perf_counter()
        last = container.app.last_position()
        replay_points = points(rng, args.replays, last)
        replay_times = []
        read_times, read_answers = tree_reads(container, replay_points)
        for (on, position), answer in zip(replay_points, read_answers, strict=True):
            started = time.perf_counter()
            replayed = organ_names_by_replay(container.follower.source, on, position)
            replay_times.append(time.perf_counter() - started)
            indexed = flatten(answer)
            if indexed != replayed:
                wrong = [
                    f"{k}: indexed {indexed.get(k)} replay {replayed.get(k)}"
                    for k in sorted(set(indexed) | set(replayed), key=str)
                    if indexed.get(k) != replayed.get(k)
                ]
                raise SystemExit(
                    f"indexed read and replay disagree at {on}, position {position}:\n"
                    + "\n".join(wrong[:5])
                )
        small, large = (results["sizes"][s]["read_median_ms"] for s in (sizes[0], sizes[-1]))
        results["ratio_largest_to_smallest"] = round(large / small, 2)
        results["replay_median_ms"] = round(statistics.median(replay_times) * 1000, 1)
        results["replay_over_indexed"] = round(
            statistics.median(replay_times) / statistics.median(read_times), 1
        )
        results["answers_agree"] = True
        print(json.dumps(results, indent=1))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"organ_tree-{args.store}.json").write_text(json.dumps(results, indent=1))
    finally:
        container.close()
        if args.store == "postgresql":
            drop_schemas(settings)
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def drop_schemas(settings: Settings) -> None:
    """The store's schema, the projections' and the generations built beside them."""
    with psycopg.connect(settings.postgres_conninfo(), autocommit=True) as connection:
        found = connection.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname IN (%s, %s) OR nspname LIKE %s",
            (
                settings.postgres_schema,
                settings.projections_schema,
                settings.projections_schema.replace("_", r"\_") + r"\_g%",
            ),
        ).fetchall()
        for (schema,) in found:
            connection.execute(
                pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(schema))
            )


if __name__ == "__main__":
    main()
