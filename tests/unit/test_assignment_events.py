"""Assignment.Given holds typed assignees and periods; version 1 held their text."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.assignments import Assignee, Assignment
from domain.event_data import event_data
from domain.periods import Period
from domain.provenance import Provenance
from tests.builders import memory_app

BY = Provenance(actor="tester", correlation_id="test-request")
ORGAN = UUID("6f1c0c4e-0000-4000-8000-000000000001")
PERSON = UUID("6f1c0c4e-0000-4000-8000-000000000002")


class GivenInVersion1(Aggregate.Created):
    """Assignment.Given as releases before 0.4 declared it."""

    effective_on: date
    actor: str
    correlation_id: str | None
    reason: str | None
    decision_id: UUID
    title: str
    assignees: list[dict[str, str]]
    due_on: date | None
    due_period: str | None


def test_a_version_1_assignment_reads_back_with_typed_assignees_and_period() -> None:
    app = memory_app()
    assignment_id = uuid4()
    fields: dict[str, Any] = {
        "originator_id": assignment_id,
        "originator_version": 1,
        "timestamp": datetime.now(UTC),
        "originator_topic": Assignment.TOPIC,
        "effective_on": date(2016, 9, 19),
        "actor": "tester",
        "correlation_id": None,
        "reason": None,
        "decision_id": uuid4(),
        "title": "Utred",
        "assignees": [{"organ_id": str(ORGAN)}, {"person_id": str(PERSON)}],
        "due_on": date(2017, 4, 30),
        "due_period": "2017-T1",
    }
    old = GivenInVersion1(**fields)
    stored = app.mapper.to_stored_event(old)
    app.recorder.insert_events([dataclasses.replace(stored, topic=Assignment.Given.TOPIC)])

    event = app.mapper.to_domain_event(app.recorder.select_events(assignment_id)[0])
    assert isinstance(event, Assignment.Given)
    assert event.assignees == [Assignee(organ_id=ORGAN), Assignee(person_id=PERSON)]
    assert event.due_period == Period.parse("2017-T1")
    # The event feed shows them as version 1 held them: only the id that is set.
    data = event_data(event)
    assert data["assignees"] == [{"organ_id": str(ORGAN)}, {"person_id": str(PERSON)}]
    assert data["due_period"] == "2017-T1"
    assignment: Aggregate = app.repository.get(assignment_id)
    assert isinstance(assignment, Assignment)
    assert assignment.record.assignees == (Assignee(organ_id=ORGAN), Assignee(person_id=PERSON))


def test_a_given_assignment_stores_its_assignees_and_period_as_values() -> None:
    app = memory_app()
    assignment = Assignment.give(
        assignment_id=uuid4(),
        decision_id=uuid4(),
        decided_on=date(2016, 9, 19),
        title="Utred",
        assignees=(Assignee(person_id=PERSON),),
        due_on=None,
        due_period=Period.parse("2017-T1"),
        effective_on=None,
        by=BY,
    )
    app.save(assignment)

    stored = app.recorder.select_events(assignment.id)[0]
    state = app.mapper.transcoder.decode(stored.state)
    assert state["class_version"] == 2
    assert state["assignees"] == [Assignee(person_id=PERSON)]
    event = app.mapper.to_domain_event(stored)
    assert isinstance(event, Assignment.Given)
    assert (event.assignees, event.due_period) == (
        [Assignee(person_id=PERSON)],
        Period.parse("2017-T1"),
    )
