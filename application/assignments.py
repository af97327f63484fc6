"""Assignment use cases: give a task by a decision, report back, close, withdraw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from domain.assignments import Assignee, Assignment, AssignmentStatus
from domain.decisions import Decision
from domain.organs import Organ
from domain.people import Person
from domain.periods import Period
from domain.provenance import Provenance


@dataclass(frozen=True)
class NewAssignment:
    decision_id: UUID
    title: str
    assignees: tuple[Assignee, ...]
    due_on: date | None = None
    due_period: Period | None = None
    effective_on: date | None = None
    assignment_id: UUID | None = None


@dataclass(frozen=True)
class AssignmentWritten:
    """The assignment as the command left it, its status on the command's own date."""

    assignment_id: UUID
    status: AssignmentStatus | None
    decision_id: UUID
    starts_on: date
    due_on: date | None
    due_period: Period | None
    version: int
    position: int

    @classmethod
    def of(cls, assignment: Assignment, on: date, position: int) -> AssignmentWritten:
        record = assignment.record
        return cls(
            assignment_id=assignment.id,
            status=record.status_on(on),
            decision_id=record.decision_id,
            starts_on=record.starts_on,
            due_on=record.due_on,
            due_period=record.due_period,
            version=assignment.version,
            position=position,
        )


class AssignmentUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def give(self, new: NewAssignment, by: Provenance) -> AssignmentWritten:
        def command() -> AssignmentWritten:
            loaded = Loaded(self.app)
            decision = loaded.get(Decision, new.decision_id, what="decision", field="decision_id")
            starts_on = new.effective_on or decision.decided_on
            for assignee in new.assignees:
                if assignee.organ_id is not None:
                    organ = loaded.get(Organ, assignee.organ_id, what="organ", field="assignees")
                    organ.check_exists_on(starts_on, field="assignees", role="assignee")
                if assignee.person_id is not None:
                    loaded.get(Person, assignee.person_id, what="person", field="assignees")
            assignment = Assignment.give(
                assignment_id=new.assignment_id or uuid4(),
                decision_id=decision.id,
                decided_on=decision.decided_on,
                title=new.title,
                assignees=new.assignees,
                due_on=new.due_on,
                due_period=new.due_period,
                effective_on=new.effective_on,
                by=by,
            )
            loaded.add(assignment)
            position = loaded.save()
            return AssignmentWritten.of(assignment, assignment.record.starts_on, position)

        return self.app.write(command)

    def report(
        self,
        assignment_id: UUID,
        text: str,
        reported_on: date,
        decision_id: UUID | None,
        by: Provenance,
        expected: int | None = None,
    ) -> AssignmentWritten:
        def command() -> AssignmentWritten:
            loaded, assignment = self._begin(assignment_id, decision_id, expected)
            assignment.report(text, reported_on, decision_id, by)
            return AssignmentWritten.of(assignment, reported_on, loaded.save())

        return self.app.write(command)

    def close(
        self,
        assignment_id: UUID,
        on: date,
        decision_id: UUID | None,
        by: Provenance,
        expected: int | None = None,
    ) -> AssignmentWritten:
        def command() -> AssignmentWritten:
            loaded, assignment = self._begin(assignment_id, decision_id, expected)
            assignment.close(on, decision_id, by)
            return AssignmentWritten.of(assignment, on, loaded.save())

        return self.app.write(command)

    def withdraw(
        self,
        assignment_id: UUID,
        on: date,
        decision_id: UUID,
        by: Provenance,
        expected: int | None = None,
    ) -> AssignmentWritten:
        def command() -> AssignmentWritten:
            loaded, assignment = self._begin(assignment_id, decision_id, expected)
            assignment.withdraw(on, decision_id, by)
            return AssignmentWritten.of(assignment, on, loaded.save())

        return self.app.write(command)

    def _begin(
        self, assignment_id: UUID, decision_id: UUID | None, expected: int | None
    ) -> tuple[Loaded, Assignment]:
        """The assignment, at the version If-Match names (`expected`) when one is named."""
        loaded = Loaded(self.app)
        assignment = loaded.get(Assignment, assignment_id, what="assignment", expected=expected)
        if decision_id is not None:
            loaded.get(Decision, decision_id, what="decision", field="decision_id")
        return loaded, assignment
