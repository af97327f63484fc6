"""Seed 003: LiSA is dissolved and replaced by VVG from 2017-01-01, decided 2016-09-19."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest

from application.organs import NewOrgan
from domain.decisions import DecisionType
from domain.organ_kinds import Classification, OrganKind
from interfaces.bootstrap import Container
from projections.as_of import KnownAt
from projections.audit_trail import from_micros
from tests.builders import World


@dataclass
class Scenario:
    container: Container
    world: World
    lisa: UUID
    vvg: UUID
    decision: UUID
    before_decision: int
    after_decision: int


@pytest.fixture
def scenario(container: Container) -> Scenario:
    world = World(container.app)
    vastkom = world.organ("VästKom", OrganKind.EXTERNAL_PARTY, on=date(2000, 1, 1))
    principals = (world.region_id, vastkom)
    lisa = world.organ(
        "Ledning i samverkan (LiSA)", OrganKind.COLLABORATION, principal_ids=principals
    )
    before = container.app.last_position()
    decision = world.decision(
        date(2016, 9, 19),
        "Ny struktur för samverkan i Västra Götaland",
        organ_id=lisa,
        decision_type=DecisionType.RECOMMENDATION,
    )
    vvg = NewOrgan(
        "Vårdsamverkan Västra Götaland (VVG)",
        Classification(OrganKind.COLLABORATION),
        principal_ids=principals,
    )
    written = world.organs.dissolve(
        lisa, world.change(date(2017, 1, 1), decision), new_successors=(vvg,)
    )
    container.follower.catch_up()
    return Scenario(
        container, world, lisa, written.successors[0].organ_id, decision, before, written.position
    )


def names_at(s: Scenario, on: date, position: int) -> set[str]:
    with s.container.db.reading() as cursor:
        return {o.name for o in s.container.views.organs.at(cursor, on, position)}


def test_day_before_shows_lisa_and_no_vvg(scenario: Scenario) -> None:
    names = names_at(scenario, date(2016, 12, 31), scenario.after_decision)
    assert "Ledning i samverkan (LiSA)" in names
    assert "Vårdsamverkan Västra Götaland (VVG)" not in names


def test_effective_day_shows_vvg_with_lisa_as_predecessor(scenario: Scenario) -> None:
    names = names_at(scenario, date(2017, 1, 1), scenario.after_decision)
    assert "Vårdsamverkan Västra Götaland (VVG)" in names
    assert "Ledning i samverkan (LiSA)" not in names
    with scenario.container.db.reading() as cursor:
        vvg = scenario.container.views.organs.detail(
            cursor, scenario.vvg, date(2017, 1, 1), scenario.after_decision
        )
    assert vvg is not None
    assert [p.organ_id for p in vvg.predecessors] == [scenario.lisa]
    assert vvg.predecessors[0].name == "Ledning i samverkan (LiSA)"


def test_known_before_the_recording_shows_neither_change(scenario: Scenario) -> None:
    names = names_at(scenario, date(2017, 1, 1), scenario.before_decision)
    assert "Ledning i samverkan (LiSA)" in names
    assert "Vårdsamverkan Västra Götaland (VVG)" not in names


def test_decision_lists_both_effects(scenario: Scenario) -> None:
    with scenario.container.db.reading() as cursor:
        effects = scenario.container.views.audit.effects(
            cursor, scenario.decision, scenario.after_decision, 0, 100
        )
    assert {(e.event_type, e.aggregate_id) for e in effects} == {
        ("Organ.Dissolved", scenario.lisa),
        ("Organ.Established", scenario.vvg),
    }
    assert all(e.effective_on == date(2017, 1, 1) for e in effects)


def test_pending_dissolution_is_listed_before_it_takes_effect(scenario: Scenario) -> None:
    with scenario.container.db.reading() as cursor:
        pending = scenario.container.views.audit.pending(
            cursor, scenario.lisa, date(2016, 12, 31), scenario.after_decision
        )
        before_decided = scenario.container.views.audit.pending(
            cursor, scenario.lisa, date(2016, 9, 18), scenario.after_decision
        )
    assert [e.event_type for e in pending] == ["Organ.Dissolved"]
    assert before_decided == []


def test_known_at_a_time_before_the_decision_resolves_before_it(scenario: Scenario) -> None:
    resolver = scenario.container.resolver
    with scenario.container.db.reading() as cursor:
        cursor.execute(
            "SELECT recorded_at FROM recorded_times WHERE position = ?",
            (scenario.before_decision,),
        )
        row = cursor.fetchone()
    assert row is not None
    moment = from_micros(int(row[0]))
    as_of = resolver.resolve(
        ["organ_tree"], date(2017, 1, 1), KnownAt(moment.isoformat(), moment=moment)
    )
    assert as_of.position == scenario.before_decision
    assert as_of.pinned
