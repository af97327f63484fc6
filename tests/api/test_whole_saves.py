"""A read never sees part of a save: every known_at and as_of.position is a save end."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

SEATED = {"role": "member", "effective_on": "2010-01-01"}


def committee_with_members(api: Api, people: int) -> tuple[str, str, list[str]]:
    decision = api.decision()
    region = api.organ("Regionen", "region", decision)
    committee = api.organ("Nämnden", "committee", decision, parent_id=region)
    seats = []
    for i in range(people):
        person = api.created("/people", {"name": f"Ledamot {i}"})["id"]
        body = {**SEATED, "person_id": person, "decision_id": decision}
        seats.append(api.created(f"/organs/{committee}/members", body)["id"])
    return decision, committee, seats


def state_at(api: Api, committee: str, known_at: str) -> tuple[int, bool, int]:
    organ = api.get(f"/organs/{committee}", valid_at="2020-06-01", known_at=known_at)
    members = api.get(f"/organs/{committee}/members", valid_at="2020-06-01", known_at=known_at)
    assert organ.status_code == members.status_code == 200, organ.get_json()
    position: int = organ.get_json()["as_of"]["position"]
    assert members.get_json()["as_of"]["position"] == position
    return position, organ.get_json()["exists"], len(members.get_json()["members"])


def test_a_read_inside_a_dissolution_sees_all_of_it_or_none(api: Api) -> None:
    decision, committee, _ = committee_with_members(api, 3)
    before = api.position
    dissolved = api.post(
        f"/organs/{committee}/dissolution", {"effective_on": "2020-01-01", "decision_id": decision}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    end = api.position
    inside = range(before + 1, end)
    assert len(inside) >= 3  # the dissolution and the end of three seats: one save
    assert state_at(api, committee, str(before)) == (before, True, 3)
    assert state_at(api, committee, str(end)) == (end, False, 0)
    for position in inside:
        assert state_at(api, committee, str(position)) == (before, True, 3), position


def test_known_at_the_recorded_time_history_shows_reads_the_whole_dissolution(api: Api) -> None:
    decision, committee, _ = committee_with_members(api, 3)
    api.post(
        f"/organs/{committee}/dissolution", {"effective_on": "2020-01-01", "decision_id": decision}
    )
    end = api.position
    history = api.get(f"/organs/{committee}/history").get_json()["items"]
    dissolution = next(h for h in history if h["event_type"] == "Organ.Dissolved")
    assert dissolution["position"] < end  # the seats' ends come after it in the same save
    assert state_at(api, committee, dissolution["recorded_at"]) == (end, False, 0)


def chairs(api: Api, committee: str, known_at: int) -> tuple[int, list[str]]:
    answer: dict[str, Any] = api.get(
        f"/organs/{committee}/members", valid_at="2021-06-01", known_at=str(known_at)
    ).get_json()
    held = [m["id"] for m in answer["members"] if m["presidium_role"] == "chair"]
    return answer["as_of"]["position"], held


def test_a_read_inside_a_change_of_chair_shows_one_chair(api: Api) -> None:
    decision, committee, (first, second) = committee_with_members(api, 2)
    given = api.post(
        f"/organs/{committee}/members/{first}/changes",
        {"presidium_role": "chair", "effective_on": "2020-01-01", "decision_id": decision},
    )
    assert given.status_code == 200, given.get_json()
    before = api.position
    handed = api.post(
        f"/organs/{committee}/members/{second}/changes",
        {"presidium_role": "chair", "effective_on": "2021-01-01", "decision_id": decision},
    )
    assert handed.status_code == 200, handed.get_json()
    end = api.position
    assert end - before >= 2  # taken from the first and given to the second: one save
    assert chairs(api, committee, before) == (before, [first])
    assert chairs(api, committee, end) == (end, [second])
    for position in range(before + 1, end):
        assert chairs(api, committee, position) == (before, [first]), position


def test_the_event_feed_pages_end_at_save_ends(api: Api) -> None:
    decision, committee, _ = committee_with_members(api, 3)
    api.post(
        f"/organs/{committee}/dissolution", {"effective_on": "2020-01-01", "decision_id": decision}
    )
    end = api.position
    after, pages = 0, []
    while page := api.get("/events", after=after, limit=2).get_json()["events"]:
        pages.append(page)
        after = page[-1]["position"]
    assert after == end
    assert len(pages[-1]) >= 4  # the whole dissolution, though the page asked for 2
    assert len({e["recorded_at"] for e in pages[-1]}) == 1  # one save, one recorded time
