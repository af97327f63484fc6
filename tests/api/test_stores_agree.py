"""Awkward text and numbers go to SQLite and PostgreSQL alike: what one store accepts the
other accepts, stores and projects as it was sent; what one refuses the other refuses."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import simplejson as json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interfaces.http.app import create_app
from tests.api.conftest import Api
from tests.conftest import opened, store_settings
from tests.support.auth import authorized

AWKWARD_TEXT = [
    "a\x00b",  # NUL: PostgreSQL cannot hold it
    "\ud800x",  # a lone surrogate: no store can encode it
    "tab\there",
    "line\nbreak",
    "bell\x07",
    "\x85next line",  # C1
    "\u200bzero width",
    "\u202eright to left",
    "e\u0301 combining",
    "emoji 🏛️",
    "=cmd|' /C calc'!A0",
    "%",
    "_",
    "'; DROP TABLE organs; --",
    "back\\slash",
    " ",
    "x" * 300,
]
AWKWARD_NUMBERS = [
    "0",
    "-0",
    "1e99999999",
    "-1E+18",
    "1E+19",
    "0.000000000000000001",
    "1e-19",
    "1234567890123456789012345678",
    "12345678901234567890123456789",
    "-131.6",
    "1.10",
    "9.999999999999999999",
]
TEXTS = st.one_of(st.sampled_from(AWKWARD_TEXT), st.text(max_size=40))
NUMBERS = st.one_of(
    st.sampled_from(AWKWARD_NUMBERS),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
AGREE = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@dataclasses.dataclass
class Store:
    api: Api
    decision: str
    region: str
    indicator: str


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Store]]:
    with (
        opened(store_settings("sqlite", tmp_path_factory.mktemp("agree"))) as sqlite,
        opened(store_settings("postgresql", Path("."))) as postgresql,
    ):
        made = []
        for container in (sqlite, postgresql):
            container.start_follower()
            app = create_app(container)
            api = Api(authorized(app), container)
            decision = api.decision()
            region = api.organ("Regionen", "region", decision)
            made.append(Store(api, decision, region, monthly_indicator(api, decision, region)))
        yield made


def monthly_indicator(api: Api, decision: str, region: str) -> str:
    return api.plan_with_indicator(decision, region, periodicity="month")[2]


def both(stores: list[Store], send: Any) -> list[tuple[int, Any]]:
    answers = []
    for store in stores:
        response = send(store)
        answers.append((response.status_code, response.get_json()))
    return answers


@given(text=TEXTS)
@AGREE
def test_a_name_either_store_accepts_both_store_and_read_back_alike(
    stores: list[Store], text: str
) -> None:
    def establish(store: Store) -> Any:
        body = {
            "name": text,
            "kind": "committee",
            "parent_id": store.region,
            "effective_on": "2001-01-01",
            "decision_id": store.decision,
        }
        return store.api.post("/organs", body)

    answers = both(stores, establish)
    assert answers[0][0] == answers[1][0], answers
    if answers[0][0] == 201:
        names = []
        for store, (_, written) in zip(stores, answers, strict=True):
            read = store.api.get(f"/organs/{written['id']}", valid_at="2002-01-01")
            assert read.status_code == 200, read.get_json()
            names.append(read.get_json()["name"])
        assert names[0] == names[1]
        assert names[0] in (text, text.strip())  # a name's surrounding blanks are trimmed


@given(text=TEXTS)
@AGREE
def test_a_decision_either_store_accepts_both_store_and_read_back_alike(
    stores: list[Store], text: str
) -> None:
    def record(store: Store) -> Any:
        body = {
            "decided_on": "2001-01-01",
            "title": text,
            "summary": text,
            "case_number": text,
            "decision_type": "registration",
        }
        return store.api.post("/decisions", body)

    answers = both(stores, record)
    assert answers[0][0] == answers[1][0], answers
    if answers[0][0] == 201:
        read = [
            store.api.get(f"/decisions/{written['id']}").get_json()
            for store, (_, written) in zip(stores, answers, strict=True)
        ]
        fields = [(r["title"], r["summary"], r["case_number"]) for r in read]
        assert fields[0] == fields[1]
        title, summary, case_number = fields[0]
        assert (summary, case_number) == (text, text)  # verbatim, as DESIGN says
        assert title in (text, text.strip())  # a title's surrounding blanks are trimmed


PERIODS = (f"{year}-M{month:02d}" for year in itertools.count(2001) for month in range(1, 13))


@given(number=NUMBERS, comment=TEXTS)
@AGREE
def test_an_outcome_either_store_accepts_both_store_and_read_back_exactly(
    stores: list[Store], number: str, comment: str
) -> None:
    period = next(PERIODS)

    def report(store: Store) -> Any:
        body = f'{{"value": {number}, "comment": {json.dumps(comment)}}}'
        response = store.api.client.put(
            f"/api/v1/indicators/{store.indicator}/outcomes/{period}",
            data=body,
            content_type="application/json",
        )
        if response.status_code < 300:
            store.api.position = max(store.api.position, response.get_json()["position"])
        return response

    answers = both(stores, report)
    assert answers[0][0] == answers[1][0], answers
    if answers[0][0] == 200:
        for store in stores:
            read = store.api.get(f"/indicators/{store.indicator}")
            assert read.status_code == 200, read.get_json()
            answer = json.loads(read.get_data(as_text=True), use_decimal=True)
            series = {row["period"]: row for row in answer["series"]}
            outcome = series[period]["outcome"]
            assert outcome["value"] == Decimal(number)
            assert outcome["comment"] == comment
