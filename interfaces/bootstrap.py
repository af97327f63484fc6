"""Composition root: builds the application, the projections and their follower."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psycopg
from psycopg import sql as pgsql

from application.app import Styrlogg
from application.assignments import AssignmentUseCases
from application.composition import CompositionUseCases
from application.decisions import DecisionUseCases
from application.grants import GrantUseCases
from application.imports import ImportUseCases
from application.indicators import IndicatorUseCases
from application.mandates import MandateUseCases
from application.organs import OrganUseCases
from application.people import PeopleUseCases
from application.plan_items import PlanItemUseCases
from application.plans import PlanUseCases
from interfaces.import_rows import Imports
from interfaces.queries.assignments import AssignmentQueries
from interfaces.queries.changes import ChangeQueries
from interfaces.queries.composition import CompositionQueries
from interfaces.queries.decisions import DecisionQueries
from interfaces.queries.elected_seats import ElectedSeatsInProjections
from interfaces.queries.events import EventQueries
from interfaces.queries.follow_up import FollowUpQueries
from interfaces.queries.grants import GrantQueries
from interfaces.queries.indicators import IndicatorQueries
from interfaces.queries.mandates import MandateQueries
from interfaces.queries.organ_references import ReferencesInProjections
from interfaces.queries.organs import OrganQueries
from interfaces.queries.people import PeopleQueries
from interfaces.queries.plans import PlanQueries
from interfaces.readiness import Readiness, watch
from interfaces.redis_advances import RedisAdvances
from interfaces.registers.api_tokens import ApiTokens, create_api_tokens
from interfaces.registers.idempotency import IdempotencyStore, create_idempotency
from interfaces.registers.personal_data import TABLE as PERSONAL_DATA
from interfaces.registers.personal_data import SqlPersonalData, create_personal_data
from interfaces.registers.server_secret import create_server_secret, kept_secret
from interfaces.settings import Settings, SettingsError
from interfaces.store_source import StoreSource
from projections.as_of import Advances, AsOfResolver
from projections.assignments import Assignments
from projections.assignments_view import AssignmentsView
from projections.audit_trail import AuditTrail
from projections.audit_trail_view import AuditTrailView
from projections.composition import Composition
from projections.composition_view import CompositionView
from projections.decision_register import DecisionRegister
from projections.decision_register_view import DecisionRegisterView
from projections.follow_up_report import FollowUpReport
from projections.follow_up_report_view import FollowUpReportView
from projections.follower import EventSource, create_tables
from projections.gap_watchdog import GapWatchdog
from projections.gaps import create_gap_tables
from projections.generations import Generations
from projections.grants import Grants
from projections.grants_view import GrantsView
from projections.indicator_series import IndicatorSeries
from projections.indicator_series_view import IndicatorSeriesView
from projections.live_projections import LiveProjections
from projections.mandates import Mandates
from projections.mandates_view import MandatesView
from projections.organ_tree import OrganTree
from projections.organ_tree_view import OrganTreeView
from projections.plan_list_view import PlanListView
from projections.plan_tree import PlanTree
from projections.plan_tree_view import PlanTreeView
from projections.postgres import PostgresDatabase
from projections.projection import Projection
from projections.projector import Projector
from projections.sql import Database
from projections.sqlite import SQLiteDatabase
from projections.stalls import create_stall_table


@dataclass
class Views:
    organs: OrganTreeView
    audit: AuditTrailView
    decisions: DecisionRegisterView
    composition: CompositionView
    mandates: MandatesView
    assignments: AssignmentsView
    plan_tree: PlanTreeView
    indicator_series: IndicatorSeriesView
    follow_up_report: FollowUpReportView
    plan_list: PlanListView
    grants: GrantsView


@dataclass
class Queries:
    """Reads by concept over the live projections (the event feed over the store), for the
    HTTP views."""

    organs: OrganQueries
    composition: CompositionQueries
    people: PeopleQueries
    decisions: DecisionQueries
    mandates: MandateQueries
    assignments: AssignmentQueries
    changes: ChangeQueries
    events: EventQueries
    plans: PlanQueries
    indicators: IndicatorQueries
    follow_up: FollowUpQueries
    grants: GrantQueries


def make_queries(db: Database, views: Views, source: EventSource) -> Queries:
    return Queries(
        organs=OrganQueries(db, views.organs, views.audit),
        composition=CompositionQueries(db, views.composition, views.organs, views.audit),
        people=PeopleQueries(db, views.audit, views.composition, views.organs),
        decisions=DecisionQueries(db, views.decisions, views.audit),
        mandates=MandateQueries(db, views.mandates, views.organs, views.audit),
        assignments=AssignmentQueries(db, views.assignments, views.audit),
        changes=ChangeQueries(db, views.audit),
        events=EventQueries(source),
        plans=PlanQueries(db, views.follow_up_report, views.audit, views.plan_list),
        indicators=IndicatorQueries(db, views.indicator_series, views.audit),
        follow_up=FollowUpQueries(db, views.follow_up_report),
        grants=GrantQueries(db, views.grants, views.audit),
    )


@dataclass
class Container:
    settings: Settings
    app: Styrlogg
    db: Database
    """The live generation of the projections, as reads see it."""
    registers: Database
    """Personal data, idempotency answers, API tokens and the secret: the projections' first
    database."""
    follower: Projector
    resolver: AsOfResolver
    views: Views
    queries: Queries
    organs: OrganUseCases
    decisions: DecisionUseCases
    people: PeopleUseCases
    composition: CompositionUseCases
    mandates: MandateUseCases
    assignments: AssignmentUseCases
    imports: Imports
    plans: PlanUseCases
    plan_items: PlanItemUseCases
    indicators: IndicatorUseCases
    grants: GrantUseCases
    personal_data: SqlPersonalData
    idempotency: IdempotencyStore
    tokens: ApiTokens
    advances: Advances
    secret_key: str = field(repr=False)
    watchdog: GapWatchdog
    readiness: Readiness
    _stop: threading.Event = field(default_factory=threading.Event)
    _wake: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def wake_follower(self) -> None:
        self._wake.set()

    def start_follower(self) -> None:
        """Runs the follower in this process (the embedded default)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.follower.run,
                args=(self._stop, self._wake, self.settings.follower_interval_seconds),
                name="styrlogg-follower",
                daemon=True,
            )
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.app.close()
        self.db.close()
        self.advances.close()


def make_projections(db: Database) -> list[Projection]:
    return [
        AuditTrail(db.dialect),
        DecisionRegister(db.dialect),
        OrganTree(db.dialect),
        Composition(db.dialect),
        Mandates(db.dialect),
        Assignments(db.dialect),
        PlanTree(db.dialect),
        IndicatorSeries(db.dialect),
        FollowUpReport(db.dialect),
        Grants(db.dialect),
    ]


def projections_database(settings: Settings) -> Database:
    if settings.kind == "memory":
        return SQLiteDatabase(None)
    if settings.kind == "sqlite":
        # The registers' database: it holds personal data, whose erasure must leave no trace.
        return SQLiteDatabase(settings.projections_path, secure_delete=True)
    return PostgresDatabase(
        settings.postgres_conninfo(),
        settings.projections_schema,
        connect_timeout=settings.postgres_connect_timeout_seconds,
    )


def live_projections(settings: Settings) -> LiveProjections:
    """The live generation of the projections, on connections of its own."""
    return LiveProjections(generations_of(projections_database(settings)))


def create_schemas(settings: Settings) -> None:
    """PostgreSQL schemas for the store and the projections (the library makes neither)."""
    if settings.kind != "postgresql":
        return
    with psycopg.connect(settings.postgres_conninfo(), autocommit=True) as connection:
        for schema in (settings.postgres_schema, settings.projections_schema):
            connection.execute(
                pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema))
            )


def generations_of(registers: Database) -> Generations:
    """The projections' generations, each beside the registers' database and seeing it."""

    def opener(number: int) -> Database:
        if isinstance(registers, SQLiteDatabase):
            return registers.sibling(f"g{number}", attach={"registers": registers})
        assert isinstance(registers, PostgresDatabase)
        return registers.sibling(f"g{number}", also=[registers.schema])

    def creator(db: Database) -> None:
        if isinstance(db, PostgresDatabase):
            db.create_schema()
        create_tables(db, make_projections(db))
        with db.transaction() as cursor:
            create_gap_tables(cursor)  # a generation's findings are its own

    expected = {p.name: p.version for p in make_projections(registers)}
    return Generations(registers, opener, expected, creator)


def bootstrap(settings: Settings) -> Container:
    if settings.kind == "sqlite":
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    if settings.create_tables:
        create_schemas(settings)
    app = Styrlogg(env=settings.store_env())
    registers = projections_database(settings)
    advances = (
        RedisAdvances(settings.redis_url, settings.advances_channel)
        if settings.redis_url and settings.kind != "memory"
        else Advances()
    )
    source = StoreSource(app)
    generations = generations_of(registers)
    follower = Projector(
        generations,
        source,
        make_projections,
        last_position=app.last_position,
        on_advance=advances.advanced,
    )
    if settings.create_tables:
        follower.create_tables()
        with registers.transaction() as cursor:
            create_personal_data(cursor, registers.dialect)
            create_idempotency(cursor)
            create_api_tokens(cursor)
            create_server_secret(cursor)
            create_gap_tables(cursor)  # for generation 0, a release before's projections
            create_stall_table(cursor)
    db = LiveProjections(generations)
    secret_key = settings.secret_key or kept_secret(registers)
    if secret_key is None:
        app.close()
        db.close()
        advances.close()
        raise SettingsError(
            "no SECRET_KEY, and no secret kept beside the projections: run `styrlogg init-db`"
            " (it makes one that every process reads), or set SECRET_KEY"
        )
    watchdog, readiness = watch(app, db, settings)
    follower.after_catch_up = watchdog.check_if_due
    idempotency = IdempotencyStore(registers, settings.idempotency_key_ttl_seconds)
    personal_data = SqlPersonalData(registers, answers=idempotency)
    resolver = AsOfResolver(db, advances)
    indicator_series = IndicatorSeriesView()
    plan_tree = PlanTreeView(indicator_series)
    follow_up_report = FollowUpReportView(plan_tree, indicator_series)
    views = Views(
        OrganTreeView(db.dialect),
        AuditTrailView(),
        DecisionRegisterView(),
        CompositionView(db.dialect, PERSONAL_DATA),
        MandatesView(),
        AssignmentsView(db.dialect),
        plan_tree,
        indicator_series,
        follow_up_report,
        PlanListView(db.dialect),
        GrantsView(),
    )
    return Container(
        settings=settings,
        app=app,
        db=db,
        registers=registers,
        follower=follower,
        resolver=resolver,
        views=views,
        queries=make_queries(db, views, source),
        organs=OrganUseCases(
            app,
            ReferencesInProjections(
                db, resolver, app.last_position, settings.min_position_timeout_seconds
            ),
        ),
        decisions=DecisionUseCases(app),
        people=PeopleUseCases(
            app,
            personal_data,
            ElectedSeatsInProjections(
                db, resolver, app.last_position, settings.min_position_timeout_seconds
            ),
        ),
        composition=CompositionUseCases(app),
        mandates=MandateUseCases(app),
        assignments=AssignmentUseCases(app),
        imports=Imports(ImportUseCases(app, personal_data)),
        plans=PlanUseCases(app),
        plan_items=PlanItemUseCases(app),
        indicators=IndicatorUseCases(app),
        grants=GrantUseCases(app),
        personal_data=personal_data,
        idempotency=idempotency,
        tokens=ApiTokens(registers),
        advances=advances,
        secret_key=secret_key,
        watchdog=watchdog,
        readiness=readiness,
    )
