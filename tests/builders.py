"""Builders with good defaults, so tests state only what matters to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.app import Styrlogg
from application.assignments import AssignmentUseCases
from application.composition import CompositionUseCases, NewSeat
from application.decisions import DecisionUseCases, NewDecision
from application.indicators import IndicatorUseCases, NewIndicator
from application.mandates import MandateUseCases
from application.organs import Change, NewOrgan, OrganUseCases
from application.people import PeopleUseCases
from application.plan_items import NewItem, PlanItemUseCases
from application.plans import NewPlan, PlanUseCases
from domain.composition import PresidiumRole, SeatRole
from domain.decisions import DecisionType
from domain.indicators import Accumulation, Direction
from domain.organ_kinds import Classification, GroupType, OrganKind
from domain.people import PersonalDetails
from domain.periods import Periodicity
from domain.plan_items import ItemKind, ItemState
from domain.plans import PlanKind
from domain.provenance import Provenance
from interfaces.registers.personal_data import SqlPersonalData, create_personal_data
from interfaces.settings import Settings
from projections.sqlite import SQLiteDatabase

BY = Provenance(actor="tester", correlation_id="test-request")


def memory_app() -> Styrlogg:
    return Styrlogg(env=Settings(database_url="memory://").store_env())


class World:
    """A store with one region and a registration decision to cite."""

    def __init__(
        self,
        app: Styrlogg,
        founded: date = date(1999, 1, 1),
        personal_data: SqlPersonalData | None = None,
    ) -> None:
        self.app = app
        self.organs = OrganUseCases(app)
        self.decisions = DecisionUseCases(app)
        self.personal_data = personal_data or in_memory_personal_data()
        self.people = PeopleUseCases(app, self.personal_data)
        self.composition = CompositionUseCases(app)
        self.mandates = MandateUseCases(app)
        self.assignments = AssignmentUseCases(app)
        self.plans = PlanUseCases(app)
        self.plan_items = PlanItemUseCases(app)
        self.indicators = IndicatorUseCases(app)
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
        return self.decisions.record(new, BY).decision_id

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
        code: str | None = None,
    ) -> UUID:
        if parent_id is None and not kind.is_root:
            parent_id = self.region_id
        new = NewOrgan(
            name=name,
            classification=Classification(kind, group_type),
            parent_id=parent_id,
            code=code,
            principal_ids=principal_ids,
        )
        return self.organs.establish(new, self.change(on)).organ.organ_id

    def person(self, name: str = "Anna Andersson", title: str | None = None) -> UUID:
        return self.people.register(PersonalDetails(name, title), BY).person_id

    def seat(
        self,
        organ_id: UUID,
        person_id: UUID,
        on: date = date(2015, 1, 1),
        *,
        role: SeatRole = SeatRole.MEMBER,
        presidium_role: PresidiumRole | None = None,
        representing_id: UUID | None = None,
        political_party: str | None = None,
    ) -> UUID:
        new = NewSeat(
            person_id=person_id,
            role=role,
            presidium_role=presidium_role,
            representing_id=representing_id,
            political_party=political_party,
        )
        return self.composition.appoint(organ_id, new, self.change(on)).seat_id

    def plan(self, name: str = "Verksamhetsplan 2024", on: date = date(2024, 1, 1)) -> UUID:
        """An operational plan of the region's, open-ended, adopted on `on`."""
        new = NewPlan(name, PlanKind.OPERATIONAL_PLAN, self.region_id, on, None)
        return self.plans.adopt(new, on, self.decision_id, BY).thing_id

    def plan_item(
        self,
        plan_id: UUID,
        title: str,
        kind: ItemKind = ItemKind.GOAL,
        *,
        parent_id: UUID | None = None,
        target_year: int | None = None,
        on: date = date(2024, 1, 1),
    ) -> UUID:
        state = ItemState(title, parent_id, target_year, ())
        return self.plan_items.add(plan_id, NewItem(kind, state), on, BY).thing_id

    def indicator(
        self,
        item_id: UUID,
        name: str = "Andel inom vårdgarantin",
        periodicity: Periodicity = Periodicity.TERTIAL,
        accumulation: Accumulation = Accumulation.PERIOD,
    ) -> UUID:
        new = NewIndicator(
            item_id, name, "%", Direction.HIGHER_IS_BETTER, periodicity, accumulation
        )
        return self.indicators.define(new, BY).thing_id


def in_memory_personal_data() -> SqlPersonalData:
    db = SQLiteDatabase(None)
    with db.transaction() as cursor:
        create_personal_data(cursor, db.dialect)
    return SqlPersonalData(db)
