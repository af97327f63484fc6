"""The library's class_version and upcast_vN_vN+1, read through the Styrlogg application."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from application.app import Styrlogg
from tests.builders import memory_app


class Notebook(Aggregate, created_event_name="Opened"):
    """A test-only aggregate whose `Noted` gained `effective_on` in class_version 2."""

    TOPIC = "styrlogg-test:Notebook"

    class Event(Aggregate.Event):
        pass

    class Opened(Event, Aggregate.Created):
        TOPIC = "styrlogg-test:Notebook.Opened"

    Created = Opened

    class Noted(Event):
        TOPIC = "styrlogg-test:Notebook.Noted"
        class_version = 2
        text: str
        noted_on: date
        effective_on: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["effective_on"] = state["noted_on"]

        def apply(self, aggregate: Notebook) -> None:
            aggregate.entries.append((self.effective_on, self.text))

    class Corrected(Noted):
        """Inherits Noted's class_version and upcaster."""

        TOPIC = "styrlogg-test:Notebook.Corrected"
        reason: str

    def __init__(self) -> None:
        self.entries: list[tuple[date, str]] = []

    @classmethod
    def open(cls) -> Notebook:
        notebook: Notebook = cls._create(cls.Opened, id=uuid4())
        return notebook

    def note(self, text: str, noted_on: date, effective_on: date) -> None:
        self.trigger_event(self.Noted, text=text, noted_on=noted_on, effective_on=effective_on)


class NotedInVersion1(Aggregate.Event):
    """Notebook.Noted as an earlier release declared it."""

    text: str
    noted_on: date


class CorrectedInVersion1(NotedInVersion1):
    reason: str


def stored_by_an_earlier_release(app: Styrlogg, event: Aggregate.Event, topic: str) -> None:
    """Stores the event as the release whose class under `topic` had the event's shape."""
    stored = app.mapper.to_stored_event(event)
    app.recorder.insert_events([dataclasses.replace(stored, topic=topic)])


def opened_notebook(app: Styrlogg) -> UUID:
    notebook = Notebook.open()
    app.save(notebook)
    return notebook.id


def version_1_fields(notebook_id: UUID) -> dict[str, Any]:
    return {
        "originator_id": notebook_id,
        "originator_version": 2,
        "timestamp": datetime.now(UTC),
        "text": "Protokollet justerat",
        "noted_on": date(2024, 3, 12),
    }


def test_an_event_stored_at_version_1_is_upcast_to_version_2_when_read() -> None:
    app = memory_app()
    notebook_id = opened_notebook(app)
    old = NotedInVersion1(**version_1_fields(notebook_id))
    stored_by_an_earlier_release(app, old, Notebook.Noted.TOPIC)

    stored = app.recorder.select_events(notebook_id)[-1]
    assert "class_version" not in app.mapper.transcoder.decode(stored.state)
    event = app.mapper.to_domain_event(stored)
    assert type(event) is Notebook.Noted
    # The upcaster sees decoded values: the date our transcoding made from its ISO text.
    assert type(event.effective_on) is date
    assert event.effective_on == date(2024, 3, 12)
    notebook: Aggregate = app.repository.get(notebook_id)
    assert isinstance(notebook, Notebook)
    assert notebook.entries == [(date(2024, 3, 12), "Protokollet justerat")]


def test_an_event_written_at_version_2_records_its_version_and_is_read_as_written() -> None:
    app = memory_app()
    notebook = Notebook.open()
    notebook.note("Protokollet justerat", noted_on=date(2024, 3, 12), effective_on=date(2024, 4, 1))
    app.save(notebook)

    stored = app.recorder.select_events(notebook.id)[-1]
    assert app.mapper.transcoder.decode(stored.state)["class_version"] == 2
    event = app.mapper.to_domain_event(stored)
    assert isinstance(event, Notebook.Noted)
    assert event.effective_on == date(2024, 4, 1)


def test_an_event_subclassing_a_versioned_event_is_upcast_by_the_inherited_upcaster() -> None:
    app = memory_app()
    notebook_id = opened_notebook(app)
    old = CorrectedInVersion1(**{**version_1_fields(notebook_id), "reason": "Fel datum"})
    stored_by_an_earlier_release(app, old, Notebook.Corrected.TOPIC)

    event = app.mapper.to_domain_event(app.recorder.select_events(notebook_id)[-1])
    assert isinstance(event, Notebook.Corrected)
    assert (event.effective_on, event.reason) == (date(2024, 3, 12), "Fel datum")
