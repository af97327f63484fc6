"""A rebuild builds the projections anew beside the live ones: reads never fail meanwhile."""

from __future__ import annotations

import threading
from collections import Counter

from tests.api.conftest import Api
from tests.support.auth import authorized


def test_reads_and_writes_go_on_throughout_a_rebuild(api: Api) -> None:
    decision = api.decision()
    region = api.organ("Regionen", "region", decision)
    organs = [api.organ(f"Nämnd {i}", "committee", decision, parent_id=region) for i in range(30)]
    for i, organ in enumerate(organs):
        api.post(
            f"/organs/{organ}/renamings",
            {"name": f"Nämnden {i}", "effective_on": "2010-01-01", "decision_id": decision},
        )
    projector = api.container.follower
    projector.catch_up()  # every read below is of an organ the projections hold
    before = projector.generations.live().number
    statuses: Counter[int] = Counter()
    failed: list[tuple[str, object]] = []
    stop = threading.Event()

    def read() -> None:
        client = authorized(api.client.application)
        while not stop.is_set():
            for path in ("/organs/tree", f"/organs/{organs[0]}", f"/organs/{organs[0]}/history"):
                response = client.get(f"/api/v1{path}", query_string={"valid_at": "2012-01-01"})
                statuses[response.status_code] += 1
                if response.status_code != 200:
                    failed.append((path, response.get_json()))

    def write() -> None:
        client = authorized(api.client.application)
        for i in range(20):
            response = client.post(
                f"/api/v1/organs/{organs[i]}/renamings",
                json={"name": f"Ny {i}", "effective_on": "2011-01-01", "decision_id": decision},
            )
            statuses[response.status_code] += 1

    threads = [threading.Thread(target=read) for _ in range(2)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    projector.batch_size = 5  # a slow rebuild, so that reads meet every stage of it
    reads_before = statuses[200]
    projector.rebuild()
    threads[-1].join()
    stop.set()
    for thread in threads:
        thread.join()
    assert set(statuses) == {200}, (statuses, failed[:3])
    assert statuses[200] - reads_before > 10  # reads went on while it rebuilt
    assert projector.generations.live().number == before + 1
    assert projector.generations.drop_retired(projector.projections) == []  # not yet
    api.container.follower.catch_up()
    tree = api.get("/organs/tree", valid_at="2012-01-01", min_position=api.store_position())
    assert tree.status_code == 200
    names = {c["name"] for c in tree.get_json()["trees"][0]["children"]}
    assert {f"Ny {i}" for i in range(20)} <= names
