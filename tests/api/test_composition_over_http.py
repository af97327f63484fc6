"""Who sat where: people, seats and presidium roles over HTTP, on every kind of store."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api


def person(api: Api, name: str, **fields: Any) -> str:
    return str(api.created("/people", {"name": name, **fields})["id"])


def appoint(api: Api, organ: str, person_id: str, on: str, decision: str, **fields: Any) -> str:
    body = {"person_id": person_id, "role": "member", "effective_on": on, "decision_id": decision}
    return str(api.created(f"/organs/{organ}/members", {**body, **fields})["id"])


def members(api: Api, organ: str, **params: Any) -> dict[str, Any]:
    response = api.get(f"/organs/{organ}/members", **params)
    assert response.status_code == 200, response.get_json()
    answer: dict[str, Any] = response.get_json()
    return answer


def setting_up(api: Api) -> tuple[str, str, str]:
    """A region with VästKom beside it and VVG, a collaboration of both (seat 003)."""
    registration = api.decision()
    region = api.organ("Västra Götalandsregionen", "region", registration)
    vastkom = api.organ("VästKom", "external_party", registration)
    decision = api.decision(
        decided_on="2016-09-19",
        title="Inrättande av VVG",
        organ_id=region,
        decision_type="meeting_decision",
    )
    vvg = api.organ(
        "Vård- och vägledningsgruppen",
        "collaboration",
        decision,
        effective_on="2017-01-01",
        principal_ids=[region, vastkom],
    )
    return vvg, region, vastkom


def test_the_chair_alternates_between_the_parties(api: Api) -> None:
    vvg, region, vastkom = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val till VVG", organ_id=region)
    from_region = person(api, "Regionens Ledamot", title="Regionråd")
    from_vastkom = person(api, "Kommunernas Ledamot")
    appoint(
        api,
        vvg,
        from_region,
        "2017-01-01",
        decision,
        presidium_role="chair",
        representing_id=region,
        political_party="S",
    )
    other = appoint(api, vvg, from_vastkom, "2017-01-01", decision, representing_id=vastkom)
    before_the_change = api.store_position()
    changed = api.post(
        f"/organs/{vvg}/members/{other}/changes",
        {"presidium_role": "chair", "effective_on": "2018-01-01", "decision_id": decision},
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["presidium_role"] == "chair"

    def chair(valid_at: str, **params: Any) -> tuple[str, str]:
        seats = members(api, vvg, valid_at=valid_at, **params)["members"]
        first = seats[0]
        assert first["presidium_role"] == "chair"
        assert [s["presidium_role"] for s in seats[1:]] == [None]
        return first["person_name"], first["representing_name"]

    assert chair("2017-06-01") == ("Regionens Ledamot", "Västra Götalandsregionen")
    assert chair("2018-06-01") == ("Kommunernas Ledamot", "VästKom")
    # As known before the change was recorded, the region's member still chairs in 2018.
    assert chair("2018-06-01", known_at=before_the_change)[0] == "Regionens Ledamot"
    assert members(api, vvg, valid_at="2016-12-31")["members"] == []

    chairs = api.get("/presidium", valid_at="2018-06-01", presidium_role="chair").get_json()
    assert [(s["organ_name"], s["person_name"]) for s in chairs["seats"]] == [
        ("Vård- och vägledningsgruppen", "Kommunernas Ledamot")
    ]
    seats = api.get(f"/people/{from_region}/seats").get_json()["seats"]
    assert [(s["valid_from"], s["valid_to"], s["presidium_role"]) for s in seats] == [
        ("2017-01-01", "2018-01-01", "chair"),
        ("2018-01-01", None, None),
    ]


def test_a_dissolution_ends_the_seats_visibly_in_history(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val till VVG", organ_id=region)
    seat = appoint(api, vvg, person(api, "Ledamot"), "2017-01-01", decision)
    ended = api.decision(decided_on="2022-11-01", title="VVG upphör", organ_id=region)
    dissolved = api.post(
        f"/organs/{vvg}/dissolution", {"effective_on": "2023-01-01", "decision_id": ended}
    )
    assert dissolved.status_code == 200, dissolved.get_json()

    assert len(members(api, vvg, valid_at="2022-12-31")["members"]) == 1
    assert members(api, vvg, valid_at="2023-01-01")["members"] == []
    history = api.get(f"/organs/{vvg}/history").get_json()["items"]
    seat_ended = [h for h in history if h["event_type"] == "Composition.SeatEnded"]
    assert [(h["effective_on"], h["decision_id"], h["data"]["seat_id"]) for h in seat_ended] == [
        ("2023-01-01", ended, seat)
    ]
    assert seat_ended[0]["reason"] == "organ dissolved"


def test_bad_seats_are_refused_and_write_nothing(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna = person(api, "Anna")
    seat = appoint(api, vvg, anna, "2017-01-01", decision)
    before = api.store_position()
    body = {"person_id": anna, "role": "member", "effective_on": "2017-01-01"}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**body, "decision_id": decision, "person_id": region}, 422, "person_id"),
        ({**body, "decision_id": decision, "role": "chair"}, 422, "role"),
        ({**body, "decision_id": decision, "effective_on": "2016-12-31"}, 409, "effective_on"),
        ({**body, "decision_id": decision}, 409, "person_id"),  # overlapping duplicate seat
        (
            {**body, "decision_id": decision, "role": "secretary", "presidium_role": "chair"},
            422,
            "presidium_role",
        ),
        ({**body, "decision_id": decision, "representing_id": anna}, 422, "representing_id"),
        ({**body, "decision_id": anna, "role": "substitute"}, 422, "decision_id"),
        ({**body, "decision_id": decision, "substitute_order": 0}, 422, "substitute_order"),
    ]
    for sent, status, field in cases:
        response = api.post(f"/organs/{vvg}/members", sent)
        assert response.status_code == status, (sent, response.get_json())
        problem = response.get_json()
        assert response.content_type == "application/problem+json"
        assert field in problem["errors"], (sent, problem)

    change = {"effective_on": "2018-01-01", "decision_id": decision}
    assert api.post(f"/organs/{region}/members/{seat}/end", change).status_code == 404
    assert api.post(f"/organs/{vvg}/members/not-a-uuid/end", change).status_code == 404
    early = api.post(f"/organs/{vvg}/members/{seat}/end", {**change, "effective_on": "2016-01-01"})
    assert early.status_code == 409
    stale = api.post(f"/organs/{vvg}/members/{seat}/end", change, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert api.store_position() == before

    ended = api.post(f"/organs/{vvg}/members/{seat}/end", change)
    assert ended.status_code == 200
    assert ended.get_json()["ended_on"] == "2018-01-01"
    assert api.post(f"/organs/{vvg}/members/{seat}/end", change).status_code == 409


def test_a_person_holds_one_seat_per_organ_on_any_date(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna = person(api, "Anna")
    seat = appoint(api, vvg, anna, "2017-01-01", decision)
    before = api.store_position()
    for role, on in (("substitute", "2018-01-01"), ("secretary", "2017-06-01")):
        body = {"person_id": anna, "role": role, "effective_on": on, "decision_id": decision}
        response = api.post(f"/organs/{vvg}/members", body)
        assert response.status_code == 409, (body, response.get_json())
        problem = response.get_json()
        assert problem["type"] == "urn:styrlogg:problem:overlapping-seat"
        assert "person_id" in problem["errors"], problem
        assert "member seat here from 2017-01-01" in problem["detail"], problem
    assert api.store_position() == before

    change = {"effective_on": "2018-01-01", "decision_id": decision}
    assert api.post(f"/organs/{vvg}/members/{seat}/end", change).status_code == 200
    substitute = appoint(api, vvg, anna, "2018-01-01", decision, role="substitute")
    seats = members(api, vvg, valid_at="2018-06-01")["members"]
    assert [(m["id"], m["role"]) for m in seats] == [(substitute, "substitute")]


def test_a_substitute_order_is_only_for_substitute_seats(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    body = {"effective_on": "2017-01-01", "decision_id": decision, "substitute_order": 1}
    for role in ("member", "co_opted", "secretary", "convenor", "support"):
        sent = {**body, "person_id": person(api, f"Person {role}"), "role": role}
        before = api.store_position()
        response = api.post(f"/organs/{vvg}/members", sent)
        assert response.status_code == 422, (sent, response.get_json())
        assert response.content_type == "application/problem+json"
        assert "substitute_order" in response.get_json()["errors"], response.get_json()
        assert api.store_position() == before
    first = appoint(api, vvg, person(api, "Första ersättaren"), "2017-01-01", decision,
                    role="substitute", substitute_order=1)  # fmt: skip
    orders = {m["id"]: m["substitute_order"] for m in members(api, vvg)["members"]}
    assert orders == {first: 1}


def test_a_seat_represents_and_is_appointed_by_organs_in_existence_on_its_first_day(
    api: Api,
) -> None:
    """Seat 003: the sub-regional groups each appoint two representatives to VVG."""
    vvg, region, vastkom = setting_up(api)
    registration = api.decision()
    principals = [region, vastkom]
    gone = api.organ("Delregional vårdsamverkan Fyrbodal", "collaboration", registration,
                     effective_on="2010-01-01", principal_ids=principals)  # fmt: skip
    dissolved = api.post(
        f"/organs/{gone}/dissolution", {"effective_on": "2016-01-01", "decision_id": registration}
    )
    assert dissolved.status_code == 200, dissolved.get_json()
    later = api.organ("Delregional vårdsamverkan Mitt", "collaboration", registration,
                      effective_on="2018-01-01", principal_ids=principals)  # fmt: skip
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna = person(api, "Anna")
    body = {"person_id": anna, "role": "member", "effective_on": "2017-01-01",
            "decision_id": decision}  # fmt: skip
    before = api.store_position()
    cases = [
        ({"representing_id": gone}, "representing_id", "dissolved from 2016-01-01"),
        ({"appointed_by_id": gone}, "appointed_by_id", "dissolved from 2016-01-01"),
        ({"representing_id": later}, "representing_id", "not established until 2018-01-01"),
        ({"appointed_by_id": later}, "appointed_by_id", "not established until 2018-01-01"),
    ]
    for fields, field, said in cases:
        response = api.post(f"/organs/{vvg}/members", {**body, **fields})
        assert response.status_code == 409, (fields, response.get_json())
        problem = response.get_json()
        assert problem["type"] == "urn:styrlogg:problem:organ-not-in-existence"
        assert field in problem["errors"], problem
        assert said in problem["detail"], problem
    assert api.store_position() == before
    seat = appoint(api, vvg, anna, "2018-01-01", decision, representing_id=later,
                   appointed_by_id=later)  # fmt: skip
    (held,) = members(api, vvg, valid_at="2018-01-01")["members"]
    assert (held["id"], held["representing_id"]) == (seat, later)


def test_erasing_a_person_keeps_the_seat_without_the_name(api: Api) -> None:
    vvg, region, _ = setting_up(api)
    decision = api.decision(decided_on="2016-12-01", title="Val", organ_id=region)
    anna = person(api, "Anna Ansson", title="Nämndsekreterare", employer_organ_id=region)
    appoint(api, vvg, anna, "2017-01-01", decision, role="secretary")
    # Answers that name people are never stored by a cache, pinned or not: after an
    # erasure, nobody may still serve the name.
    pinned = api.store_position()
    for path in (f"/people/{anna}", f"/people/{anna}/seats", f"/organs/{vvg}/members",
                 "/presidium"):  # fmt: skip
        response = api.get(path, known_at=pinned, valid_at="2017-06-01")
        assert response.status_code == 200, (path, response.get_json())
        assert response.headers["Cache-Control"] == "private, no-store", path
    organs = api.get("/organs", known_at=pinned, valid_at="2017-06-01")
    assert "immutable" in organs.headers["Cache-Control"]
    read = api.get(f"/people/{anna}").get_json()
    assert (read["name"], read["title"], read["employer_organ_id"], read["erased"]) == (
        "Anna Ansson",
        "Nämndsekreterare",
        region,
        False,
    )
    assert api.post(f"/people/{anna}/erasure", {}).status_code == 422  # a reason is required
    erased = api.post(f"/people/{anna}/erasure", {"reason": "Begäran enligt GDPR art. 17"})
    assert erased.status_code == 200, erased.get_json()

    after = api.get(f"/people/{anna}")
    assert after.get_json()["erased"] is True, after.get_json()
    (seat,) = members(api, vvg, valid_at="2017-06-01")["members"]
    assert (seat["person_id"], seat["person_name"], seat["role"]) == (anna, None, "secretary")
    events = api.get("/events", limit=1000).get_json()["events"]
    assert not any("Anna Ansson" in str(e) for e in events)


def test_unknown_people_and_organs(api: Api) -> None:
    _, region, _ = setting_up(api)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert api.get(f"/people/{unknown}").status_code == 404
    assert api.get(f"/people/{region}").status_code == 404, "an organ is not a person"
    assert api.get(f"/people/{unknown}/seats").status_code == 404
    assert api.get(f"/organs/{unknown}/members").status_code == 404
    assert api.post("/people", {"name": " "}).status_code == 422
    response = api.post("/people", {"name": "Anna", "employer_organ_id": unknown})
    assert response.status_code == 422
    assert "employer_organ_id" in response.get_json()["errors"]
    assert api.get("/presidium", presidium_role="king").status_code == 422
