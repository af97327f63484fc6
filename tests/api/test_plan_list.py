"""GET /plans: plans findable by owner organ, kind, in force on a date and name (issue #16)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.support.pages import every_page, listed, refused

JUNE_2024 = {"valid_at": "2024-06-01"}


def adopt(api: Api, decision: str, owner: str, name: str, kind: str, **fields: Any) -> str:
    body = {"name": name, "kind": kind, "owner_organ_id": owner, "decision_id": decision,
            "valid_from": "2024-01-01", "effective_on": "2024-01-01", **fields}  # fmt: skip
    return str(api.created("/plans", body)["id"])


def plans(api: Api) -> dict[str, str]:
    decision = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", decision)
    board = api.organ("Regionstyrelsen", "executive_board", decision, parent_id=region)
    hsn = api.organ("Hälso- och sjukvårdsnämnden", "committee", decision, parent_id=region)
    ids = {
        "board": board,
        "hsn": hsn,
        "implementation": adopt(api, decision, board, "Genomförandeplan 2024–2027",
                                "implementation_plan", valid_to="2028-01-01"),
        "operational": adopt(api, decision, board, "Verksamhetsplan 2023", "operational_plan",
                             valid_from="2023-01-01", valid_to="2024-01-01",
                             effective_on="2023-01-01"),
        "control": adopt(api, decision, hsn, "Internkontrollplan 2024", "internal_control_plan",
                         valid_to="2025-01-01"),
        "action": adopt(api, decision, hsn, "Åtgärdsplan 2025", "action_plan",
                        valid_from="2025-01-01", effective_on="2024-03-01"),
        "budget": adopt(api, decision, board, "Budget 2025", "budget", valid_from="2025-01-01",
                        effective_on="2024-09-01"),
    }  # fmt: skip
    closed = api.post(
        f"/plans/{ids['control']}/closure", {"effective_on": "2024-05-01", "decision_id": decision}
    )
    assert closed.status_code == 200, closed.get_json()
    revised = api.post(
        f"/plans/{ids['implementation']}/revisions",
        {"name": "Genomförandeplan 2024–2027, reviderad", "valid_from": "2024-01-01",
         "valid_to": "2028-01-01", "effective_on": "2024-05-01", "decision_id": decision},
    )  # fmt: skip
    assert revised.status_code == 200, revised.get_json()
    return ids


def names(items: list[dict[str, Any]]) -> list[str]:
    return [i["name"] for i in items]


def test_plans_adopted_by_the_date_are_listed_by_name_closed_and_ended_ones_too(
    api: Api,
) -> None:
    ids = plans(api)
    items = listed(api, "/plans", **JUNE_2024)
    assert names(items) == [
        "Genomförandeplan 2024–2027, reviderad",
        "Internkontrollplan 2024",
        "Verksamhetsplan 2023",
        "Åtgärdsplan 2025",  # å sorts after z
    ], "not the budget, adopted from 2024-09-01"
    by_id = {i["id"]: i for i in items}
    assert by_id[ids["control"]]["closed_on"] == "2024-05-01"
    assert {i["name"]: i["in_force"] for i in items} == {
        "Genomförandeplan 2024–2027, reviderad": True,
        "Internkontrollplan 2024": False,  # closed
        "Verksamhetsplan 2023": False,  # its span is over
        "Åtgärdsplan 2025": False,  # its span has not begun
    }
    assert ids["budget"] in {i["id"] for i in listed(api, "/plans", valid_at="2024-09-01")}


def test_plans_are_filtered_by_owner_kind_in_force_and_name(api: Api) -> None:
    ids = plans(api)
    assert names(listed(api, "/plans", owner_organ_id=ids["hsn"], **JUNE_2024)) == [
        "Internkontrollplan 2024", "Åtgärdsplan 2025",
    ]  # fmt: skip
    assert names(listed(api, "/plans", kind="operational_plan", **JUNE_2024)) == [
        "Verksamhetsplan 2023"
    ]
    assert names(listed(api, "/plans", in_force="true", **JUNE_2024)) == [
        "Genomförandeplan 2024–2027, reviderad"
    ]
    assert names(listed(api, "/plans", in_force="false", **JUNE_2024)) == [
        "Internkontrollplan 2024", "Verksamhetsplan 2023", "Åtgärdsplan 2025",
    ]  # fmt: skip
    # Before its closure the control plan is in force.
    assert names(listed(api, "/plans", in_force="true", valid_at="2024-04-30")) == [
        "Genomförandeplan 2024–2027", "Internkontrollplan 2024",
    ]  # fmt: skip
    # The name as it reads on the date: å ä ö folded, wildcards literal.
    assert names(listed(api, "/plans", q="ÅTGÄRD", **JUNE_2024)) == ["Åtgärdsplan 2025"]
    assert names(listed(api, "/plans", q="reviderad", **JUNE_2024)) == [
        "Genomförandeplan 2024–2027, reviderad"
    ]
    assert listed(api, "/plans", q="reviderad", valid_at="2024-04-30") == []
    assert listed(api, "/plans", q="plan_2024", **JUNE_2024) == []
    # Together, every filter holds.
    assert names(
        listed(api, "/plans", owner_organ_id=ids["hsn"], in_force="false", q="kontroll",
               **JUNE_2024)
    ) == ["Internkontrollplan 2024"]  # fmt: skip
    assert listed(api, "/plans", owner_organ_id=ids["board"], kind="action_plan", **JUNE_2024) == []


def test_the_plan_list_pages_through_its_matches(api: Api) -> None:
    plans(api)
    pages = every_page(api, "/plans", in_force="false", limit=2, **JUNE_2024)
    assert [names(p) for p in pages] == [
        ["Internkontrollplan 2024", "Verksamhetsplan 2023"], ["Åtgärdsplan 2025"],
    ]  # fmt: skip
    answer = api.get("/plans", **JUNE_2024).get_json()
    assert answer["as_of"]["valid_at"] == "2024-06-01"


def test_bad_plan_filters_are_422_naming_the_parameter(api: Api) -> None:
    for name, value in (
        ("owner_organ_id", "Regionstyrelsen"),
        ("kind", "plan"),
        ("in_force", "kanske"),
        ("q", "p" * 501),
        ("valid_at", "2024-06"),
        ("sort", "name"),
    ):
        assert name in refused(api, "/plans", **{name: value})["errors"], name
