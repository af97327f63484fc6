"""Follow-up at region size: posting outcomes over HTTP against saving the same events
directly, and the follow-up report read as known at an arbitrary time against now.

A plan of 5,000 items (focus areas, goals, activities) with 2,000 indicators, half per
tertial and half per month, over 4 years; every indicator gets a target and an outcome
for every period. Then N more outcomes are posted through the HTTP API (with its
validation, idempotency and JSON) and the same N are saved by `Application.save` on a
second store, side by side; the ratio is the API's overhead. Last, the report of one
tertial is read at random earlier positions and at now.

    python -m bench.follow_up [--store sqlite|postgresql] [--items 5000] [--indicators 2000]
                              [--posts 500] [--reads 20]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from flask.testing import FlaskClient

from application.decisions import NewDecision
from application.grants import NewGrant
from application.indicators import NewIndicator
from application.organs import Change, NewOrgan
from application.plan_items import NewItem
from application.plans import NewPlan
from bench.organ_tree import drop_schemas
from domain.decisions import DecisionType
from domain.grants import Role
from domain.indicators import Accumulation, Direction, Indicator
from domain.organ_kinds import Classification, OrganKind
from domain.periods import Period, Periodicity
from domain.plan_items import ItemKind, ItemState
from domain.plans import Plan, PlanKind
from domain.provenance import Provenance
from interfaces.bootstrap import Container, bootstrap
from interfaces.http.app import create_app
from interfaces.settings import Settings
from projections.plan_report import plan_report

BY = Provenance(actor="bench", reason="bench")
YEARS = (2024, 2025, 2026, 2027)


def periods(periodicity: Periodicity) -> list[Period]:
    return [p for year in YEARS for p in Period(year, Periodicity.YEAR).inside(periodicity)]


Measures = list[tuple[UUID, Periodicity]]


def build(c: Container, items: int, indicators: int, rng: random.Random) -> tuple[UUID, Measures]:
    decision = c.decisions.record(
        NewDecision(date(2023, 5, 17), "Plan", DecisionType.REGISTRATION), BY
    ).decision_id
    change = Change(date(2020, 1, 1), decision, BY)
    region = c.organs.establish(
        NewOrgan("Region", Classification(OrganKind.REGION)), change
    ).organ.organ_id
    plan = c.plans.adopt(
        NewPlan("Plan", PlanKind.IMPLEMENTATION_PLAN, region, date(2024, 1, 1), None),
        date(2023, 5, 17),
        decision,
        BY,
    ).thing_id
    made: list[UUID] = []
    goals_end = max(21, items // 10)  # 20 focus areas, then goals, then activities
    for i in range(items):
        if i < 20:
            kind, parent = ItemKind.FOCUS_AREA, None
        elif i < goals_end:
            kind, parent = ItemKind.GOAL, made[rng.randrange(20)]
        else:
            kind, parent = ItemKind.ACTIVITY, made[rng.randrange(20, goals_end)]
        state = ItemState(f"Punkt {i}", parent, None, ())
        made.append(c.plan_items.add(plan, NewItem(kind, state), date(2024, 1, 1), BY).thing_id)
    measures: Measures = []
    for i in range(indicators):
        periodicity = Periodicity.TERTIAL if i % 2 else Periodicity.MONTH
        new = NewIndicator(
            made[rng.randrange(20, goals_end)],
            f"Mått {i}",
            "antal",
            Direction.HIGHER_IS_BETTER,
            periodicity,
            Accumulation.PERIOD,
        )
        measures.append((c.indicators.define(new, BY).thing_id, periodicity))
    app = c.app
    adopted = app.load(Plan, plan, what="plan")
    for indicator_id, periodicity in measures:
        indicator = app.load(Indicator, indicator_id, what="indicator")
        for period in periods(periodicity):
            target, outcome = Decimal(rng.randrange(1000)), Decimal(rng.randrange(1000))
            indicator.set_target(period, target, None, decision, adopted, BY, may_correct=False)
            indicator.report_outcome(period, outcome, None, adopted, BY, may_correct=False)
        app.save(indicator)
    return plan, measures


def signed_in(c: Container) -> FlaskClient:
    """A client that sends an API token on every request, as a reporting job would."""
    client = create_app(c).test_client()
    by = Provenance(c.settings.local_actor)
    held = {g.role for g in c.grants.held("bench", date(2000, 1, 1))}
    for role in sorted({Role.CORRECTOR, Role.AUDITOR} - held, key=lambda r: r.value):
        c.grants.give(NewGrant("bench", role, date(2000, 1, 1)), by)
    token = c.tokens.create("bench", "bench").secret
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def post_outcomes(c: Container, measures: Measures, count: int, rng: random.Random) -> float:
    client = signed_in(c)
    began = time.perf_counter()
    for i in range(count):
        indicator_id, periodicity = measures[rng.randrange(len(measures))]
        period = rng.choice(periods(periodicity))
        response = client.put(
            f"/api/v1/indicators/{indicator_id}/outcomes/{period}",
            json={"value": Decimal(f"{i}.5"), "reason": "rättad"},
            headers={"Idempotency-Key": uuid4().hex},
        )
        assert response.status_code == 200, response.get_json()
    return time.perf_counter() - began


def save_outcomes(c: Container, measures: Measures, count: int, rng: random.Random) -> float:
    """Raw saves: the indicator loaded, its outcome reported, saved (the plan loaded once,
    as before the plan's rules were passed as the plan itself)."""
    app = c.app
    plans: dict[UUID, Plan] = {}
    began = time.perf_counter()
    for i in range(count):
        indicator_id, periodicity = measures[rng.randrange(len(measures))]
        period = rng.choice(periods(periodicity))
        indicator = app.load(Indicator, indicator_id, what="indicator")
        plan = plans.setdefault(indicator.plan_id, app.load(Plan, indicator.plan_id, what="plan"))
        value = Decimal(f"{i}.5")
        indicator.report_outcome(period, value, None, plan, BY, may_correct=False, decision_id=None)
        app.save(indicator)
    return time.perf_counter() - began


def report_reads(c: Container, plan: UUID, positions: list[int]) -> list[float]:
    """The report as the projection reads it, without HTTP."""
    times = []
    for position in positions:
        began = time.perf_counter()
        with c.db.reading() as cursor:
            report = plan_report(
                c.views.follow_up_report, cursor, plan, Period.parse("2025-T2"), position
            )
        times.append(time.perf_counter() - began)
        assert report.items
    return times


def report_gets(c: Container, plan: UUID, positions: list[int]) -> list[float]:
    """The report as a client gets it: GET /plans/{id}/report, JSON and all."""
    client = signed_in(c)
    times = []
    for position in positions:
        began = time.perf_counter()
        response = client.get(f"/api/v1/plans/{plan}/report?period=2025-T2&known_at={position}")
        body = response.get_data()
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.get_json()
        assert body
    return times


def summarise(results: dict[str, Any], name: str, past: list[float], now: list[float]) -> None:
    past_p50, now_p50 = statistics.median(past), statistics.median(now)
    results[f"{name}_known_at_p50_ms"] = round(past_p50 * 1000, 1)
    results[f"{name}_known_at_p95_ms"] = round(sorted(past)[int(len(past) * 0.95) - 1] * 1000, 1)
    results[f"{name}_now_p50_ms"] = round(now_p50 * 1000, 1)
    results[f"{name}_known_at_over_now"] = round(past_p50 / now_p50, 2)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="styrlogg-bench-"))
    containers = []
    try:
        for name in ("api", "raw"):
            if args.store == "sqlite":
                settings = Settings(database_url=f"sqlite:///{workdir}/{name}.sqlite")
            else:
                settings = Settings(
                    database_url=args.database_url, postgres_schema=f"bench_{uuid4().hex[:8]}"
                )
            containers.append(bootstrap(replace(settings, follower_interval_seconds=3600)))
        api, raw = containers
        results: dict[str, Any] = {
            "store": args.store,
            "items": args.items,
            "indicators": args.indicators,
        }
        began = time.perf_counter()
        plans = [
            build(c, args.items, args.indicators, random.Random(args.seed)) for c in containers
        ]
        results["build_seconds"] = round(time.perf_counter() - began, 1)
        results["events"] = api.app.last_position()
        api.follower.catch_up()
        plan, measures = plans[0]
        # Side by side: the same outcomes through HTTP and straight to the store.
        http_seconds = post_outcomes(api, measures, args.posts, random.Random(1))
        raw_seconds = save_outcomes(raw, plans[1][1], args.posts, random.Random(1))
        results["post_http_ms"] = round(http_seconds / args.posts * 1000, 2)
        results["save_raw_ms"] = round(raw_seconds / args.posts * 1000, 2)
        results["http_over_raw"] = round(http_seconds / raw_seconds, 1)
        last = api.follower.catch_up()
        rng = random.Random(2)
        past = [rng.randint(last // 2, last) for _ in range(args.reads)]
        for name, read in (("report", report_reads), ("report_http", report_gets)):
            summarise(results, name, read(api, plan, past), read(api, plan, [last] * args.reads))
        print(json.dumps(results, indent=1))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"follow_up-{args.store}.json").write_text(json.dumps(results, indent=1))
        return results
    finally:
        for c in containers:
            c.close()
            if args.store == "postgresql":
                drop_schemas(c.settings)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
