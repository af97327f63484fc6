"""Figures are bounded where they are recorded, and every sum and difference a report
takes of accepted figures is exact: no rounding, no overflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from application.plans import Written
from domain.errors import InvalidCommand
from domain.figures import HIGHEST_PLACE, LOWEST_PLACE, MAX_DIGITS, difference, out_of_range, total
from domain.indicators import Indicator
from tests.builders import BY, World, memory_app
from tests.unit.test_plan_use_cases import T1_2024, indicator, item, plan

LARGEST = Decimal("9999999999999999999.999999999")  # 28 digits, the first at 10^18
SMALLEST = Decimal("0.000000000000000001")  # 10^-18


@st.composite
def figures(draw: st.DrawFn) -> Decimal:
    """Any figure the rule accepts: up to 28 digits, each between 10^18 and 10^-18."""
    digits = draw(st.integers(1, MAX_DIGITS))
    exponent = draw(st.integers(LOWEST_PLACE, HIGHEST_PLACE - digits + 1))
    coefficient = draw(st.integers(0 if digits == 1 else 10 ** (digits - 1), 10**digits - 1))
    sign = draw(st.integers(0, 1))
    return Decimal((sign, tuple(int(d) for d in str(coefficient)), exponent))


twelve_months = st.lists(figures(), min_size=1, max_size=12)


@given(outcomes=twelve_months, targets=twelve_months)
@example(outcomes=[LARGEST] * 12, targets=[-LARGEST] * 12)
@example(outcomes=[LARGEST, SMALLEST], targets=[-SMALLEST, -LARGEST])
def test_sums_and_differences_of_accepted_figures_are_exact(
    outcomes: list[Decimal], targets: list[Decimal]
) -> None:
    assert all(out_of_range(v) is None for v in outcomes + targets)
    outcome, target = total(outcomes), total(targets)
    assert outcome is not None
    assert target is not None
    assert Fraction(outcome) == sum(map(Fraction, outcomes), Fraction(0))
    assert Fraction(target) == sum(map(Fraction, targets), Fraction(0))
    shown = difference(outcome, target)
    assert shown is not None
    assert Fraction(shown) == Fraction(outcome) - Fraction(target)


def test_the_default_context_would_round_what_reports_compute_exactly() -> None:
    # Why reports do not use Python's default context (28 digits): it rounds this.
    exact = Decimal("9999999999999999999.999999999000000001")
    assert getcontext().subtract(LARGEST, -SMALLEST) != exact
    assert difference(LARGEST, -SMALLEST) == exact


def test_what_a_store_written_before_the_bounds_may_hold_is_not_computable() -> None:
    huge = Decimal("1E+99999999")
    assert total([huge, Decimal(1)]) is None
    assert difference(huge, Decimal("-1E+99999999")) is None
    assert total([Decimal("1." + "0" * 80 + "1"), Decimal(1)]) is None, "it would round"
    assert difference(Decimal("Infinity"), Decimal(1)) is None
    assert total([Decimal("NaN"), Decimal(1)]) is None
    assert total([huge]) == huge, "one value is shown as recorded"


@pytest.mark.parametrize(
    "text",
    [
        "1e99999999",
        "1E+19",
        "-10000000000000000000",
        "1E-19",
        "0.0000000000000000001",
        "0E+19",
        "1.000000000000000000000000000",  # 28 digits, but 27 decimals
        "1234567890123456789.0123456789",  # 29 digits
        "Infinity",
        "-Infinity",
        "NaN",
    ],
)
def test_a_value_outside_the_range_is_refused_and_writes_nothing(text: str) -> None:
    world = World(memory_app())
    measure = indicator(world, item(world, plan(world), "Tillgänglighet"))
    value = Decimal(text)
    decision = world.decision(date(2023, 11, 1), "Målvärden")
    writes: list[Callable[[], Written]] = [
        lambda: world.indicators.report_outcome(measure, T1_2024, value, None, BY),
        lambda: world.indicators.make_forecast(measure, T1_2024, T1_2024, value, None, BY),
        lambda: world.indicators.set_target(measure, T1_2024, value, None, decision, BY),
    ]
    before = world.app.last_position()
    for write in writes:
        with pytest.raises(InvalidCommand) as refused:
            write()
        assert refused.value.field == "value"
    assert world.app.last_position() == before


@pytest.mark.parametrize(
    "text", ["9999999999999999999", str(LARGEST), str(-SMALLEST), "0E+18", "-0", "1.5E+18"]
)
def test_a_value_at_the_limits_is_recorded_as_written(text: str) -> None:
    world = World(memory_app())
    measure = indicator(world, item(world, plan(world), "Tillgänglighet"))
    assert world.indicators.report_outcome(measure, T1_2024, Decimal(text), None, BY).written
    stored = next(iter(world.app.events.get(measure, desc=True, limit=1)))
    assert isinstance(stored, Indicator.OutcomeReported)
    assert str(stored.value) == str(Decimal(text))
