"""Loads the demo: the seed documents transcribed into data files, one file per seed.

A file holds `steps`, applied in order through the same use cases as the API:
a decision (a step with `decided_on`), `establish`, `rename`, `reclassify`, `move`,
`dissolve`, `person` (personal data: invented people only), `appoint`, `presidium`,
`end_seat`, `mandate`, `assignment`, `report`, `close`, `plan`, `plan_revision`, `item`
(with `owners`, `[{role, person}]`, and a `lead_organ`), `indicator`, `target`,
`outcome`, `assessment` and `forecast` (with `reported_in`), each naming things by a key.
Ids are uuid5 of the key, so loading twice changes nothing: a step done already is told
by its use case (a thing recorded already, a change that changes nothing, a value given
already). A step lists in `invented` the facts the seed lacks; they go into the event's
reason for auditors to see.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any
from uuid import UUID

from application.assignments import NewAssignment
from application.composition import NewSeat
from application.decisions import NewDecision
from application.grants import NewGrant
from application.indicators import NewIndicator
from application.organs import Change, NewOrgan
from application.plan_items import NewItem
from application.plans import NewPlan
from domain.assignments import Assignee, AssignmentEnded, ReportRecorded
from domain.composition import (
    PresidiumRole,
    PresidiumUnchanged,
    SeatAlreadyEnded,
    SeatExists,
    SeatRole,
)
from domain.decisions import DecisionOutcome, DecisionType
from domain.errors import AlreadyExists
from domain.grants import Role
from domain.ids import natural_id
from domain.indicators import Accumulation, Direction
from domain.organ_corrections import CorrectionChangesNothing
from domain.organ_kinds import Classification, GovernanceLevel, GroupType, OrganKind
from domain.organs import AlreadyDissolved, NothingChanges
from domain.people import PersonalDetails
from domain.period_facts import Assessment, AssessmentBasis, AssessmentStatus
from domain.periods import Period, Periodicity
from domain.plan_items import ItemKind, ItemState, Owner, OwnerRole
from domain.plans import PlanKind, PlanUnchanged
from domain.provenance import Provenance
from interfaces.bootstrap import Container

DEMO_ACTOR = "styrlogg-demo"
CHANGES = ("establish", "rename", "reclassify", "move", "dissolve")
SEAT_CHANGES = ("appoint", "presidium", "end_seat")
PLAN_STEPS = (
    "plan",
    "plan_revision",
    "item",
    "indicator",
    "target",
    "outcome",
    "assessment",
    "forecast",
)


@dataclass
class Report:
    written: int = 0
    already: int = 0


def key_id(key: str) -> UUID:
    return natural_id("demo", key)


def demo_files() -> list[tuple[str, dict[str, Any]]]:
    folder = resources.files("interfaces.demo").joinpath("data")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            found.append(
                (entry.name, json.loads(entry.read_text(encoding="utf-8"), parse_float=Decimal))
            )
    return found


DEMO_GRANTS: tuple[tuple[str, Role, tuple[str, ...]], ...] = (
    ("demo-auditor", Role.AUDITOR, ()),
    ("demo-officer", Role.FOLLOW_UP_OFFICER, ("vgr-regionhalsan",)),
    ("demo-registrar", Role.REGISTRAR, ()),
    ("demo-admin", Role.ADMIN, ()),
)
"""The demo's principals and their roles (invented, not in the seeds): an auditor, a
follow-up officer of Regionhälsan, a registrar and an admin. `styrlogg demo` prints a
token for each."""
DEMO_GRANTS_FROM = date(2023, 1, 1)  # Regionhälsan's board is established that day


def load_demo(container: Container) -> Report:
    report = Report()
    for _, document in demo_files():
        for step in document["steps"]:
            if _apply(container, document["seed"], step):
                report.written += 1
            else:
                report.already += 1
    for principal, role, organs in DEMO_GRANTS:
        if _grant(container, principal, role, tuple(key_id(k) for k in organs)):
            report.written += 1
        else:
            report.already += 1
    return report


def _grant(c: Container, principal: str, role: Role, organs: tuple[UUID, ...]) -> bool:
    grant_id = natural_id("demo-grant", principal, role.value)
    if any(g.grant_id == grant_id for g in c.grants.held(principal, DEMO_GRANTS_FROM)):
        return False
    by = Provenance(actor=DEMO_ACTOR, correlation_id="demo:grants", reason="Demo: invented roles")
    c.grants.give(NewGrant(principal, role, DEMO_GRANTS_FROM, organs, grant_id=grant_id), by)
    return True


def _apply(c: Container, seed: str, step: dict[str, Any]) -> bool:
    """Applies one step; False when it was already there."""
    by = Provenance(actor=DEMO_ACTOR, correlation_id=f"demo:{seed}", reason=_reason(seed, step))
    if "decided_on" in step:
        return _decision(c, step, by)
    if "person" in step:
        return _person(c, step, by)
    if any(k in step for k in SEAT_CHANGES):
        return _seat_change(c, step, by)
    if any(k in step for k in PLAN_STEPS):
        return _plan_step(c, step, by)
    if any(k in step for k in ("assignment", "report", "close")):
        return _assignment_step(c, step, by)
    if "mandate" in step:
        change = Change(date.fromisoformat(step["effective_on"]), key_id(step["decision"]), by)
        content = _with_ids(step["content"])
        return c.mandates.put(key_id(step["mandate"]), content, change).written
    kind, key = next((k, step[k]) for k in CHANGES if k in step)
    change = Change(date.fromisoformat(step["effective_on"]), key_id(step["decision"]), by)
    organ_id = key_id(key)
    if kind == "establish":
        return _done(lambda: c.organs.establish(_new_organ(step), change), AlreadyExists)
    if kind == "rename":
        return _done(lambda: c.organs.rename(organ_id, step["name"], change), NothingChanges)
    if kind == "reclassify":
        classification = _classification(step)
        return _done(lambda: c.organs.reclassify(organ_id, classification, change), NothingChanges)
    if kind == "move":
        parent_id = key_id(step["parent"])
        return _done(lambda: c.organs.move(organ_id, parent_id, change), NothingChanges)
    successors = tuple(key_id(k) for k in step.get("successors", []))
    new = tuple(_new_organ(s) for s in step.get("new_successors", []))
    return _done(
        lambda: c.organs.dissolve(organ_id, change, successors, new),
        AlreadyDissolved,
        CorrectionChangesNothing,  # the same dissolution again, with its reason
        AlreadyExists,  # a new successor's, established by the first run
    )


def _done(write: Callable[[], object], *already: type[Exception]) -> bool:
    """Runs a step's use case; False when it answers that the step was done already."""
    try:
        write()
    except already:
        return False
    return True


def _person(c: Container, step: dict[str, Any], by: Provenance) -> bool:
    employer = key_id(step["employer"]) if step.get("employer") else None
    details = PersonalDetails(step["name"], step.get("title"), employer)
    return _done(lambda: c.people.register(details, by, key_id(step["person"])), AlreadyExists)


def _seat_change(c: Container, step: dict[str, Any], by: Provenance) -> bool:
    change = Change(date.fromisoformat(step["effective_on"]), key_id(step["decision"]), by)
    organ_id = key_id(step["organ"])
    if "appoint" in step:
        new = NewSeat(
            person_id=key_id(step["person_key"]),
            role=SeatRole(step.get("role", "member")),
            presidium_role=_presidium(step.get("presidium_role")),
            representing_id=key_id(step["representing"]) if step.get("representing") else None,
            political_party=step.get("political_party"),
            appointed_by_id=key_id(step["appointed_by"]) if step.get("appointed_by") else None,
            seat_id=key_id(step["appoint"]),
        )
        return _done(lambda: c.composition.appoint(organ_id, new, change), SeatExists)
    if "presidium" in step:
        seat_id, role = key_id(step["presidium"]), _presidium(step["presidium_role"])
        return _done(
            lambda: c.composition.change_presidium(organ_id, seat_id, role, change),
            PresidiumUnchanged,
        )
    ended_id = key_id(step["end_seat"])
    return _done(lambda: c.composition.end(organ_id, ended_id, change), SeatAlreadyEnded)


def _plan_step(c: Container, step: dict[str, Any], by: Provenance) -> bool:
    decision_id = key_id(step["decision"]) if step.get("decision") else None
    if "plan" in step or "plan_revision" in step:
        assert decision_id is not None
        on = date.fromisoformat(step["effective_on"])
        valid_to = date.fromisoformat(step["valid_to"]) if step.get("valid_to") else None
        valid_from = date.fromisoformat(step["valid_from"])
        if "plan_revision" in step:
            plan_id = key_id(step["plan_revision"])
            return _done(
                lambda: c.plans.revise(plan_id, step["name"], valid_from, valid_to, on,
                                       decision_id, by),
                PlanUnchanged,
            )  # fmt: skip
        new = NewPlan(step["name"], PlanKind(step["kind"]), key_id(step["owner"]), valid_from,
                      valid_to, key_id(step["plan"]))  # fmt: skip
        return _done(lambda: c.plans.adopt(new, on, decision_id, by), AlreadyExists)
    if "item" in step:
        owners = tuple(
            Owner(OwnerRole(o["role"]), person_id=key_id(o["person"]))
            for o in step.get("owners", [])
        )
        if step.get("lead_organ"):
            owners = (*owners, Owner(OwnerRole.LEAD_ORGAN, organ_id=key_id(step["lead_organ"])))
        state = ItemState(step["title"], key_id(step["parent"]) if step.get("parent") else None,
                          step.get("target_year"), owners)  # fmt: skip
        item = NewItem(ItemKind(step["kind"]), state, key_id(step["item"]))
        plan_id, on = key_id(step["plan_key"]), date.fromisoformat(step["effective_on"])
        return _done(lambda: c.plan_items.add(plan_id, item, on, by), AlreadyExists)
    if "indicator" in step:
        new_indicator = NewIndicator(
            plan_item_id=key_id(step["item_key"]),
            name=step["name"],
            unit=step["unit"],
            direction=Direction(step["direction"]),
            periodicity=Periodicity(step["periodicity"]),
            accumulation=Accumulation(step.get("accumulation", "period")),
            subject_organ_id=key_id(step["subject"]) if step.get("subject") else None,
            indicator_id=key_id(step["indicator"]),
        )
        return _done(lambda: c.indicators.define(new_indicator, by), AlreadyExists)
    period = Period.parse(step["period"])
    comment = step.get("comment")
    if "target" in step:
        written = c.indicators.set_target(
            key_id(step["target"]), period, Decimal(step["value"]), comment, decision_id, by
        )
    elif "outcome" in step:
        written = c.indicators.report_outcome(
            key_id(step["outcome"]), period, Decimal(step["value"]), comment, by
        )
    elif "forecast" in step:
        made_in = Period.parse(step["reported_in"])
        written = c.indicators.make_forecast(
            key_id(step["forecast"]), period, made_in, Decimal(step["value"]), comment, by
        )
    else:
        basis = AssessmentBasis(step["basis"]) if step.get("basis") else None
        assessment = Assessment(AssessmentStatus(step["status"]), basis, comment)
        written = c.indicators.assess(key_id(step["assessment"]), period, assessment, by)
    return written.written


def _assignment_step(c: Container, step: dict[str, Any], by: Provenance) -> bool:
    if "assignment" in step:
        assignment_id = key_id(step["assignment"])
        new = NewAssignment(
            decision_id=key_id(step["decision"]),
            title=step["title"],
            assignees=tuple(
                Assignee(organ_id=key_id(a["organ"]))
                if "organ" in a
                else Assignee(person_id=key_id(a["person"]))
                for a in step["assignees"]
            ),
            due_on=date.fromisoformat(step["due_on"]) if step.get("due_on") else None,
            due_period=Period.parse(step["due_period"]) if step.get("due_period") else None,
            assignment_id=assignment_id,
        )
        return _done(lambda: c.assignments.give(new, by), AlreadyExists)
    assignment_id = key_id(step.get("report") or step["close"])
    decision_id = key_id(step["decision"]) if step.get("decision") else None
    if "report" in step:
        on = date.fromisoformat(step["reported_on"])
        return _done(
            lambda: c.assignments.report(assignment_id, step["text"], on, decision_id, by),
            ReportRecorded,
        )
    ended_on = date.fromisoformat(step["effective_on"])
    return _done(
        lambda: c.assignments.close(assignment_id, ended_on, decision_id, by), AssignmentEnded
    )


def _with_ids(content: dict[str, Any]) -> dict[str, Any]:
    """The mandate's content with each `organ_id` key replaced by the organ's id."""
    replaced: dict[str, Any] = {}
    for name, value in content.items():
        if isinstance(value, list):
            value = [_with_ids(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            value = _with_ids(value)
        elif name == "organ_id" and value is not None:
            value = str(key_id(value))
        replaced[name] = value
    return replaced


def _presidium(value: str | None) -> PresidiumRole | None:
    return PresidiumRole(value) if value else None


def _decision(c: Container, step: dict[str, Any], by: Provenance) -> bool:
    new = NewDecision(
        decided_on=date.fromisoformat(step["decided_on"]),
        title=step["title"],
        decision_type=DecisionType(step["decision_type"]),
        outcome=DecisionOutcome(step.get("outcome", "adopted")),
        organ_id=key_id(step["organ"]) if step.get("organ") else None,
        paragraph=step.get("paragraph"),
        case_number=step.get("case_number"),
        summary=step.get("summary"),
        decision_id=key_id(step["decision"]),
    )
    return _done(lambda: c.decisions.record(new, by), AlreadyExists)


def _new_organ(step: dict[str, Any]) -> NewOrgan:
    return NewOrgan(
        name=step["name"],
        classification=_classification(step),
        parent_id=key_id(step["parent"]) if step.get("parent") else None,
        code=step.get("code"),
        principal_ids=tuple(key_id(k) for k in step.get("principals", [])),
        organ_id=key_id(step.get("establish") or step["key"]),
    )


def _classification(step: dict[str, Any]) -> Classification:
    return Classification(
        OrganKind(step["kind"]),
        GroupType(step["group_type"]) if step.get("group_type") else None,
        GovernanceLevel(step["governance_level"]) if step.get("governance_level") else None,
    )


def _reason(seed: str, step: dict[str, Any]) -> str:
    reason = step.get("reason") or f"Demo data transcribed from seed {seed}"
    invented = step.get("invented")
    if invented:
        reason += f" (invented, not in the seed: {', '.join(invented)})"
    return str(reason)
