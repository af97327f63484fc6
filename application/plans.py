"""Plan use cases: adopt, revise and close a plan; set a period's deadline, submit its
follow-up and lock it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from application.authority import check_may_report, current_authority
from domain.decisions import Decision
from domain.grants import Role
from domain.organs import Organ
from domain.periods import Period
from domain.plans import Plan, PlanKind
from domain.provenance import Provenance


@dataclass(frozen=True)
class NewPlan:
    name: str
    kind: PlanKind
    owner_organ_id: UUID
    valid_from: date
    valid_to: date | None
    plan_id: UUID | None = None


@dataclass(frozen=True)
class Written:
    """A plan, plan item or indicator as one command left it."""

    thing_id: UUID
    version: int
    position: int
    written: bool = True
    """False when the command wrote nothing (the same value again)."""


class PlanUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def adopt(self, new: NewPlan, on: date, decision_id: UUID, by: Provenance) -> Written:
        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            organ = loaded.get(Organ, new.owner_organ_id, what="organ", field="owner_organ_id")
            organ.check_exists_on(on, field="owner_organ_id", role="owner organ")
            plan = loaded.add(
                Plan.adopt(
                    plan_id=new.plan_id or uuid4(),
                    name=new.name,
                    kind=new.kind,
                    owner_organ_id=new.owner_organ_id,
                    valid_from=new.valid_from,
                    valid_to=new.valid_to,
                    effective_on=on,
                    decision_id=decision_id,
                    by=by,
                )
            )
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def revise(
        self,
        plan_id: UUID,
        name: str,
        valid_from: date,
        valid_to: date | None,
        on: date,
        decision_id: UUID,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        """Revises the plan's own fields; `expected` is the plan version If-Match names."""

        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            plan.revise(name, valid_from, valid_to, on, decision_id, by)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def close(
        self,
        plan_id: UUID,
        on: date,
        decision_id: UUID,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        def command() -> Written:
            loaded = _with_decision(self.app, decision_id)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            plan.close(on, decision_id, by)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)

    def set_deadline(
        self,
        plan_id: UUID,
        period: Period,
        due_on: date,
        by: Provenance,
        expected: int | None = None,
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            written = plan.set_deadline(period, due_on, by)
            position = loaded.save_if(written)
            return Written(plan.id, plan.version, position, written)

        return self.app.write(command)

    def submit(
        self, plan_id: UUID, period: Period, by: Provenance, expected: int | None = None
    ) -> Written:
        """Submits (klarmarkerar) the plan's follow-up for a period: a registrar's, or a
        follow-up officer's of the plan's owner organ (or an organ above it)."""

        def submit(loaded: Loaded, plan: Plan) -> None:
            if Role.REGISTRAR not in current_authority.get().roles:
                check_may_report(
                    [plan.owner_organ_id],
                    period.last_day(),
                    lambda organ_id: (
                        loaded.get(Organ, organ_id, what="organ") if loaded.has(organ_id) else None
                    ),
                    "the plan",
                )
            plan.submit(period, by)

        return self._plan_period(plan_id, submit, expected)

    def lock(
        self, plan_id: UUID, period: Period, by: Provenance, expected: int | None = None
    ) -> Written:
        """Locks the plan's period: later values only from a corrector."""
        return self._plan_period(plan_id, lambda _, plan: plan.lock(period, by), expected)

    def _plan_period(
        self, plan_id: UUID, change: Callable[[Loaded, Plan], None], expected: int | None
    ) -> Written:
        def command() -> Written:
            loaded = Loaded(self.app)
            plan = loaded.get(Plan, plan_id, what="plan", expected=expected)
            change(loaded, plan)
            return Written(plan.id, plan.version, loaded.save())

        return self.app.write(command)


def _with_decision(app: Styrlogg, decision_id: UUID) -> Loaded:
    loaded = Loaded(app)
    loaded.get(Decision, decision_id, what="decision", field="decision_id")
    return loaded
