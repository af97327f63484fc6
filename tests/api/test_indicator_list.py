"""GET /indicators: indicators findable by plan, plan item and subject organ (issue #16)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api
from tests.support.pages import every_page, listed, refused


def indicator(api: Api, item: str, name: str, subject: str | None = None) -> str:
    body = {"plan_item_id": item, "name": name, "unit": "%", "direction": "higher_is_better",
            "periodicity": "tertial", "subject_organ_id": subject}  # fmt: skip
    return str(api.created("/indicators", body)["id"])


def indicators(api: Api) -> dict[str, str]:
    decision = api.decision()
    region = api.organ("Region Jämtland Härjedalen", "region", decision)
    north = api.organ("Division Nord", "administration", decision, parent_id=region)
    south = api.organ("Division Syd", "administration", decision, parent_id=region)
    plan, goal, _ = api.plan_with_indicator(decision, region)
    other_goal = api.created(
        f"/plans/{plan}/items", {"kind": "goal", "title": "Mål 2", "effective_on": "2024-01-01"}
    )["id"]
    other_plan, other_plans_goal, _ = api.plan_with_indicator(decision, region)
    return {
        "plan": plan,
        "goal": goal,
        "other_goal": other_goal,
        "other_plan": other_plan,
        "north": north,
        "south": south,
        "väntetid": indicator(api, goal, "Väntetid nord", north),
        "åtgärder": indicator(api, other_goal, "Åtgärder syd", south),
        "besök": indicator(api, other_goal, "Besök nord", north),
        "other": indicator(api, other_plans_goal, "Annan plans mått", north),
    }


def names(items: list[dict[str, Any]]) -> list[str]:
    return [i["name"] for i in items]


def test_indicators_are_listed_by_name_and_filtered_by_plan_item_and_subject(api: Api) -> None:
    ids = indicators(api)
    assert names(listed(api, "/indicators")) == [
        "Annan plans mått", "Besök nord", "Mått", "Mått", "Väntetid nord", "Åtgärder syd",
    ]  # fmt: skip
    assert names(listed(api, "/indicators", plan_id=ids["plan"])) == [
        "Besök nord", "Mått", "Väntetid nord", "Åtgärder syd",
    ]  # fmt: skip
    assert names(listed(api, "/indicators", plan_item_id=ids["other_goal"])) == [
        "Besök nord", "Åtgärder syd",
    ]  # fmt: skip
    assert names(listed(api, "/indicators", subject_organ_id=ids["north"])) == [
        "Annan plans mått", "Besök nord", "Väntetid nord",
    ]  # fmt: skip
    # Together, every filter holds.
    assert names(
        listed(api, "/indicators", plan_id=ids["plan"], subject_organ_id=ids["north"])
    ) == ["Besök nord", "Väntetid nord"]
    assert listed(api, "/indicators", plan_item_id=ids["goal"], subject_organ_id=ids["south"]) == []
    (one,) = listed(api, "/indicators", plan_item_id=ids["goal"], subject_organ_id=ids["north"])
    assert one == {
        "id": ids["väntetid"], "plan_id": ids["plan"], "plan_item_id": ids["goal"],
        "subject_organ_id": ids["north"], "name": "Väntetid nord", "unit": "%",
        "direction": "higher_is_better", "periodicity": "tertial", "accumulation": "period",
    }  # fmt: skip


def test_the_indicator_list_reads_as_known_at_and_pages(api: Api) -> None:
    ids = indicators(api)
    before = api.store_position()
    indicator(api, ids["goal"], "Senare mått", ids["south"])
    assert "Senare mått" in names(listed(api, "/indicators", plan_id=ids["plan"]))
    assert "Senare mått" not in names(
        listed(api, "/indicators", plan_id=ids["plan"], known_at=str(before))
    )
    pages = every_page(api, "/indicators", plan_id=ids["plan"], limit=3)
    assert [names(p) for p in pages] == [
        ["Besök nord", "Mått", "Senare mått"], ["Väntetid nord", "Åtgärder syd"],
    ]  # fmt: skip


def test_bad_indicator_filters_are_422_naming_the_parameter(api: Api) -> None:
    for name in ("plan_id", "plan_item_id", "subject_organ_id", "organ_id"):
        assert name in refused(api, "/indicators", **{name: "x"})["errors"], name
