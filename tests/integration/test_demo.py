"""The demo tells the seeds' story, and loading it twice changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.indicators import Series
from domain.periods import Period
from interfaces.bootstrap import Container
from interfaces.demo.loader import demo_files, key_id, load_demo
from projections.assignments_view import AssignmentFilter
from projections.plan_report import plan_report


def names_on(container: Container, on: date) -> set[str]:
    position = container.follower.catch_up()
    with container.db.reading() as cursor:
        return {o.name for o in container.views.organs.at(cursor, on, position)}


def test_loading_twice_writes_nothing_the_second_time(container: Container) -> None:
    first = load_demo(container)
    position = container.app.last_position()
    second = load_demo(container)
    assert first.written > 40
    assert second.written == 0
    assert second.already == first.written
    assert container.app.last_position() == position


def test_vgr_2023_has_the_strategic_and_operative_health_committees(container: Container) -> None:
    load_demo(container)
    names = names_on(container, date(2023, 6, 1))
    assert {
        "Strategiska hälso- och sjukvårdsnämnden",
        "Operativa hälso- och sjukvårdsnämnden",
    } <= names
    assert len([n for n in names if n.startswith("Delregionala nämnden")]) == 5
    assert "Strategiska hälso- och sjukvårdsnämnden" not in names_on(container, date(2022, 12, 31))


def test_vvg_replaces_lisa_from_2017(container: Container) -> None:
    load_demo(container)
    assert "Ledning i samverkan (LiSA)" in names_on(container, date(2016, 12, 31))
    after = names_on(container, date(2017, 1, 1))
    assert "Vårdsamverkan Västra Götaland (VVG)" in after
    assert "Ledning i samverkan (LiSA)" not in after
    with container.db.reading() as cursor:
        vvg = container.views.organs.detail(
            cursor, key_id("vvg"), date(2017, 6, 1), container.app.last_position()
        )
    assert vvg is not None
    assert [p.organ_id for p in vvg.predecessors] == [key_id("lisa")]


def test_every_file_names_its_seed_and_marks_invented_facts() -> None:
    for name, document in demo_files():
        assert document["seed"].endswith(".txt"), name
        invented = [s for s in document["steps"] if "invented" in s]
        assert invented, f"{name} marks no invented fact"


def test_vvg_chair_comes_from_one_party_in_2017_and_the_other_in_2018(
    container: Container,
) -> None:
    """Seed 003: the chair alternates yearly between VästKom and VGR's head office."""
    load_demo(container)
    position = container.follower.catch_up()

    def chair(on: date) -> tuple[str | None, object]:
        with container.db.reading() as cursor:
            seats = container.views.composition.members(cursor, key_id("vvg"), on, position)
        (held,) = [s for s in seats if s.presidium_role == "chair"]
        return held.person_name, held.representing_id

    assert chair(date(2017, 6, 1)) == ("Karin Lindqvist", key_id("vgr"))
    assert chair(date(2018, 6, 1)) == ("Anders Bergström", key_id("vastkom"))
    assert chair(date(2019, 6, 1))[1] == key_id("vgr")
    with container.db.reading() as cursor:
        seats = container.views.composition.members(
            cursor, key_id("vvg"), date(2017, 6, 1), position
        )
    by_party = sorted((str(s.representing_id), s.role) for s in seats)
    assert by_party.count((str(key_id("vgr")), "member")) == 2
    assert by_party.count((str(key_id("vastkom")), "support")) == 1
    assert by_party.count((str(key_id("vardsamverkan-fyrbodal")), "member")) == 2
    assert by_party.count((str(key_id("vardsamverkan-goteborg")), "member")) == 4
    assert len(seats) == 6 + 2 * 4 + 4


def test_seed_002_the_development_group_becomes_a_coordinating_group(
    container: Container,
) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    group = key_id("vgr-fg-utveckling")
    with container.db.reading() as cursor:
        before = container.views.organs.detail(cursor, group, date(2024, 5, 30), position)
        after = container.views.organs.detail(cursor, group, date(2024, 6, 1), position)
        mandate_before = container.views.mandates.in_force(
            cursor, group, date(2024, 5, 30), position
        )
        mandate = container.views.mandates.in_force(cursor, group, date(2024, 6, 1), position)
        history = container.views.audit.history(cursor, group, position, 0, 100)
        decision = container.views.decisions.get(cursor, key_id("vgr-rs-2023-01756"), position)
    assert before is not None
    assert after is not None
    assert (before.state.name, before.state.group_type) == (
        "Funktionsgrupp utvecklingschefer inom hälso- och sjukvård",
        "function_group",
    )
    assert (after.state.name, after.state.group_type) == (
        "Samordnande grupp för utveckling inom hälso- och sjukvård",
        "coordinating_group",
    )
    assert mandate_before is None
    assert mandate is not None
    assert mandate.content["meetings_per_year"] == 10
    assert {p["organ_id"] for p in mandate.content["participants"]} >= {str(key_id("vgr-su"))}
    cited = {(h.event_type, h.decision_id) for h in history}
    assert ("Organ.Renamed", key_id("vgr-rs-2023-01756")) in cited
    assert ("Organ.Reclassified", key_id("vgr-rs-2023-01756")) in cited
    assert ("Mandate.Issued", key_id("vgr-rs-2023-01756")) in cited
    assert decision is not None
    assert decision.case_number == "RS 2023-01756"


def test_seed_004_a_second_region_with_assignments_reported_late_and_on_time(
    container: Container,
) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    view = container.views.assignments
    with container.db.reading() as cursor:
        fall = view.get(cursor, key_id("rjh-fallprevention"), date(2020, 12, 1), position)
        open_in_summer = view.page(
            cursor, date(2020, 8, 1), position, AssignmentFilter(overdue=True), None, 100
        )
        funds = view.get(cursor, key_id("rjh-stimulansmedel"), date(2020, 12, 1), position)
        roots = container.views.organs.tree(cursor, date(2022, 1, 1), position)
    assert fall is not None
    assert (fall.due_period, fall.due_on, fall.status, fall.reported_late) == (
        "2020-Q2",
        date(2020, 6, 30),
        "reported",
        True,
    )
    assert key_id("rjh-fallprevention") in {a.assignment_id for a in open_in_summer}
    assert funds is not None
    assert (funds.status, funds.reported_late) == ("closed", False)
    assert {r.organ.name for r in roots} >= {
        "Region Jämtland Härjedalen",
        "Västra Götalandsregionen",
    }


def test_the_follow_up_demo_reads_as_the_seeds_report_it(container: Container) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    view = container.views.indicator_series
    with container.db.reading() as cursor:
        series = view.series(cursor, key_id("gp-regionhalsan-indikator"), position)
        report = plan_report(
            container.views.follow_up_report,
            cursor,
            key_id("rjh-vp-2020"),
            Period.parse("2020-T3"),
            position,
        )
    figures = {(r.period, r.series.value): r.value for r in series}
    assert figures[("2023-T2", "outcome")] == 57
    assert figures[("2023-T2", "target")] == 63
    assert figures[("2024-T1", "outcome")] == 85
    assert figures[("2024-T3", "target")] == 74
    assert ("2024-T3", "outcome") not in figures
    (deviation,) = report.items[0].indicators
    # Year to date: the report for T3 shows its last month inside, which is missing (M12).
    assert (deviation.periods, deviation.missing) == (["2020-M12"], True)
    with container.db.reading() as cursor:
        october = view.history(cursor, key_id("rjh-budgetavvikelse-2020"), "2020-M10", position)
        september = view.history(cursor, key_id("rjh-budgetavvikelse-2020"), "2020-M09", position)
    assert (october[0].value, september[0].value) == (Decimal("-131.6"), Decimal("-119.3"))


def test_seed_002_operational_plan_has_yearly_milestones(container: Container) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    with container.db.reading() as cursor:
        roots = container.views.plan_tree.tree(
            cursor, key_id("vgr-vp-hos-2023"), date(2024, 6, 1), position
        )
    streams = {r.title: r for r in roots}
    assert set(streams) == {
        "Nära invånaren",
        "Hälsofrämjande och förebyggande",
        "En sammanhållen hälso- och sjukvård",
        "Ledarskap och kompetensförsörjning",
    }
    by_year: dict[int | None, int] = {}
    for child in streams["Nära invånaren"].children:
        by_year[child.target_year] = by_year.get(child.target_year, 0) + 1
    assert by_year == {2023: 4, 2024: 3, 2025: 3}


def test_seed_004_year_end_forecasts_and_the_2021_plan(container: Container) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    views = container.views
    with container.db.reading() as cursor:
        series = views.indicator_series.series(cursor, key_id("rjh-budgetavvikelse-2020"), position)
        roots = views.plan_tree.tree(cursor, key_id("rjh-vp-2021"), date(2021, 3, 1), position)
        before = views.plan_tree.tree(cursor, key_id("rjh-vp-2021"), date(2020, 12, 31), position)
    forecasts = {(r.period, r.reported_in): r.value for r in series if r.series is Series.FORECAST}
    # A later forecast for the same year end stands beside the earlier, not over it.
    assert forecasts == {
        ("2020-M12", "2020-M08"): Decimal("-167.7"),
        ("2020-M12", "2020-M09"): Decimal("-165.9"),
    }
    assert {r.title for r in roots} >= {
        "God ekonomisk hushållning",
        "Systematiskt och målinriktat folkhälsoarbete",
    }
    assert len(roots) == 4
    assert before == []


def test_a_yearly_milestone_is_missing_only_in_its_own_year(container: Container) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    plan = key_id("vgr-vp-hos-2023")

    def missing(period: str) -> set[str]:
        with container.db.reading() as cursor:
            report = plan_report(
                container.views.follow_up_report, cursor, plan, Period.parse(period), position
            )
        return {m.title for m in report.missing if m.what == "follow_up"}

    due_2023 = "Plan till resursomfördelning och förstärkning till Nära vård klar."
    due_2024 = "Xx % av resurs är omställd till nära vård."
    in_2023, in_2024 = missing("2023"), missing("2024-T2")
    assert due_2023 in in_2023
    assert due_2024 not in in_2023
    assert due_2024 in in_2024
    assert due_2023 not in in_2024
    # Effect goals (2025) are not followed up by status.
    assert "Vårdgarantins krav på tillgänglighet uppfylls." not in missing("2025")


def test_seed_002_areas_have_their_owners_by_role(container: Container) -> None:
    load_demo(container)
    position = container.follower.catch_up()
    with container.db.reading() as cursor:
        roots = container.views.plan_tree.tree(
            cursor, key_id("vgr-genomforandeplan-2024"), date(2024, 6, 1), position
        )
    roles = {r.title: sorted(o["role"] for o in r.owners) for r in roots}
    assert roles["Nära vård"] == [
        "deputy_responsible", "lead_organ", "responsible", "strategic_owner"
    ]  # fmt: skip
    assert roles["Kompetensförsörjning"].count("responsible") == 2
    strategic = {
        r.title: o.get("person_id")
        for r in roots
        for o in r.owners
        if o["role"] == "strategic_owner"
    }
    # One strategic owner holds three areas in the seed.
    same = [t for t, p in strategic.items() if p == str(key_id("person-gp-hos"))]
    assert sorted(same) == [
        "Barnuppdraget",
        "Kvalitetsdriven verksamhetsutveckling",
        "Prioritering",
    ]
