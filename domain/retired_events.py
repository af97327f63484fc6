"""Events a release stored under a topic that later code no longer triggers, and the
events they are read as.

Until release 0.2.0 the follow-up facts were one generic event each, told apart by a
string or a flag: `Indicator.ValueRecorded` (`series`, `corrected`), `Plan.PeriodMarked`
(`mark`), `PlanItem.FollowUpRecorded` and `PlanItem.AssessmentRecorded` (`corrected`).
Since then each fact has its own event. A stored event of a retired topic is read as the
event that says the same thing: the application's mapper (application.app) hands its
decoded state to its `read`, which turns it in place into the successor's version-1 state
and names the successor. The stored events are never rewritten.

Topics stay permanent: a retired topic is never reused, and this table never loses one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import CanMutateAggregate

from domain.indicators import Indicator, Series
from domain.periods import Period
from domain.plan_items import PlanItem
from domain.plans import Plan

EventClass = type[CanMutateAggregate[Any]]


@dataclass(frozen=True)
class Retired:
    """A retired topic: the events it may be read as, and how a stored state is chosen
    among them and given their shape."""

    successors: tuple[EventClass, ...]
    read: Callable[[dict[str, Any]], EventClass]


def _value_recorded(state: dict[str, Any]) -> EventClass:
    """`Indicator.ValueRecorded`: series, period (text), value, status, basis, comment,
    decision_id, corrected, late, reported_in (text, forecasts only)."""
    series: Series = state.pop("series")
    corrected: bool = state.pop("corrected")
    reported_in = state.pop("reported_in")
    state["period"] = Period.parse(state["period"])
    if series is Series.ASSESSMENT:
        del state["value"], state["decision_id"]
        return Indicator.AssessmentCorrected if corrected else Indicator.AssessmentMade
    del state["status"], state["basis"]
    if series is Series.FORECAST:
        del state["decision_id"]  # no forecast ever cited one
        state["reported_in"] = Period.parse(reported_in)
        return Indicator.ForecastCorrected if corrected else Indicator.ForecastMade
    if series is Series.TARGET:
        return Indicator.TargetRevised if corrected else Indicator.TargetSet
    return Indicator.OutcomeCorrected if corrected else Indicator.OutcomeReported


def _period_marked(state: dict[str, Any]) -> EventClass:
    """`Plan.PeriodMarked`: period (text), mark (`submitted` or `locked`)."""
    mark = state.pop("mark")
    state["period"] = Period.parse(state["period"])
    return Plan.FollowUpSubmitted if mark == "submitted" else Plan.PeriodLocked


def _item_fact(report: EventClass, correction: EventClass) -> Callable[..., EventClass]:
    """`PlanItem.FollowUpRecorded`, `PlanItem.AssessmentRecorded`: period (text), the
    fact's fields, corrected, late."""

    def read(state: dict[str, Any]) -> EventClass:
        state["period"] = Period.parse(state["period"])
        return correction if state.pop("corrected") else report

    return read


RETIRED: dict[str, Retired] = {
    "styrlogg:Indicator.ValueRecorded": Retired(
        (
            Indicator.TargetSet,
            Indicator.TargetRevised,
            Indicator.OutcomeReported,
            Indicator.OutcomeCorrected,
            Indicator.ForecastMade,
            Indicator.ForecastCorrected,
            Indicator.AssessmentMade,
            Indicator.AssessmentCorrected,
        ),
        _value_recorded,
    ),
    "styrlogg:Plan.PeriodMarked": Retired(
        (Plan.FollowUpSubmitted, Plan.PeriodLocked), _period_marked
    ),
    "styrlogg:PlanItem.FollowUpRecorded": Retired(
        (PlanItem.FollowUpReported, PlanItem.FollowUpCorrected),
        _item_fact(PlanItem.FollowUpReported, PlanItem.FollowUpCorrected),
    ),
    "styrlogg:PlanItem.AssessmentRecorded": Retired(
        (PlanItem.AssessmentMade, PlanItem.AssessmentCorrected),
        _item_fact(PlanItem.AssessmentMade, PlanItem.AssessmentCorrected),
    ),
}
