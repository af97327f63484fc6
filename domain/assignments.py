"""Assignment (uppdrag): a task a decision gives to organs or people, due on a date or in a
period, reported back (återrapportering), then closed or withdrawn.

An assignment holds from its decision's meeting date (or a later `effective_on`). Its
status over valid time follows from its dated reports and its end: open, reported from
the first report's date, closed or withdrawn from the end's date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.periods import Period
from domain.provenance import Provenance


class AssignmentStatus(Enum):
    OPEN = "open"
    REPORTED = "reported"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class AssignmentEnded(RuleConflict):
    """The assignment was closed or withdrawn already, before that date."""


class BeforeAssignment(RuleConflict):
    """The date comes before the assignment holds."""


class ReportRecorded(RuleConflict):
    """The same report (date, text and decision) is recorded already."""


@dataclass(frozen=True)
class Assignee:
    """Who an assignment is given to: an organ or a person; exactly one."""

    organ_id: UUID | None = None
    person_id: UUID | None = None

    @property
    def id(self) -> UUID:
        found = self.organ_id or self.person_id
        assert found is not None
        return found


def assignee_of_text(data: Mapping[str, str]) -> Assignee:
    """An assignee from its text form, `{organ_id}` or `{person_id}`: as version 1 of
    `Given` held it, and as `event_data.plain` writes it."""
    return Assignee(
        UUID(data["organ_id"]) if "organ_id" in data else None,
        UUID(data["person_id"]) if "person_id" in data else None,
    )


@dataclass(frozen=True)
class Report:
    reported_on: date
    text: str
    decision_id: UUID | None


@dataclass(frozen=True)
class StatusSpan:
    valid_from: date
    valid_to: date | None
    status: AssignmentStatus


class AssignmentRecord:
    """One assignment in valid time: when it holds, its reports, and how it ended."""

    def __init__(
        self,
        *,
        assignment_id: UUID,
        decision_id: UUID,
        title: str,
        assignees: tuple[Assignee, ...],
        starts_on: date,
        due_on: date | None,
        due_period: Period | None,
    ) -> None:
        self.assignment_id = assignment_id
        self.decision_id = decision_id
        self.title = title
        self.assignees = assignees
        self.starts_on = starts_on
        self.due_on = due_on
        self.due_period = due_period
        self.reports: list[Report] = []
        self.ended: tuple[date, AssignmentStatus] | None = None

    def status_on(self, on: date) -> AssignmentStatus | None:
        if on < self.starts_on:
            return None
        if self.ended is not None and on >= self.ended[0]:
            return self.ended[1]
        if any(r.reported_on <= on for r in self.reports):
            return AssignmentStatus.REPORTED
        return AssignmentStatus.OPEN

    def spans(self) -> list[StatusSpan]:
        days = {self.starts_on, *(r.reported_on for r in self.reports)}
        if self.ended is not None:
            days.add(self.ended[0])
        ordered = sorted(d for d in days if d >= self.starts_on)
        found: list[StatusSpan] = []
        for on in ordered:
            status = self.status_on(on)
            assert status is not None
            if found and found[-1].status is status:
                continue
            if found:
                found[-1] = StatusSpan(found[-1].valid_from, on, found[-1].status)
            found.append(StatusSpan(on, None, status))
        return found

    def reported_late(self) -> bool:
        if self.due_on is None or not self.reports:
            return False
        return min(r.reported_on for r in self.reports) > self.due_on


class Assignment(Aggregate, created_event_name="Given"):
    TOPIC = "styrlogg:Assignment"

    if TYPE_CHECKING:  # set by Given.apply; a class annotation would become a field
        record: AssignmentRecord

    class Event(Aggregate.Event):
        effective_on: date
        actor: str
        correlation_id: str | None
        reason: str | None

        def apply(self, aggregate: Assignment) -> None:
            self.evolve(aggregate.record)

        def evolve(self, record: AssignmentRecord) -> None:
            """Changes the valid-time record; projections call this too."""

    class Given(Event, Aggregate.Created):
        TOPIC = "styrlogg:Assignment.Given"
        class_version = 2
        decision_id: UUID
        title: str
        assignees: list[Assignee]
        due_on: date | None
        due_period: Period | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 held each assignee as text ({organ_id} or {person_id}) and the
            period as its text (2017-T1)."""
            state["assignees"] = [assignee_of_text(a) for a in state["assignees"]]
            if state["due_period"] is not None:
                state["due_period"] = Period.parse(state["due_period"])

        def apply(self, aggregate: Assignment) -> None:
            aggregate.record = self.new_record()

        def new_record(self) -> AssignmentRecord:
            return AssignmentRecord(
                assignment_id=self.originator_id,
                decision_id=self.decision_id,
                title=self.title,
                assignees=tuple(self.assignees),
                starts_on=self.effective_on,
                due_on=self.due_on,
                due_period=self.due_period,
            )

    Created = Given

    class ReportedBack(Event):
        TOPIC = "styrlogg:Assignment.ReportedBack"
        text: str
        decision_id: UUID | None

        def evolve(self, record: AssignmentRecord) -> None:
            record.reports.append(Report(self.effective_on, self.text, self.decision_id))

    class Closed(Event):
        TOPIC = "styrlogg:Assignment.Closed"
        decision_id: UUID | None

        def evolve(self, record: AssignmentRecord) -> None:
            record.ended = (self.effective_on, AssignmentStatus.CLOSED)

    class Withdrawn(Event):
        TOPIC = "styrlogg:Assignment.Withdrawn"
        decision_id: UUID

        def evolve(self, record: AssignmentRecord) -> None:
            record.ended = (self.effective_on, AssignmentStatus.WITHDRAWN)

    @classmethod
    def give(
        cls,
        *,
        assignment_id: UUID,
        decision_id: UUID,
        decided_on: date,
        title: str,
        assignees: tuple[Assignee, ...],
        due_on: date | None,
        due_period: Period | None,
        effective_on: date | None,
        by: Provenance,
    ) -> Assignment:
        if not title.strip():
            raise InvalidCommand("a title must not be blank", field="title")
        if not assignees:
            raise InvalidCommand("name at least one organ or person", field="assignees")
        for index, assignee in enumerate(assignees):
            if (assignee.organ_id is None) == (assignee.person_id is None):
                raise InvalidCommand(
                    "give either organ_id or person_id", field=f"assignees.{index}.organ_id"
                )
        if len({a.id for a in assignees}) != len(assignees):
            raise InvalidCommand("an assignee is named twice", field="assignees")
        if due_on is not None and due_period is not None:
            raise InvalidCommand("give due_on or due_period, not both", field="due_period")
        starts_on = effective_on or decided_on
        if starts_on < decided_on:
            raise InvalidCommand(
                f"an assignment holds from its decision's date ({decided_on}) at the earliest",
                field="effective_on",
            )
        due = due_period.last_day() if due_period is not None else due_on
        if due is not None and due < starts_on:
            raise InvalidCommand(
                f"due {due}, before the assignment holds from {starts_on}",
                field="due_period" if due_period is not None else "due_on",
            )
        assignment: Assignment = cls._create(
            cls.Given,
            id=assignment_id,
            decision_id=decision_id,
            title=title.strip(),
            assignees=list(assignees),
            due_on=due,
            due_period=due_period,
            effective_on=starts_on,
            **_provenance(by),
        )
        return assignment

    def report(
        self, text: str, reported_on: date, decision_id: UUID | None, by: Provenance
    ) -> None:
        if not text.strip():
            raise InvalidCommand("a report needs its text", field="text")
        if Report(reported_on, text.strip(), decision_id) in self.record.reports:
            raise ReportRecorded(f"this report of {reported_on} is recorded already")
        self._check_open_on(reported_on, "reported_on")
        self.trigger_event(
            self.ReportedBack,
            effective_on=reported_on,
            text=text.strip(),
            decision_id=decision_id,
            **_provenance(by),
        )

    def close(self, on: date, decision_id: UUID | None, by: Provenance) -> None:
        self._check_end(on)
        self.trigger_event(self.Closed, effective_on=on, decision_id=decision_id, **_provenance(by))

    def withdraw(self, on: date, decision_id: UUID, by: Provenance) -> None:
        self._check_end(on)
        self.trigger_event(
            self.Withdrawn, effective_on=on, decision_id=decision_id, **_provenance(by)
        )

    def _check_open_on(self, on: date, field: str) -> None:
        record = self.record
        if on < record.starts_on:
            raise BeforeAssignment(
                f"{field} {on} comes before the assignment holds ({record.starts_on})",
                field=field,
            )
        if record.ended is not None and on >= record.ended[0]:
            raise AssignmentEnded(
                f"the assignment was {record.ended[1].value} from {record.ended[0]}", field=field
            )

    def _check_end(self, on: date) -> None:
        record = self.record
        if record.ended is not None:
            raise AssignmentEnded(
                f"the assignment was {record.ended[1].value} from {record.ended[0]}"
            )
        self._check_open_on(on, "effective_on")
        last = max((r.reported_on for r in record.reports), default=None)
        if last is not None and on < last:
            raise BeforeAssignment(
                f"a report dated {last} is recorded; the end cannot come before it",
                field="effective_on",
            )


def _provenance(by: Provenance) -> dict[str, Any]:
    return {"actor": by.actor, "correlation_id": by.correlation_id, "reason": by.reason}
