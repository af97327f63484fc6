"""Builders with good defaults, so tests state only what matters to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.app import Styrlogg
from application.decisions import DecisionUseCases, NewDecision
from application.organs import Change, NewOrgan, OrganUseCases
from domain.decisions import DecisionType
from domain.organ_kinds import Classification, GroupType, OrganKind
from domain.provenance import Provenance

BY = Provenance(actor="tester", correlation_id="test-request")


def memory_app() -> Styrlogg:
    return Styrlogg(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


class World:
    """A store with one region and a registration decision to cite."""

    def __init__(self, app: Styrlogg, founded: date = date(1999, 1, 1)) -> None:
        self.app = app
        self.organs = OrganUseCases(app)
        self.decisions = DecisionUseCases(app)
        self.decision_id = self.decision(date(1998, 6, 1), "Registrering av organisationen")
        self.region_id = self.organ("Västra Götalandsregionen", OrganKind.REGION, on=founded)

    def decision(
        self,
        decided_on: date,
        title: str = "Beslut",
        *,
        organ_id: UUID | None = None,
        paragraph: str | None = None,
        decision_type: DecisionType = DecisionType.REGISTRATION,
    ) -> UUID:
        new = NewDecision(
            decided_on=decided_on,
            title=title,
            decision_type=decision_type,
            organ_id=organ_id,
            paragraph=paragraph,
        )
        return self.decisions.record(new, BY).decision.id

    def change(self, on: date, decision_id: UUID | None = None) -> Change:
        return Change(effective_on=on, decision_id=decision_id or self.decision_id, by=BY)

    def organ(
        self,
        name: str,
        kind: OrganKind = OrganKind.COMMITTEE,
        *,
        on: date = date(2010, 1, 1),
        parent_id: UUID | None = None,
        group_type: GroupType | None = None,
        principal_ids: tuple[UUID, ...] = (),
    ) -> UUID:
        if parent_id is None and not kind.is_root:
            parent_id = self.region_id
        new = NewOrgan(
            name=name,
            classification=Classification(kind, group_type),
            parent_id=parent_id,
            principal_ids=principal_ids,
        )
        return self.organs.establish(new, self.change(on)).organ.organ_id
