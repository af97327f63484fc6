"""Decision (beslut): the authority every change cites — organ, meeting date, §, case number."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import InvalidCommand, RuleConflict
from domain.ids import natural_id
from domain.organ_kinds import OrganKind
from domain.organs import Organ
from domain.provenance import Provenance


class DecisionType(Enum):
    MEETING_DECISION = "meeting_decision"
    DELEGATED = "delegated"
    EXECUTIVE = "executive"
    CHAIR_URGENT = "chair_urgent"
    GROUP_POSITION = "group_position"
    RECOMMENDATION = "recommendation"
    REGISTRATION = "registration"


DECISIONS_PROPER = frozenset(
    {
        DecisionType.MEETING_DECISION,
        DecisionType.DELEGATED,
        DecisionType.EXECUTIVE,
        DecisionType.CHAIR_URGENT,
    }
)
"""Decisions that exercise a power to decide: the committee's own at a meeting, one taken
under its delegation, an official's, or the chair's in an urgent matter."""

DECIDES_NOTHING = frozenset({OrganKind.PREPARATORY_COMMITTEE, OrganKind.GROUP})
"""A preparatory committee (beredning) "prepares matters; no power to decide" (seed 001:
"ingen beslutsrätt"); a region-wide group "takes no decisions itself" (seed 002:
"Grupperna i sig fattar inga beslut"). Each may still recommend, and a group take a
position (`group_position`); neither holds a delegation, an official's power or a chair's."""


class OrganDecidesNothing(RuleConflict):
    """The deciding organ is, on the decision's date, of a kind that decides nothing."""


def check_deciding_organ(organ: Organ, decision_type: DecisionType, decided_on: date) -> None:
    """The deciding organ exists on `decided_on` and, as it is classified that day, has
    the power the decision type exercises."""
    organ.check_exists_on(decided_on, field="organ_id", role="deciding organ")
    kind = organ.record.classifications.at(decided_on).kind
    if kind in DECIDES_NOTHING and decision_type in DECISIONS_PROPER:
        takes = "a recommendation" + (" or a group_position" if kind is OrganKind.GROUP else "")
        raise OrganDecidesNothing(
            f"the deciding organ is a {kind.value} on {decided_on}, which has no power to"
            f" decide: it takes no {decision_type.value}, only {takes}",
            field="decision_type",
        )


class DecisionOutcome(Enum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    REFERRED_BACK = "referred_back"
    TABLED = "tabled"
    NOTED = "noted"


class Decision(Aggregate, created_event_name="Recorded"):
    TOPIC = "styrlogg:Decision"

    class Event(Aggregate.Event):
        actor: str
        correlation_id: str | None
        reason: str | None

    class Recorded(Event, Aggregate.Created):
        TOPIC = "styrlogg:Decision.Recorded"
        organ_id: UUID | None
        decided_on: date
        paragraph: str | None
        case_number: str | None
        title: str
        summary: str | None
        decision_type: DecisionType
        outcome: DecisionOutcome

    Created = Recorded

    def __init__(
        self,
        *,
        organ_id: UUID | None,
        decided_on: date,
        paragraph: str | None,
        case_number: str | None,
        title: str,
        summary: str | None,
        decision_type: DecisionType,
        outcome: DecisionOutcome,
    ) -> None:
        self.organ_id = organ_id
        self.decided_on = decided_on
        self.paragraph = paragraph
        self.case_number = case_number
        self.title = title
        self.summary = summary
        self.decision_type = decision_type
        self.outcome = outcome

    @classmethod
    def record(
        cls,
        *,
        decision_id: UUID,
        organ_id: UUID | None,
        decided_on: date,
        paragraph: str | None,
        case_number: str | None,
        title: str,
        summary: str | None,
        decision_type: DecisionType,
        outcome: DecisionOutcome,
        by: Provenance,
    ) -> Decision:
        if organ_id is None and decision_type is not DecisionType.REGISTRATION:
            raise InvalidCommand(
                "only a registration may omit the deciding organ", field="organ_id"
            )
        if not title.strip():
            raise InvalidCommand("a title must not be blank", field="title")
        if paragraph is not None and not paragraph_key(paragraph):
            raise InvalidCommand("a paragraph needs a number or a label", field="paragraph")
        decision: Decision = cls._create(
            cls.Recorded,
            id=decision_id,
            organ_id=organ_id,
            decided_on=decided_on,
            paragraph=paragraph,
            case_number=case_number,
            title=title.strip(),
            summary=summary,
            decision_type=decision_type,
            outcome=outcome,
            actor=by.actor,
            correlation_id=by.correlation_id,
            reason=by.reason,
        )
        return decision


class DuplicateParagraph(RuleConflict):
    """The organ has already recorded a decision under that § that year."""


class ParagraphClaim(Aggregate, created_event_name="Claimed"):
    """Holds one § of one organ's calendar year for one decision: a second claim collides."""

    TOPIC = "styrlogg:ParagraphClaim"

    class Event(Aggregate.Event):
        pass

    class Claimed(Event, Aggregate.Created):
        TOPIC = "styrlogg:ParagraphClaim.Claimed"
        decision_id: UUID

    Created = Claimed

    def __init__(self, *, decision_id: UUID) -> None:
        self.decision_id = decision_id

    @staticmethod
    def id_for(organ_id: UUID, year: int, paragraph: str) -> UUID:
        return natural_id("paragraph", str(organ_id), str(year), paragraph_key(paragraph))

    @classmethod
    def claim(cls, decision: Decision) -> ParagraphClaim | None:
        if decision.organ_id is None or decision.paragraph is None:
            return None
        claim_id = cls.id_for(decision.organ_id, decision.decided_on.year, decision.paragraph)
        claimed: ParagraphClaim = cls._create(cls.Claimed, id=claim_id, decision_id=decision.id)
        return claimed


def paragraph_key(paragraph: str) -> str:
    """'§ 61', '§61' and '61' name the same paragraph; the text itself is kept verbatim."""
    return re.sub(r"[\s§]+", "", paragraph).lower()
