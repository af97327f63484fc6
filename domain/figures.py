"""Figures (värden): the exact decimals that targets, outcomes and forecasts hold.

A figure is finite, has at most 28 significant digits as written, and none of its digits
lies above 10^18 or below 10^-18: |value| < 10^19 with at most 18 decimals. Within that
range every sum and difference a report takes is exact in `ARITHMETIC`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import (
    Clamped,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Subnormal,
    Underflow,
)

from domain.errors import InvalidCommand

MAX_DIGITS = 28
HIGHEST_PLACE = 18
"""The highest power of ten a digit may stand for: |value| < 10^19."""
LOWEST_PLACE = -18
"""The lowest: at most 18 decimals."""

# A figure's digits lie in the 37 places 10^18 … 10^-18; the sum of n figures needs
# ⌈log10 n⌉ more above, a difference of two such sums one more. 64 digits keep every sum
# and difference of up to 10^26 figures exact; a result that would not be exact, or that
# leaves the range, signals instead of rounding. Each computation takes a copy, so that
# no two threads share its flags.
ARITHMETIC = Context(
    prec=64,
    traps=[
        Clamped, DivisionByZero, Inexact, InvalidOperation, Overflow, Rounded, Subnormal,
        Underflow,
    ],
)  # fmt: skip


RANGE = (
    f"at most {MAX_DIGITS} significant digits, |value| < 1E+{HIGHEST_PLACE + 1}"
    f" and at most {-LOWEST_PLACE} decimals"
)


def out_of_range(value: Decimal) -> str | None:
    """Why `value` cannot be a figure, or None when it can."""
    if not value.is_finite():
        return f"{value} is not a number"
    _, digits, exponent = value.as_tuple()
    if len(digits) > MAX_DIGITS or value.adjusted() > HIGHEST_PLACE or int(exponent) < LOWEST_PLACE:
        return beyond_range(str(value))
    return None


def beyond_range(text: str) -> str:
    """The refusal of a number, written as `text`, that lies outside the range."""
    shown = text if len(text) <= 40 else f"{text[:20]}…{text[-12:]}"
    return f"{shown} is out of range: a number has {RANGE}"


def check_figure(value: Decimal, field: str = "value") -> None:
    problem = out_of_range(value)
    if problem is not None:
        raise InvalidCommand(problem, field=field)


def total(values: Sequence[Decimal]) -> Decimal | None:
    """The exact sum; None when it cannot be computed exactly, as for a value a store
    written before figures were bounded may hold. One value is itself."""
    if len(values) == 1:
        return values[0]
    context = ARITHMETIC.copy()
    try:
        result = Decimal(0)
        for value in values:
            result = context.add(result, _finite(value))
        return result
    except DecimalException:
        return None


def difference(minuend: Decimal, subtrahend: Decimal) -> Decimal | None:
    """minuend − subtrahend, exactly; None when that cannot be computed exactly."""
    try:
        return ARITHMETIC.copy().subtract(_finite(minuend), _finite(subtrahend))
    except DecimalException:
        return None


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():  # infinities and NaN compute without signalling
        raise InvalidOperation(f"{value} is not a number")
    return value
