"""The rules every period-keyed fact follows (targets, outcomes, forecasts, assessments,
follow-ups), and the values they share.

The first value for a period is a report; a different later value is a correction, which
needs a reason; the same value again writes nothing. After the period is locked only a
corrector may write, and whatever a corrector writes is a correction. A value first
reported after the period's follow-up was submitted is late. Whether a submission or a
lock covers a period is `Coverage.of`: a submitted (locked) period covers every period
that lies wholly inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from domain.errors import InvalidCommand, RuleConflict
from domain.periods import Period
from domain.provenance import Provenance


class AssessmentStatus(Enum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"


class AssessmentBasis(Enum):
    FORECAST = "forecast"
    OUTCOME = "outcome"
    COMMENT = "comment"


@dataclass(frozen=True)
class Assessment:
    """Will it be, or is it, met: an indicator's or a plan item's assessment for a period."""

    status: AssessmentStatus
    basis: AssessmentBasis | None
    comment: str | None


class CorrectionNeedsReason(InvalidCommand):
    """A value differing from the one recorded for the period is a correction: say why."""


class PeriodIsLocked(RuleConflict):
    """The period is locked: only a corrector may change its values (HTTP 423)."""


@dataclass(frozen=True)
class Coverage:
    """Whether a plan's submitted and locked periods cover a period."""

    submitted: bool
    locked: bool

    @classmethod
    def of(cls, period: Period, submitted: Iterable[Period], locked: Iterable[Period]) -> Coverage:
        return cls(
            submitted=any(marked.contains(period) for marked in submitted),
            locked=any(marked.contains(period) for marked in locked),
        )


@dataclass(frozen=True)
class Write:
    corrected: bool
    late: bool
    """First reported after the period's follow-up was submitted."""


def decide(
    what: str,
    period: Period,
    *,
    recorded: bool,
    same: bool,
    coverage: Coverage,
    may_correct: bool,
    by: Provenance,
) -> Write | None:
    """How a new value for `period` is written; None when it says what is recorded."""
    if recorded and same:
        return None
    if coverage.locked and not may_correct:
        raise PeriodIsLocked(
            f"{period} is locked: only a corrector may change its values", field="period"
        )
    corrected = recorded or coverage.locked
    if corrected and not (by.reason or "").strip():
        detail = (
            f"the {what} for {period} is recorded already"
            if recorded
            else f"{period} is locked: a corrector's value is a correction"
        )
        raise CorrectionNeedsReason(f"{detail}: a correction needs a reason", field="reason")
    return Write(corrected=corrected, late=coverage.submitted and not recorded)
