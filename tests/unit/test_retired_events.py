"""An event of a retired topic, as release 0.2.0 stored it, is read as the event that says
the same thing; the stored event is never rewritten, and an aggregate replays through it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from application.app import Styrlogg
from domain.indicators import Accumulation, Direction, Indicator, Series
from domain.period_facts import AssessmentBasis, AssessmentStatus
from domain.periods import Period
from domain.plan_items import FollowUpStatus, PlanItem
from domain.plans import Plan
from domain.provenance import Provenance
from domain.retired_events import RETIRED
from tests.builders import memory_app

T2 = Period.parse("2024-T2")
DECISION = uuid4()


def stored(app: Styrlogg, topic: str, **state: Any) -> StoredEvent:
    """The event as 0.2.0 wrote it: its state through the same transcoder, its old topic."""
    common = {"timestamp": datetime.now(UTC), "actor": "local-user", "correlation_id": None}
    encoded = app.mapper.transcoder.encode({**common, "reason": None, **state})
    return StoredEvent(uuid4(), 2, topic, encoded)


def value_recorded(series: Series, corrected: bool, **fields: Any) -> dict[str, Any]:
    state = {
        "series": series, "period": "2024-T2", "value": None, "status": None, "basis": None,
        "comment": "Kommentar", "decision_id": None, "corrected": corrected, "late": True,
        "reported_in": None,
    }  # fmt: skip
    return {**state, **fields}


CASES = [
    (value_recorded(Series.TARGET, False, value=Decimal("57"), decision_id=DECISION),
     Indicator.TargetSet, {"value": Decimal("57"), "decision_id": DECISION}),
    (value_recorded(Series.TARGET, True, value=Decimal("58"), decision_id=DECISION),
     Indicator.TargetRevised, {"value": Decimal("58"), "decision_id": DECISION}),
    (value_recorded(Series.OUTCOME, False, value=Decimal("61")),
     Indicator.OutcomeReported, {"value": Decimal("61"), "decision_id": None}),
    (value_recorded(Series.OUTCOME, True, value=Decimal("59")),
     Indicator.OutcomeCorrected, {"value": Decimal("59")}),
    (value_recorded(Series.FORECAST, False, value=Decimal("-170.25"), reported_in="2024-T1"),
     Indicator.ForecastMade, {"reported_in": Period.parse("2024-T1")}),
    (value_recorded(Series.FORECAST, True, value=Decimal("-172.5"), reported_in="2024-T1"),
     Indicator.ForecastCorrected, {"value": Decimal("-172.5")}),
    (value_recorded(Series.ASSESSMENT, False, status=AssessmentStatus.MET,
                    basis=AssessmentBasis.OUTCOME),
     Indicator.AssessmentMade, {"status": AssessmentStatus.MET, "basis": AssessmentBasis.OUTCOME}),
    (value_recorded(Series.ASSESSMENT, True, status=AssessmentStatus.NOT_MET),
     Indicator.AssessmentCorrected, {"status": AssessmentStatus.NOT_MET, "basis": None}),
]  # fmt: skip


@pytest.mark.parametrize(("state", "successor", "expected"), CASES)
def test_a_value_recorded_is_read_as_the_fact_its_series_and_correction_say(
    state: dict[str, Any], successor: type[Indicator.Fact], expected: dict[str, Any]
) -> None:
    app = memory_app()
    old = stored(app, "styrlogg:Indicator.ValueRecorded", **state)
    event = app.mapper.to_domain_event(old)
    assert type(event) is successor
    assert isinstance(event, Indicator.Fact)
    assert (event.period, event.late, event.comment, event.actor) == (
        T2, True, "Kommentar", "local-user"
    )  # fmt: skip
    assert {name: getattr(event, name) for name in expected} == expected
    assert event.SERIES is state["series"]
    assert event.CORRECTS is state["corrected"]
    # Exactly the successor's fields: nothing of the old shape is left over.
    assert set(vars(event)) == {f.name for f in dataclasses.fields(successor)}


@pytest.mark.parametrize(
    ("mark", "successor"), [("submitted", Plan.FollowUpSubmitted), ("locked", Plan.PeriodLocked)]
)
def test_a_period_marked_is_read_as_a_submission_or_a_lock(
    mark: str, successor: type[Plan.Event]
) -> None:
    app = memory_app()
    event = app.mapper.to_domain_event(
        stored(app, "styrlogg:Plan.PeriodMarked", period="2024-T2", mark=mark)
    )
    assert type(event) is successor
    assert vars(event)["period"] == T2
    assert "mark" not in vars(event)


@pytest.mark.parametrize(
    ("topic", "fields", "reported", "corrected"),
    [
        ("styrlogg:PlanItem.FollowUpRecorded", {"status": FollowUpStatus.ONGOING},
         PlanItem.FollowUpReported, PlanItem.FollowUpCorrected),
        ("styrlogg:PlanItem.AssessmentRecorded",
         {"status": AssessmentStatus.PARTLY_MET, "basis": None},
         PlanItem.AssessmentMade, PlanItem.AssessmentCorrected),
    ],
)  # fmt: skip
def test_an_item_fact_recorded_is_read_as_reported_or_corrected(
    topic: str, fields: dict[str, Any], reported: type[Any], corrected: type[Any]
) -> None:
    app = memory_app()
    for was_corrected, successor in ((False, reported), (True, corrected)):
        state = {"period": "2024", "comment": None, "corrected": was_corrected, "late": False}
        event = app.mapper.to_domain_event(stored(app, topic, **state, **fields))
        assert type(event) is successor
        assert vars(event)["period"] == Period.parse("2024")
        assert "corrected" not in vars(event)


def test_every_retired_topic_reads_only_as_events_of_its_own_aggregate() -> None:
    for topic, retired in RETIRED.items():
        aggregate = topic.split(":")[1].split(".")[0]
        assert {s.__qualname__.split(".")[0] for s in retired.successors} == {aggregate}


def test_the_stored_event_keeps_its_topic_and_state() -> None:
    app = memory_app()
    old = stored(app, "styrlogg:Plan.PeriodMarked", period="2024-T2", mark="locked")
    app.mapper.to_domain_event(old)
    assert old.topic == "styrlogg:Plan.PeriodMarked"
    assert app.mapper.transcoder.decode(old.state)["mark"] == "locked"


def test_an_indicator_replays_through_its_retired_events() -> None:
    """A store of 0.2.0: the indicator's outcome reported then corrected under the old topic;
    the aggregate loads, knows the corrected value and refuses the same value again as
    writing nothing."""
    app = memory_app()
    defined = Indicator.define(
        indicator_id=uuid4(), plan_id=uuid4(), plan_item_id=uuid4(), subject_organ_id=None,
        name="Mått", unit="%", direction=Direction.HIGHER_IS_BETTER,
        periodicity=T2.periodicity, accumulation=Accumulation.PERIOD, by=Provenance("tester"),
    )  # fmt: skip
    app.save(defined)
    indicator_id = defined.id
    for version, (value, corrected) in enumerate(((Decimal("61"), False), (Decimal("59"), True))):
        state = value_recorded(Series.OUTCOME, corrected, value=value)
        encoded = stored(app, "styrlogg:Indicator.ValueRecorded", **state).state
        app.recorder.insert_events(
            [StoredEvent(indicator_id, version + 2, "styrlogg:Indicator.ValueRecorded", encoded)]
        )
    indicator: Indicator = app.repository.get(indicator_id)
    assert indicator.version == 3
    assert indicator.facts[(Series.OUTCOME, T2, None)] == (Decimal("59"), "Kommentar")
