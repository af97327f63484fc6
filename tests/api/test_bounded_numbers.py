"""Numbers are bounded at the edge: a value outside the documented range is 422 naming its
field, whether it comes as JSON, a CSV cell or an XLSX cell, and never reaches the store.
Every report figure of accepted values is exact, and a value that a store written before
holds out of range is shown, never a 500."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any
from uuid import UUID

import openpyxl
import pytest
import simplejson

from domain.indicators import Indicator
from domain.periods import Period
from tests.api.conftest import Api
from tests.api.test_plans_over_http import add_item, put, setting_up

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LARGEST = "9999999999999999999.999999999"  # 28 digits, the first at 10^18
SMALLEST = "0.000000000000000001"  # 10^-18

OUT_OF_RANGE = [
    "1e99999999",
    "1e999999999999999999999",  # beyond what any decimal holds
    "1E+19",
    "-10000000000000000000",
    "1E-19",
    "1234567890123456789.0123456789",  # 29 digits
    "1" * 5000,  # beyond Python's limit for an int's digits
]


def indicator(api: Api, area: str, periodicity: str = "tertial", **fields: Any) -> str:
    body = {"plan_item_id": area, "name": "Budgetavvikelse", "unit": "MSEK",
            "direction": "higher_is_better", "periodicity": periodicity, **fields}  # fmt: skip
    return str(api.created("/indicators", body)["id"])


def raw_put(api: Api, path: str, body: str) -> Any:
    return api.client.put(f"/api/v1{path}", data=body, content_type="application/json")


def exact(response: Any) -> Any:
    """The answer's JSON as written, its numbers as exact decimals of any size."""
    assert response.status_code == 200, response.data[:500]
    return simplejson.loads(response.data, use_decimal=True)


def test_a_number_out_of_range_is_422_naming_the_field_and_the_report_stays_readable(
    api: Api,
) -> None:
    plan, _, decision = setting_up(api)
    measure = indicator(api, add_item(api, plan, "Fokusområde"))
    before = api.store_position()
    for text in OUT_OF_RANGE:
        for path, other in (
            (f"/indicators/{measure}/outcomes/2024-T3", ""),
            (f"/indicators/{measure}/targets/2024-T3", f', "decision_id": "{decision}"'),
            (f"/indicators/{measure}/forecasts/2024-T3", ', "reported_in": "2024-T2"'),
        ):
            response = raw_put(api, path, f'{{"value": {text}{other}}}')
            assert response.status_code == 422, (path, text[:30], response.get_json())
            problem = response.get_json()
            assert list(problem["errors"]) == ["value"], problem
            assert "out of range" in problem["errors"]["value"][0]
    assert api.store_position() == before, "nothing out of range reached the store"

    report = api.get(f"/plans/{plan}/report", period="2024-T3")
    assert report.status_code == 200
    for known_at in (before, api.store_position()):
        assert (
            api.get(f"/plans/{plan}/report", period="2024-T3", known_at=known_at).status_code == 200
        )
    exports: list[tuple[str, dict[str, str]]] = [
        (f"/plans/{plan}/report/export", {"period": "2024-T3"}),
        (f"/indicators/{measure}/export", {}),  # the whole series: it takes no period
    ]
    for path, args in exports:
        for kind in ("csv", "xlsx"):
            assert api.get(path, format=kind, **args).status_code == 200


def test_an_integer_field_refuses_a_number_out_of_range_at_once(api: Api) -> None:
    plan, _, _ = setting_up(api)
    path = f"/api/v1/plans/{plan}/items"
    # 1e99999999 as an int has a hundred million digits: the field never sees it.
    for text in ("1e99999999", "1e999999999999999999999", "1" * 5000):
        body = (
            f'{{"kind": "milestone", "title": "M", "effective_on": "2024-01-01",'
            f' "target_year": {text}}}'
        )
        response = api.client.post(path, data=body, content_type="application/json")
        assert response.status_code == 422, (text[:30], response.get_json())
        assert list(response.get_json()["errors"]) == ["target_year"]


def test_a_number_no_decimal_holds_is_422_naming_the_field_wherever_it_is_sent(api: Api) -> None:
    decision = api.decision()
    huge = "1e999999999999999999999"
    organ = f'{{"name": {huge}, "kind": "region", "effective_on": "2000-01-01",' \
        f' "decision_id": "{decision}"}}'  # fmt: skip
    response = api.client.post("/api/v1/organs", data=organ, content_type="application/json")
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["name"]
    rows = f'{{"rows": [{{"record": "decision", "key": "d", "decided_on": {huge}}}]}}'
    imported = api.client.post("/api/v1/imports", data=rows, content_type="application/json")
    assert imported.status_code == 422, imported.get_json()
    assert "rows.1.decided_on" in imported.get_json()["errors"], imported.get_json()


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


def test_a_periods_values_out_of_range_are_refused_as_csv_and_xlsx_cells(api: Api) -> None:
    plan, _, _ = setting_up(api)
    measure = indicator(api, add_item(api, plan, "Fokusområde"))
    path = f"/api/v1/plans/{plan}/periods/2024-T1/values"
    before = api.store_position()
    lines = ["indicator_id;series;value", *(f"{measure};outcome;{text}" for text in OUT_OF_RANGE)]
    refused = api.client.post(path, data="\n".join(lines).encode(), content_type="text/csv")
    assert refused.status_code == 422, refused.get_json()
    rejected = refused.get_json()["rejected"]
    assert [(r["row"], r["field"]) for r in rejected] == [(n, "value") for n in range(1, 8)]
    assert all("out of range" in r["detail"] for r in rejected), rejected

    for cell in (1e-20, 1e300, "1e400"):  # the last is read as an infinite float
        response = api.client.post(path, data=workbook(measure, cell), content_type=XLSX)
        assert response.status_code == 422, (cell, response.get_json())
        assert [r["field"] for r in response.get_json()["rejected"]] == ["value"], (
            cell,
            response.get_json(),
        )
    for cell in ("abc", "NaN", "inf"):
        unreadable = api.client.post(path, data=workbook(measure, cell), content_type=XLSX)
        assert unreadable.status_code == 422, (cell, unreadable.get_json())
        assert "body" in unreadable.get_json()["errors"]
    assert api.store_position() == before

    at_the_limit = f"indicator_id;series;value\n{measure};outcome;{LARGEST.replace('.', ',')}\n"
    done = api.client.post(path, data=at_the_limit.encode(), content_type="text/csv")
    assert done.status_code == 201, done.get_json()


def workbook(indicator_id: str, cell: float | str) -> bytes:
    """A workbook whose value cell is `cell`: a number, or (text) a number cell holding that
    text, as a file written by another program may."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator_id", "series", "value"])
    sheet.append([indicator_id, "outcome", cell if isinstance(cell, float) else 7])
    buffer = io.BytesIO()
    book.save(buffer)
    if isinstance(cell, float):
        return buffer.getvalue()
    written, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as patched:
        for entry in written.infolist():
            data = written.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>7</v>", f"<v>{cell}</v>".encode())
            patched.writestr(entry, data)
    return out.getvalue()


def saved_before_the_bounds(api: Api, indicator_id: str, period: str, value: Decimal) -> None:
    """Records `value` as an outcome, as a release before these bounds could have: through
    the application, past the command that now refuses it."""
    app = api.container.app
    measure = app.load(Indicator, UUID(indicator_id), what="indicator")
    measure.trigger_event(
        Indicator.OutcomeReported, period=Period.parse(period), value=value, comment=None,
        decision_id=None, late=False, actor="an-earlier-release", correlation_id=None,
        reason=None,
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
    saved_before_the_bounds(api, tertial, "2024-T3", Decimal(stored))
    saved_before_the_bounds(api, monthly, "2024-M10", Decimal(stored))
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
    exports: list[tuple[str, dict[str, str]]] = [
        (f"/plans/{plan}/report/export", {"period": "2024-T3"}),
        (f"/indicators/{tertial}/export", {}),  # the whole series: it takes no period
    ]
    for path, args in exports:
        csv = api.get(path, **args)
        assert csv.status_code == 200
        assert str(Decimal(stored)) in csv.data.decode(), "the CSV writes it as recorded"
        xlsx = api.get(path, format="xlsx", **args)
        assert xlsx.status_code == 200
        openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert api.get("/events", after=0, limit=1000).status_code == 200
    assert api.get(f"/indicators/{tertial}/history/2024-T3").status_code == 200
