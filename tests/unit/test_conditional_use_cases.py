"""If-Match in the use cases: the version a client read is checked on every run of the
command, so a write that loses a race to another and is retried from a fresh read is
refused there (VersionMismatch) instead of landing on top of what it never saw."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from application.errors import VersionMismatch
from application.plan_items import NewItem
from domain.indicators import Indicator
from domain.periods import Period
from domain.plan_items import FollowUp, FollowUpStatus, ItemKind, ItemState, PlanItem
from domain.plans import Plan
from tests.builders import BY, World, memory_app
from tests.unit.test_concurrent_moves import racing

T1 = Period.parse("2024-T1")


@pytest.fixture
def world() -> World:
    return World(memory_app())


def test_an_outcome_that_lost_a_race_is_checked_again_and_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = world.plan()
    indicator_id = world.indicator(world.plan_item(plan_id, "Mål"))
    read = world.app.load(Indicator, indicator_id, what="indicator").version
    concurrent = lambda: world.indicators.report_outcome(  # noqa: E731
        indicator_id, T1, Decimal(5), None, BY
    )
    saves = racing(monkeypatch, concurrent)
    with pytest.raises(VersionMismatch) as refused:
        world.indicators.report_outcome(indicator_id, T1, Decimal(7), None, BY, expected=read)
    assert refused.value.current == read + 1, "checked against the write that won"
    indicator = world.app.load(Indicator, indicator_id, what="indicator")
    assert indicator.version == read + 1
    assert len(saves) == 1, "only the concurrent write was saved"


def test_a_follow_up_at_the_version_read_is_written(world: World) -> None:
    plan_id = world.plan()
    item_id = world.plan_item(plan_id, "Aktivitet", ItemKind.ACTIVITY)
    follow_up = FollowUp(FollowUpStatus.ONGOING, None)
    written = world.plan_items.report_follow_up(plan_id, item_id, T1, follow_up, BY, expected=1)
    assert (written.written, written.version) == (True, 2)
    with pytest.raises(VersionMismatch):
        world.plan_items.report_follow_up(
            plan_id, item_id, T1, FollowUp(FollowUpStatus.COMPLETED, None), BY, expected=1
        )
    assert world.app.load(PlanItem, item_id, what="plan item").version == 2


def test_a_stale_plan_version_refuses_a_new_item(world: World) -> None:
    plan_id = world.plan()
    world.plans.set_deadline(plan_id, T1, date(2024, 5, 15), BY)
    version = world.app.load(Plan, plan_id, what="plan").version
    goal = NewItem(ItemKind.GOAL, ItemState("Mål", None, None, ()))
    on = date(2024, 1, 1)
    with pytest.raises(VersionMismatch):
        world.plan_items.add(plan_id, goal, on, BY, expected=version - 1)
    assert world.app.load(Plan, plan_id, what="plan").version == version
    written = world.plan_items.add(plan_id, goal, on, BY, expected=version)
    assert written.version == 1, "the new item's own version"
