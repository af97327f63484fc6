"""Decision use cases: record a decision, holding its § within the organ's year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from application.app import Loaded, Styrlogg
from domain.decisions import (
    Decision,
    DecisionOutcome,
    DecisionType,
    DuplicateParagraph,
    ParagraphClaim,
    check_deciding_organ,
)
from domain.organs import Organ
from domain.provenance import Provenance


@dataclass(frozen=True)
class NewDecision:
    decided_on: date
    title: str
    decision_type: DecisionType
    outcome: DecisionOutcome = DecisionOutcome.ADOPTED
    organ_id: UUID | None = None
    paragraph: str | None = None
    case_number: str | None = None
    summary: str | None = None
    decision_id: UUID | None = None


@dataclass(frozen=True)
class DecisionWritten:
    """The decision as recorded."""

    decision_id: UUID
    organ_id: UUID | None
    decided_on: date
    paragraph: str | None
    case_number: str | None
    title: str
    summary: str | None
    decision_type: DecisionType
    outcome: DecisionOutcome
    version: int
    position: int


class DecisionUseCases:
    def __init__(self, app: Styrlogg) -> None:
        self.app = app

    def record(self, new: NewDecision, by: Provenance) -> DecisionWritten:
        def command() -> DecisionWritten:
            loaded = Loaded(self.app)
            decision = record_decision(loaded, new, by)
            position = loaded.save()
            return DecisionWritten(
                decision_id=decision.id,
                organ_id=decision.organ_id,
                decided_on=decision.decided_on,
                paragraph=decision.paragraph,
                case_number=decision.case_number,
                title=decision.title,
                summary=decision.summary,
                decision_type=decision.decision_type,
                outcome=decision.outcome,
                version=decision.version,
                position=position,
            )

        return self.app.write(command)


def record_decision(loaded: Loaded, new: NewDecision, by: Provenance) -> Decision:
    """Records the decision into `loaded`, holding its § for the organ's year."""
    organ = None
    if new.organ_id is not None:
        organ = loaded.get(Organ, new.organ_id, what="organ", field="organ_id")
    decision = Decision.record(
        decision_id=new.decision_id or uuid4(),
        organ_id=new.organ_id,
        decided_on=new.decided_on,
        paragraph=new.paragraph,
        case_number=new.case_number,
        title=new.title,
        summary=new.summary,
        decision_type=new.decision_type,
        outcome=new.outcome,
        by=by,
    )
    loaded.check_new(decision)  # recorded already says so, not that its § is held (by it)
    if organ is not None:
        check_deciding_organ(organ, decision.decision_type, decision.decided_on)
    claim = ParagraphClaim.claim(decision)
    if claim is not None and loaded.has(claim.id):
        held = loaded.get(ParagraphClaim, claim.id, what="paragraph")
        raise DuplicateParagraph(
            f"{new.paragraph} of {new.decided_on.year} is already recorded for this"
            f" organ (decision {held.decision_id})",
            field="paragraph",
        )
    loaded.add(decision)
    if claim is not None:
        loaded.add(claim)
    return decision
