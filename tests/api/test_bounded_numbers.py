"""Every report figure of accepted values is exact, and a value that a store written before
figures were bounded holds out of range is shown, never a 500."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from uuid import UUID

import openpyxl
import pytest
import simplejson

from domain.indicators import Indicator, Series
from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, put, setting_up

LARGEST = "9999999999999999999.999999999"  # 28 digits, the first at 10^18
SMALLEST = "0.000000000000000001"  # 10^-18


def indicator(api: Api, area: str, periodicity: str = "tertial", **fields: Any) -> str:
    body = {"plan_item_id": area, "name": "Budgetavvikelse", "unit": "MSEK",
            "direction": "higher_is_better", "periodicity": periodicity, **fields}  # fmt: skip
    return str(api.created("/indicators", body)["id"])


def exact(response: Any) -> Any:
    """The answer's JSON as written, its numbers as exact decimals of any size."""
    assert response.status_code == 200, response.data[:500]
    return simplejson.loads(response.data, use_decimal=True)


def test_report_figures_at_the_limits_are_exact(api: Api) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    tertial = indicator(api, area)
    monthly = indicator(api, area, "month", accumulation="period", name="Per månad")
    written = [
        put(api, f"/indicators/{tertial}/outcomes/2024-T1", {"value": Decimal(LARGEST)}),
        put(api, f"/indicators/{tertial}/targets/2024-T1",
            {"value": -Decimal(SMALLEST), "decision_id": decision}),
    ]  # fmt: skip
    for month in range(1, 13):
        period = f"2024-M{month:02}"
        written += [
            put(api, f"/indicators/{monthly}/outcomes/{period}", {"value": Decimal(LARGEST)}),
            put(api, f"/indicators/{monthly}/targets/{period}",
                {"value": -Decimal(LARGEST), "decision_id": decision}),
        ]  # fmt: skip
    assert [w.status_code for w in written] == [200] * 26

    t1 = exact(api.get(f"/plans/{plan}/report", period="2024-T1"))
    figures = {f["name"]: f for f in t1["items"][0]["indicators"]}
    assert figures["Budgetavvikelse"]["difference"] == Decimal(
        "9999999999999999999.999999999000000001"
    )
    assert figures["Per månad"]["outcome"] == Decimal("39999999999999999999.999999996")
    year = exact(api.get(f"/plans/{plan}/report", period="2024"))
    (per_month,) = [f for f in year["items"][0]["indicators"] if f["name"] == "Per månad"]
    assert per_month["outcome"] == Decimal("119999999999999999999.999999988")
    assert per_month["target"] == Decimal("-119999999999999999999.999999988")
    assert per_month["difference"] == Decimal("239999999999999999999.999999976")
    sheet = api.get(f"/plans/{plan}/report/export", period="2024").data.decode()
    assert "239999999999999999999.999999976" in sheet, "the CSV writes the decimal as computed"


def saved_before_the_bounds(
    api: Api, indicator_id: str, series: Series, period: str, value: Decimal
) -> None:
    """Records `value` as a release before these bounds could have: through the
    application, past the command that now refuses it."""
    app = api.container.app
    measure = app.load(Indicator, UUID(indicator_id), what="indicator")
    measure.trigger_event(
        Indicator.ValueRecorded, series=series, period=period, value=value, status=None,
        basis=None, comment=None, decision_id=None, corrected=False, late=False,
        reported_in=None, actor="an-earlier-release", correlation_id=None, reason=None,
    )  # fmt: skip
    api.position = app.save_all(measure)
    api.container.wake_follower()


@pytest.mark.parametrize(
    "stored", ["1E+99999999", "-1E+99999999", "1." + "0" * 80 + "1", "Infinity", "NaN"]
)
def test_a_value_a_store_written_before_holds_out_of_range_is_shown_never_a_500(
    api: Api, stored: str
) -> None:
    plan, _, decision = setting_up(api)
    area = add_item(api, plan, "Fokusområde")
    tertial = indicator(api, area)
    monthly = indicator(api, area, "month", accumulation="period", name="Per månad")
    put(api, f"/indicators/{tertial}/targets/2024-T3", {"value": 5, "decision_id": decision})
    put(api, f"/indicators/{monthly}/outcomes/2024-M09", {"value": 1})
    saved_before_the_bounds(api, tertial, Series.OUTCOME, "2024-T3", Decimal(stored))
    saved_before_the_bounds(api, monthly, Series.OUTCOME, "2024-M10", Decimal(stored))
    for month in ("11", "12"):
        put(api, f"/indicators/{monthly}/outcomes/2024-M{month}", {"value": 1})

    report = exact(api.get(f"/plans/{plan}/report", period="2024-T3"))
    figures = {f["name"]: f for f in report["items"][0]["indicators"]}
    shown = None if not Decimal(stored).is_finite() else Decimal(stored)
    assert figures["Budgetavvikelse"]["outcome"] == shown, "one value is shown as recorded"
    assert figures["Budgetavvikelse"]["difference"] is None, "not computable"
    assert (figures["Per månad"]["outcome"], figures["Per månad"]["missing"]) == (None, False)
    assert [m["id"] for m in report["missing"]] == [], "recorded, so not missing"
    series = exact(api.get(f"/indicators/{tertial}"))["series"]
    assert series[0]["outcome"]["value"] == shown
    for path in (f"/plans/{plan}/report/export", f"/indicators/{tertial}/export"):
        csv = api.get(path, period="2024-T3")
        assert csv.status_code == 200
        assert str(Decimal(stored)) in csv.data.decode(), "the CSV writes it as recorded"
        xlsx = api.get(path, period="2024-T3", format="xlsx")
        assert xlsx.status_code == 200
        openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert api.get("/events", after=0, limit=1000).status_code == 200
    assert api.get(f"/indicators/{tertial}/history/2024-T3").status_code == 200
