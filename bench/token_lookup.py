"""What signing in costs a request: the API token looked up by its hash, and the
principal's grants loaded from the store, every request.

A register of `--tokens` tokens; the same token's lookup (`ApiTokens.find`: one select on
the unique index of hashes, in a read transaction of its own) and the same principal's
grants (`GrantUseCases.authority`: its `Access` aggregate read from the store) each timed
`--lookups` times per round, and a signed request (allowed, then a 404 from its view)
against an unsigned one (401 before any lookup) through the Flask app, side by side in
each round. No cache: a revoked token or grant must be refused at once.

    python -m bench.token_lookup [--store sqlite|postgresql] [--tokens 1000] [--lookups 2000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from application.grants import NewGrant
from bench.organ_tree import drop_schemas
from domain.grants import Role
from domain.provenance import Provenance
from interfaces.bootstrap import bootstrap
from interfaces.http.app import create_app
from interfaces.settings import Settings

ROUNDS = 5
NO_SUCH = uuid.UUID(int=0)
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def per_call_us(call: Callable[[], object], count: int) -> float:
    began = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - began) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--tokens", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    if args.store == "sqlite":
        settings = Settings(database_url=f"sqlite:///{work / 'store.sqlite'}")
    else:
        schema = f"bench_tokens_{uuid.uuid4().hex[:8]}"
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)
    container = bootstrap(settings)
    try:
        for number in range(args.tokens):
            container.tokens.create(f"principal-{number}")
        by = Provenance(settings.local_actor)
        container.grants.give(NewGrant("bench", Role.AUDITOR, date(2000, 1, 1)), by)
        secret = container.tokens.create("bench").secret
        client = create_app(container).test_client()
        signed = {"Authorization": f"Bearer {secret}"}
        today = date.today()

        def lookup() -> object:
            return container.tokens.find(secret)

        def grants() -> object:  # the principal's Access, loaded from the store
            return container.grants.authority("bench", today)

        def signed_request() -> object:  # signed in, allowed, then a 404 from the view
            return client.get(f"/api/v1/assignments/{NO_SUCH}", headers=signed)

        def unsigned_request() -> object:  # no header: 401 before any lookup
            return client.get(f"/api/v1/assignments/{NO_SUCH}")

        per_call_us(lookup, 200)  # warm the connection and the page cache
        lookups, grant_times, signed_times, unsigned_times = [], [], [], []
        for _ in range(ROUNDS):
            lookups.append(per_call_us(lookup, args.lookups))
            grant_times.append(per_call_us(grants, args.lookups))
            signed_times.append(per_call_us(signed_request, args.lookups // 4))
            unsigned_times.append(per_call_us(unsigned_request, args.lookups // 4))
        results = {
            "store": args.store,
            "tokens": args.tokens + 1,
            "lookup_us_p50": round(statistics.median(lookups), 1),
            "lookup_us_rounds": [round(t, 1) for t in lookups],
            "grants_us_p50": round(statistics.median(grant_times), 1),
            "grants_us_rounds": [round(t, 1) for t in grant_times],
            "signed_request_us_p50": round(statistics.median(signed_times)),
            "unsigned_request_us_p50": round(statistics.median(unsigned_times)),
        }
        print(json.dumps(results, indent=2))
    finally:
        container.close()
        if args.store == "postgresql":
            drop_schemas(settings)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
