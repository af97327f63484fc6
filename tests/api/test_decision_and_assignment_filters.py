"""Decisions findable by organ, dates, case number, type and outcome; assignments by the
organ whose decision gave them (issue #16, "Findable without ids")."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.support.pages import every_page, listed, refused


def register(api: Api) -> dict[str, str]:
    """Health committee and board decisions of seed 004's kind, with § and case numbers."""
    registration = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", registration)
    board = api.organ("Regionstyrelsen", "executive_board", registration, parent_id=region)
    hsn = api.organ("Hälso- och sjukvårdsnämnden", "committee", registration, parent_id=region)
    return {
        "registration": registration,
        "board": board,
        "hsn": hsn,
        "budget": api.decision(
            organ_id=hsn, decided_on="2020-02-12", title="Budget 2020", paragraph="§ 12",
            case_number="RS/1234/2019", decision_type="meeting_decision",
        ),
        "referred": api.decision(
            organ_id=hsn, decided_on="2020-06-10", title="Uppföljning T1", paragraph="§ 40",
            case_number="RS/1234/2019 ", decision_type="meeting_decision",
            outcome="referred_back",
        ),
        "delegated": api.decision(
            organ_id=hsn, decided_on="2020-06-30", title="Delegationsbeslut",
            case_number="rs/1234/2019", decision_type="delegated",
        ),
        "board_plan": api.decision(
            organ_id=board, decided_on="2020-06-10", title="Regionplan", paragraph="§ 99",
            case_number="RS/1234/2019", decision_type="meeting_decision",
        ),
    }  # fmt: skip


def titles(items: list[dict[str, str]]) -> set[str]:
    return {i["title"] for i in items}


def test_decisions_are_filtered_by_organ_dates_case_number_type_and_outcome(api: Api) -> None:
    register(api)
    by_title = {d["title"]: d for d in listed(api, "/decisions")}
    hsn = by_title["Budget 2020"]["organ_id"]

    assert titles(listed(api, "/decisions", organ_id=hsn)) == {
        "Budget 2020", "Uppföljning T1", "Delegationsbeslut",
    }  # fmt: skip
    # Both ends inclusive.
    one_day = listed(api, "/decisions", decided_from="2020-06-10", decided_to="2020-06-10")
    assert titles(one_day) == {"Uppföljning T1", "Regionplan"}
    assert titles(listed(api, "/decisions", decided_from="2020-06-11")) == {"Delegationsbeslut"}
    assert titles(listed(api, "/decisions", decided_to="2020-02-12")) == {
        "Budget 2020", "Registrering av organisationen",
    }  # fmt: skip
    # Exact and verbatim: another case, a trailing space or lower case is another number.
    assert titles(listed(api, "/decisions", case_number="RS/1234/2019")) == {
        "Budget 2020", "Regionplan",
    }  # fmt: skip
    assert titles(listed(api, "/decisions", case_number="rs/1234/2019")) == {"Delegationsbeslut"}
    assert listed(api, "/decisions", case_number="RS/1234") == []
    assert titles(listed(api, "/decisions", decision_type="delegated")) == {"Delegationsbeslut"}
    assert titles(listed(api, "/decisions", outcome="referred_back")) == {"Uppföljning T1"}
    # Filters combine with AND.
    assert titles(
        listed(api, "/decisions", organ_id=hsn, case_number="RS/1234/2019", outcome="adopted")
    ) == {"Budget 2020"}
    assert listed(api, "/decisions", organ_id=hsn, decision_type="delegated", outcome="noted") == []


def test_a_filtered_decision_list_pages_through_its_matches_only(api: Api) -> None:
    ids = register(api)
    for day in range(1, 6):
        api.decision(
            organ_id=ids["board"], decided_on=f"2021-03-0{day}", title=f"Styrelsebeslut {day}",
            decision_type="meeting_decision",
        )  # fmt: skip
    pages = every_page(api, "/decisions", organ_id=ids["board"], limit=4)
    assert [len(p) for p in pages] == [4, 2]
    dates = [d["decided_on"] for page in pages for d in page]
    assert dates == [*(f"2021-03-0{day}" for day in range(5, 0, -1)), "2020-06-10"]
    assert {d["organ_id"] for page in pages for d in page} == {ids["board"]}


def test_bad_decision_filters_are_422_naming_the_parameter(api: Api) -> None:
    register(api)
    problem = refused(api, "/decisions", decided_from="2020-07-01", decided_to="2020-06-30")
    assert "decided_from" in problem["errors"], problem
    for name, value in (
        ("decided_from", "2020-13-01"),
        ("decided_to", "30 juni"),
        ("decision_type", "beslut"),
        ("outcome", "bifall"),
        ("organ_id", "HSN"),
        ("case_number", "x" * 101),
    ):
        assert name in refused(api, "/decisions", **{name: value})["errors"], name


def test_assignments_are_filtered_by_the_organ_whose_decision_gave_them(api: Api) -> None:
    ids = register(api)
    for decision, title in ((ids["budget"], "Följ upp budgeten"), (ids["board_plan"], "Planera")):
        api.created(
            "/assignments",
            {"decision_id": decision, "title": title, "assignees": [{"organ_id": ids["hsn"]}]},
        )
    on = "2020-12-01"
    assert titles(listed(api, "/assignments", valid_at=on)) == {"Följ upp budgeten", "Planera"}
    assert titles(listed(api, "/assignments", valid_at=on, given_by_organ_id=ids["hsn"])) == {
        "Följ upp budgeten"
    }
    assert titles(listed(api, "/assignments", valid_at=on, given_by_organ_id=ids["board"])) == {
        "Planera"
    }
    assert (
        listed(
            api, "/assignments", valid_at=on, given_by_organ_id=ids["board"],
            decision_id=ids["budget"],
        )
        == []
    )  # fmt: skip
    assert "given_by_organ_id" in refused(api, "/assignments", given_by_organ_id="HSN")["errors"]
