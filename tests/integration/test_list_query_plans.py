"""The lists' filters are answered from their indexes: SQLite's EXPLAIN QUERY PLAN names
them (the plan and people lists read by their indexes in the same way)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

from interfaces.registers.personal_data import create_personal_data, people_named
from projections.assignments import Assignments
from projections.assignments_view import AssignmentFilter, AssignmentsView
from projections.bitemporal import from_day
from projections.decision_register import DecisionRegister
from projections.decision_register_view import DecisionFilter, DecisionRegisterView
from projections.indicator_series import IndicatorSeries
from projections.indicator_series_view import IndicatorFilter, IndicatorSeriesView
from projections.sql import Cursor
from projections.sqlite import SQLiteDatabase


class Explaining:
    """A cursor that asks SQLite for the plan of every query before running it."""

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.plans: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        self.plans.extend(str(row[-1]) for row in self.cursor.fetchall())
        return self.cursor.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


@contextmanager
def explained(*creators: Callable[[Cursor], None]) -> Iterator[Explaining]:
    db = SQLiteDatabase(None)
    with db.transaction() as cursor:
        for create in creators:
            create(cursor)
        yield Explaining(cursor)


def test_a_decision_filter_reads_its_index() -> None:
    with explained(DecisionRegister("sqlite").create) as cursor:
        for where, index in (
            (DecisionFilter(case_number="RS/1234/2019"), "decisions_by_case_number"),
            (DecisionFilter(decision_type="delegated"), "decisions_by_decision_type"),
            (DecisionFilter(outcome="noted"), "decisions_by_outcome"),
            (DecisionFilter(organ_id=uuid4()), "decisions_by_organ"),
        ):
            cursor.plans.clear()
            DecisionRegisterView().page(cursor, 10, where, None, 100)
            assert any(f"USING INDEX {index}" in p for p in cursor.plans), cursor.plans


def test_assignments_given_by_an_organ_read_the_decisions_organ_index() -> None:
    creators = (DecisionRegister("sqlite").create, Assignments("sqlite").create)
    with explained(*creators) as cursor:
        where = AssignmentFilter(given_by_organ_id=uuid4())
        AssignmentsView("sqlite").page(cursor, from_day(738000), 10, where, None, 100)
        assert any("USING INDEX decisions_by_organ" in p for p in cursor.plans), cursor.plans


def test_indicators_of_a_subject_organ_read_its_index_in_name_order() -> None:
    with explained(IndicatorSeries("sqlite").create) as cursor:
        where = IndicatorFilter(subject_organ_id=uuid4())
        IndicatorSeriesView().page(cursor, 10, where, None, 100)
        assert any("USING INDEX indicators_subject" in p for p in cursor.plans), cursor.plans
        assert not any("TEMP B-TREE" in p for p in cursor.plans), "no sort: the index's order"


def test_people_are_read_in_the_name_index_order() -> None:
    with explained(lambda c: create_personal_data(c, "sqlite")) as cursor:
        cursor.execute("CREATE TABLE audit_events (aggregate_id TEXT, version INT, position INT)")
        cursor.execute(
            "CREATE INDEX audit_events_aggregate ON audit_events (aggregate_id, version)"
        )
        people_named(cursor, "öberg", 10, None, 100)
        assert any("personal_data_by_name" in p for p in cursor.plans), cursor.plans
        assert any("audit_events_aggregate" in p for p in cursor.plans), cursor.plans
        assert not any("TEMP B-TREE" in p for p in cursor.plans), "no sort: the index's order"
