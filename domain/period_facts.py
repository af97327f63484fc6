"""The rules every period-keyed fact follows (targets, outcomes, assessments, follow-ups).

The first value for a period is a report; a different later value is a correction, which
needs a reason; the same value again writes nothing. After the period is locked only a
corrector may write, and whatever a corrector writes is a correction.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidCommand, RuleConflict
from domain.periods import Period
from domain.provenance import Provenance


class CorrectionNeedsReason(InvalidCommand):
    """A value differing from the one recorded for the period is a correction: say why."""


class PeriodLocked(RuleConflict):
    """The period is locked: only a corrector may change its values (HTTP 423)."""


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
    submitted: bool,
    locked: bool,
    may_correct: bool,
    by: Provenance,
) -> Write | None:
    """How a new value for `period` is written; None when it says what is recorded."""
    if recorded and same:
        return None
    if locked and not may_correct:
        raise PeriodLocked(
            f"{period} is locked: only a corrector may change its values", field="period"
        )
    corrected = recorded or locked
    if corrected and not (by.reason or "").strip():
        detail = (
            f"the {what} for {period} is recorded already"
            if recorded
            else f"{period} is locked: a corrector's value is a correction"
        )
        raise CorrectionNeedsReason(f"{detail}: a correction needs a reason", field="reason")
    return Write(corrected=corrected, late=submitted and not recorded)
