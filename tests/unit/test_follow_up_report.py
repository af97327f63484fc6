"""The follow-up report's rules (DESIGN.md "Periods of different lengths"), read from the
plan projections in an in-memory database fed the store's events: what a longer period
shows of an indicator's periods, what is missing, late and corrected values, which
submissions cover a period, who recorded each value shown, and every fact recorded after
a submission."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from domain.indicators import Accumulation, Series
from domain.period_facts import Assessment, AssessmentBasis, AssessmentStatus, Coverage
from domain.periods import Period, Periodicity
from domain.plan_items import FollowUp, FollowUpStatus, ItemKind
from domain.provenance import Provenance
from interfaces.store_source import StoreSource
from projections.audit_trail import AuditTrail
from projections.follow_up_report import FollowUpReport
from projections.follow_up_report_view import FollowUpReportView
from projections.follower import Follower
from projections.indicator_series import IndicatorSeries
from projections.indicator_series_view import IndicatorSeriesView
from projections.plan_report import (
    Missing,
    PlanReport,
    ReportIndicator,
    ReportItem,
    plan_coverage,
    plan_report,
)
from projections.plan_tree import PlanTree
from projections.plan_tree_view import PlanTreeView
from projections.report_changes import ReportChange, report_changes, submission_position
from projections.sqlite import SQLiteDatabase
from tests.builders import BY, World, memory_app

T1, T2, T3 = "2024-T1", "2024-T2", "2024-T3"
ONGOING = FollowUp(FollowUpStatus.ONGOING, None)
CORRECTING = Provenance(BY.actor, reason="Felaktig nämnare i första rapporten")


class Projected:
    """The plan projections, and the audit trail whose recorded times they join, in an
    in-memory database fed from the world's store."""

    def __init__(self, world: World) -> None:
        self.db = SQLiteDatabase(None)
        projections = [
            AuditTrail(self.db.dialect),
            PlanTree(self.db.dialect),
            IndicatorSeries(self.db.dialect),
            FollowUpReport(self.db.dialect),
        ]
        self.follower = Follower(self.db, StoreSource(world.app), projections)
        self.follower.create_tables()
        series = IndicatorSeriesView()
        self.view = FollowUpReportView(PlanTreeView(series), series)

    def report(self, plan_id: UUID, period: str, position: int | None = None) -> PlanReport:
        reached = self.follower.catch_up()
        at = reached if position is None else position
        with self.db.reading() as cursor:
            return plan_report(self.view, cursor, plan_id, Period.parse(period), at)

    def coverage(self, plan_id: UUID, period: str) -> Coverage:
        reached = self.follower.catch_up()
        with self.db.reading() as cursor:
            return plan_coverage(self.view, cursor, plan_id, Period.parse(period), reached)

    def submitted_at(self, plan_id: UUID, period: str) -> int | None:
        reached = self.follower.catch_up()
        with self.db.reading() as cursor:
            return submission_position(self.view, cursor, plan_id, Period.parse(period), reached)

    def changes(self, plan_id: UUID, period: str, submitted: int) -> list[ReportChange]:
        reached = self.follower.catch_up()
        with self.db.reading() as cursor:
            at = Period.parse(period)
            return report_changes(self.view, cursor, plan_id, at, submitted, reached)


@pytest.fixture
def world() -> World:
    return World(memory_app())


@pytest.fixture
def projected(world: World) -> Projected:
    return Projected(world)


def figures(report: PlanReport, indicator_id: UUID) -> ReportIndicator:
    shown = [
        f for i in report.items for f in i.indicators if f.indicator.indicator_id == indicator_id
    ]
    assert len(shown) == 1
    return shown[0]


def entry(report: PlanReport, item_id: UUID) -> ReportItem:
    return next(i for i in report.items if i.item.item_id == item_id)


def report_values(world: World, indicator_id: UUID, outcomes: dict[str, int]) -> None:
    """A target of 100 and the given outcome for each period."""
    for period, outcome in outcomes.items():
        at = Period.parse(period)
        world.indicators.set_target(indicator_id, at, Decimal(100), None, world.decision_id, BY)
        world.indicators.report_outcome(indicator_id, at, Decimal(outcome), None, BY)


def test_a_year_sums_the_tertials_of_an_indicator_accumulated_by_period(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    visits = world.indicator(world.plan_item(plan, "Tillgänglighet"), "Besök")
    report_values(world, visits, {T1: 90, T2: 110, T3: 95})

    shown = figures(projected.report(plan, "2024"), visits)

    assert shown.periods == [T1, T2, T3]
    assert (shown.target, shown.outcome, shown.difference) == (
        Decimal(300),
        Decimal(295),
        Decimal(-5),
    )
    assert not shown.missing
    # The tertial itself is shown as it is.
    assert figures(projected.report(plan, T2), visits).outcome == Decimal(110)


@pytest.mark.parametrize("accumulation", [Accumulation.YEAR_TO_DATE, Accumulation.POINT_IN_TIME])
def test_a_year_shows_the_last_tertial_inside_it_otherwise(
    world: World, projected: Projected, accumulation: Accumulation
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    visits = world.indicator(goal, "Besök hittills i år", Periodicity.TERTIAL, accumulation)
    report_values(world, visits, {T1: 90, T2: 200, T3: 295})

    shown = figures(projected.report(plan, "2024"), visits)

    assert shown.periods == [T3]
    assert (shown.target, shown.outcome, shown.difference) == (
        Decimal(100),
        Decimal(295),
        Decimal(195),
    )


def test_a_sum_that_lacks_one_of_its_periods_is_missing_not_partial(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    visits = world.indicator(world.plan_item(plan, "Tillgänglighet"), "Besök")
    report_values(world, visits, {T1: 90, T3: 95})

    report = projected.report(plan, "2024")

    shown = figures(report, visits)
    assert (shown.outcome, shown.missing) == (None, True)
    assert Missing("outcome", visits, "Besök") in report.missing


def test_an_indicator_with_no_period_inside_the_report_is_not_missing(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    yearly = world.indicator(goal, "Nöjdhet", Periodicity.YEAR)

    in_tertial = projected.report(plan, T1)

    shown = figures(in_tertial, yearly)
    assert (shown.periods, shown.outcome, shown.missing) == ([], None, False)
    assert in_tertial.missing == []
    # In a period that has its year, it is missing until its outcome is reported.
    assert projected.report(plan, "2024").missing == [Missing("outcome", yearly, "Nöjdhet")]


def test_missing_lists_activities_without_follow_up_and_indicators_without_outcome(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")  # a goal has no follow-up status
    pending = world.plan_item(plan, "Införa digitala besök", ItemKind.ACTIVITY)
    followed = world.plan_item(plan, "Öppna vårdcentral", ItemKind.ACTIVITY)
    control = world.plan_item(plan, "Kontroll av behörigheter", ItemKind.CONTROL_ACTIVITY)
    milestone = world.plan_item(plan, "Ny journal i drift", ItemKind.MILESTONE, target_year=2025)
    reported = world.indicator(goal, "Besök")
    unreported = world.indicator(goal, "Väntetid")
    world.plan_items.report_follow_up(plan, followed, Period.parse(T1), ONGOING, BY)
    world.indicators.report_outcome(reported, Period.parse(T1), Decimal(85), None, BY)

    in_2024 = projected.report(plan, T1)
    in_2025 = projected.report(plan, "2025-T1")

    assert set(in_2024.missing) == {
        Missing("follow_up", pending, "Införa digitala besök"),
        Missing("follow_up", control, "Kontroll av behörigheter"),
        Missing("outcome", unreported, "Väntetid"),
    }
    # A yearly milestone is missing only in a period of its year.
    assert set(in_2025.missing) == {
        Missing("follow_up", pending, "Införa digitala besök"),
        Missing("follow_up", followed, "Öppna vårdcentral"),
        Missing("follow_up", control, "Kontroll av behörigheter"),
        Missing("follow_up", milestone, "Ny journal i drift"),
        Missing("outcome", reported, "Besök"),
        Missing("outcome", unreported, "Väntetid"),
    }


def test_values_first_reported_after_submission_are_late_and_changed_ones_corrected(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    activity = world.plan_item(plan, "Införa digitala besök", ItemKind.ACTIVITY)
    on_time = world.indicator(goal, "Besök")
    after = world.indicator(goal, "Väntetid")
    period = Period.parse(T1)
    world.indicators.report_outcome(on_time, period, Decimal(85), None, BY)
    world.plan_items.report_follow_up(plan, activity, period, ONGOING, BY)
    submitted = world.plans.submit(plan, period, BY).position
    world.indicators.report_outcome(after, period, Decimal(12), None, BY)
    world.indicators.report_outcome(on_time, period, Decimal("84.5"), None, CORRECTING)
    completed = FollowUp(FollowUpStatus.COMPLETED, None)
    world.plan_items.report_follow_up(plan, activity, period, completed, CORRECTING)

    now = projected.report(plan, T1)
    then = projected.report(plan, T1, submitted)

    corrected = figures(now, on_time)
    assert (corrected.outcome, corrected.corrected, corrected.late) == (
        Decimal("84.5"),
        True,
        False,
    )
    late = figures(now, after)
    assert (late.outcome, late.corrected, late.late) == (Decimal(12), False, True)
    follow_up = entry(now, activity).follow_up
    assert follow_up is not None
    assert (follow_up.status, follow_up.corrected, follow_up.late) == ("completed", True, False)
    # As submitted: the first value, neither corrected nor late; the late one not yet there.
    first = figures(then, on_time)
    assert (first.outcome, first.corrected, first.late) == (Decimal(85), False, False)
    assert figures(then, after).missing
    was = entry(then, activity).follow_up
    assert was is not None
    assert (was.status, was.corrected) == ("ongoing", False)
    # A year over a corrected or late tertial is corrected or late too.
    year = figures(projected.report(plan, "2024"), on_time)
    assert (year.corrected, year.late) == (True, False)


def test_a_submitted_year_covers_its_tertials_and_a_submitted_tertial_not_its_year(
    world: World, projected: Projected
) -> None:
    whole_year = world.plan("Verksamhetsplan A")
    one_tertial = world.plan("Verksamhetsplan B")
    year_submitted = world.plans.submit(whole_year, Period.parse("2024"), BY).position
    world.plans.lock(whole_year, Period.parse("2024"), BY)
    world.plans.submit(one_tertial, Period.parse(T1), BY)

    assert projected.coverage(whole_year, T2) == Coverage(submitted=True, locked=True)
    assert projected.report(whole_year, T2).submitted
    assert projected.submitted_at(whole_year, T2) == year_submitted
    assert projected.coverage(one_tertial, "2024") == Coverage(submitted=False, locked=False)
    assert not projected.report(one_tertial, "2024").submitted
    assert projected.submitted_at(one_tertial, "2024") is None
    assert projected.coverage(one_tertial, T1) == Coverage(submitted=True, locked=False)
    assert projected.coverage(one_tertial, T2) == Coverage(submitted=False, locked=False)


MET = Assessment(AssessmentStatus.MET, AssessmentBasis.OUTCOME, "Målet nått")


def test_every_fact_recorded_after_the_submission_is_a_change_though_it_restores_the_value(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    share = world.indicator(goal, "Andel")
    period = Period.parse(T1)
    world.indicators.report_outcome(share, period, Decimal("6.1"), None, BY)
    submitted = world.plans.submit(plan, period, BY).position
    up = world.indicators.report_outcome(share, period, Decimal("6.4"), None, CORRECTING)
    back = Provenance(BY.actor, reason="Första värdet var rätt")
    down = world.indicators.report_outcome(share, period, Decimal("6.1"), None, back)

    changes = projected.changes(plan, T1, submitted)

    assert figures(projected.report(plan, T1), share).corrected
    assert [(c.what, c.id, c.period, c.position) for c in changes] == [
        ("outcome", share, T1, up.position),
        ("outcome", share, T1, down.position),
    ]
    first, second = changes
    assert (first.before, first.after) == (
        {"value": Decimal("6.1"), "comment": None},
        {"value": Decimal("6.4"), "comment": None},
    )
    assert (second.before, second.after) == (first.after, first.before)
    assert first.fields == second.fields == ("value",)
    assert {(c.submitted, c.now) for c in changes} == {(Decimal("6.1"), Decimal("6.1"))}
    assert (first.reason, second.reason) == (CORRECTING.reason, back.reason)
    assert all(c.corrected and not c.late and c.actor == BY.actor for c in changes)
    assert first.recorded_at is not None
    assert second.recorded_at is not None
    assert first.recorded_at <= second.recorded_at


def test_a_rewritten_comment_is_a_change_though_the_status_stands(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    activity = world.plan_item(plan, "Införa digitala besök", ItemKind.ACTIVITY)
    share = world.indicator(goal, "Andel")
    period = Period.parse(T1)
    world.indicators.assess(share, period, MET, BY)
    world.plan_items.assess(plan, goal, period, MET, BY)
    world.plan_items.report_follow_up(plan, activity, period, ONGOING, BY)
    submitted = world.plans.submit(plan, period, BY).position
    rewritten = Assessment(MET.status, MET.basis, "Målet nått med marginal")
    world.indicators.assess(share, period, rewritten, CORRECTING)
    world.plan_items.assess(plan, goal, period, rewritten, CORRECTING)
    commented = FollowUp(ONGOING.status, "Två av tre enheter klara")
    world.plan_items.report_follow_up(plan, activity, period, commented, CORRECTING)

    changes = projected.changes(plan, T1, submitted)

    assert [(c.what, c.id, c.fields, c.submitted, c.now) for c in changes] == [
        ("assessment", share, ("comment",), "met", "met"),
        ("assessment", goal, ("comment",), "met", "met"),
        ("follow_up", activity, ("comment",), "ongoing", "ongoing"),
    ]
    indicator_assessment, item_assessment, follow_up = changes
    assert indicator_assessment.before == {
        "status": "met", "basis": "outcome", "comment": "Målet nått"
    }  # fmt: skip
    assert item_assessment.after == {
        "status": "met", "basis": "outcome", "comment": "Målet nått med marginal"
    }  # fmt: skip
    assert follow_up.after == {"status": "ongoing", "comment": "Två av tre enheter klara"}
    assert (follow_up.title, indicator_assessment.title) == ("Införa digitala besök", "Andel")


def test_changes_are_the_facts_of_the_reports_periods_after_the_submission_in_order(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    share = world.indicator(goal, "Andel")
    late = world.indicator(goal, "Väntetid")
    period = Period.parse(T1)
    world.indicators.set_target(share, period, Decimal(80), None, world.decision_id, BY)
    world.indicators.report_outcome(share, period, Decimal(85), None, BY)
    before = world.indicators.make_forecast(
        share, Period.parse(T3), period, Decimal(86), "Helår", BY
    )
    submitted = world.plans.submit(plan, period, BY).position
    revised = world.indicators.set_target(
        share, period, Decimal(82), "Reviderat", world.decision_id, CORRECTING
    )
    reported = world.indicators.report_outcome(late, period, Decimal(12), None, BY)
    forecast = world.indicators.make_forecast(
        share, Period.parse(T3), period, Decimal(87), None, CORRECTING
    )
    # Neither of another period: not in this report.
    world.indicators.report_outcome(share, Period.parse(T2), Decimal(90), None, BY)
    world.indicators.make_forecast(share, Period.parse(T3), Period.parse(T2), Decimal(88), None, BY)

    changes = projected.changes(plan, T1, submitted)

    assert before.position < submitted
    assert [(c.what, c.id, c.position) for c in changes] == [
        ("target", share, revised.position),
        ("outcome", late, reported.position),
        ("forecast", share, forecast.position),
    ]
    target, outcome, made = changes
    assert target.after == {"value": Decimal(82), "comment": "Reviderat",
                            "decision_id": world.decision_id}  # fmt: skip
    assert target.fields == ("value", "comment")
    assert (outcome.before, outcome.submitted, outcome.now) == (None, None, Decimal(12))
    assert outcome.fields == ("value",)
    assert (outcome.late, outcome.corrected) == (True, False)
    assert (made.period, made.reported_in, made.submitted, made.now) == (
        T3, T1, Decimal(86), Decimal(87)
    )  # fmt: skip


def test_the_reports_values_carry_who_recorded_them_when_and_why(
    world: World, projected: Projected
) -> None:
    plan = world.plan()
    goal = world.plan_item(plan, "Tillgänglighet")
    visits = world.indicator(goal, "Besök")
    report_values(world, visits, {T1: 90, T2: 110, T3: 95})
    world.indicators.report_outcome(
        visits, Period.parse(T2), Decimal(111), "Efterregistrerat", CORRECTING
    )
    made_in = [
        world.indicators.make_forecast(visits, Period.parse(T3), Period.parse(p), Decimal(v), c, BY)
        for p, v, c in ((T1, 300, "Som i fjol"), (T2, 310, None))
    ]
    world.indicators.make_forecast(visits, Period.parse("2025-T1"), Period.parse("2025-T1"),
                                   Decimal(1), None, BY)  # fmt: skip

    year = figures(projected.report(plan, "2024"), visits)
    tertial = figures(projected.report(plan, T2), visits)

    assert [(o.period, o.value) for o in year.outcomes] == [
        (T1, Decimal(90)), (T2, Decimal(111)), (T3, Decimal(95))
    ]  # fmt: skip
    assert [(t.period, t.value, t.decision_id) for t in year.targets] == [
        (p, Decimal(100), world.decision_id) for p in (T1, T2, T3)
    ]
    corrected = year.outcomes[1]
    assert (corrected.series, corrected.comment, corrected.corrected) == (
        Series.OUTCOME, "Efterregistrerat", True
    )  # fmt: skip
    assert (corrected.actor, corrected.reason) == (BY.actor, CORRECTING.reason)
    assert corrected.recorded_at is not None
    assert all(v.recorded_at is not None and v.actor == BY.actor for v in year.targets)
    # Forecasts made in the period, whichever period they forecast.
    made = [(f.period, f.reported_in, f.value, f.comment, f.recorded_from) for f in year.forecasts]
    assert made == [
        (T3, T1, Decimal(300), "Som i fjol", made_in[0].position),
        (T3, T2, Decimal(310), None, made_in[1].position),
    ]  # fmt: skip
    assert [(f.reported_in, f.value) for f in tertial.forecasts] == [(T2, Decimal(310))]
    assert [o.value for o in tertial.outcomes] == [Decimal(111)]
