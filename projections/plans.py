"""Plans: plans and their item trees over valid time, as known at any time; indicators
and their values per period, as known at any time (period-keyed facts have no valid date)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from domain.indicators import Indicator
from domain.periods import Period
from domain.plan_items import ItemKind, ItemRecord, ItemState, Owner, OwnerRole, PlanItem
from domain.plans import Mark, Plan
from domain.timelines import Timeline
from projections.bitemporal import (
    RANGE_COLUMNS,
    box_tables,
    canonical_versions,
    create_box_index,
    day,
    day_or_open,
    surrogate_key,
    sync_versions,
)
from projections.projection import OPEN, Projection, Recorded, StateTable
from projections.sql import Cursor, Row

PLAN_STATE = StateTable("plan_state", "plan_id", "state")
ITEM_STATE = StateTable("plan_item_state", "item_id", "record")
PLAN_VERSIONS = "plan_versions"
PLAN_CONTENT = ("plan_id", "name", "kind", "owner_organ_id", "span_from", "span_to", "closed")
ITEM_VERSIONS = "plan_item_versions"
ITEM_CONTENT = ("item_id", "plan_id", "kind", "title", "parent_id", "target_year", "owners")


class Plans(Projection):
    name = "plans"
    version = 2
    """2: the follow-up facts' own events (0.3.0); rows as before."""

    def tables(self) -> Sequence[str]:
        return [
            PLAN_STATE.name,
            PLAN_VERSIONS,
            ITEM_VERSIONS,
            ITEM_STATE.name,
            "indicators",
            "indicator_values",
            "plan_periods",
            "plan_deadlines",
            "item_follow_ups",
            "item_assessments",
            *box_tables(self.dialect, PLAN_VERSIONS),
            *box_tables(self.dialect, ITEM_VERSIONS),
        ]

    def create(self, cursor: Cursor) -> None:
        key = surrogate_key(self.dialect)
        PLAN_STATE.create(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {PLAN_VERSIONS} ({key}, plan_id TEXT NOT NULL,"
            " name TEXT NOT NULL, kind TEXT NOT NULL, owner_organ_id TEXT NOT NULL,"
            " span_from BIGINT NOT NULL, span_to BIGINT NOT NULL, closed BIGINT NOT NULL,"
            f" {RANGE_COLUMNS})"
        )
        ITEM_STATE.create(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {ITEM_VERSIONS} ({key}, item_id TEXT NOT NULL,"
            " plan_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, parent_id TEXT,"
            f" target_year BIGINT, owners TEXT NOT NULL, {RANGE_COLUMNS})"
        )
        for table, column in (
            (PLAN_VERSIONS, "plan_id"),
            (ITEM_VERSIONS, "item_id"),
            (ITEM_VERSIONS, "plan_id"),
        ):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column}, recorded_to)"
            )
        create_box_index(cursor, self.dialect, PLAN_VERSIONS)
        create_box_index(cursor, self.dialect, ITEM_VERSIONS)
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS indicators (indicator_id TEXT PRIMARY KEY,"
            " plan_id TEXT NOT NULL, plan_item_id TEXT NOT NULL, subject_organ_id TEXT,"
            " name TEXT NOT NULL, unit TEXT NOT NULL, direction TEXT NOT NULL,"
            " periodicity TEXT NOT NULL, accumulation TEXT NOT NULL,"
            " recorded_from BIGINT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS indicators_item ON indicators (plan_item_id)")
        cursor.execute("CREATE INDEX IF NOT EXISTS indicators_plan ON indicators (plan_id)")
        # One row per recorded value; a correction ends the row it supersedes.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS indicator_values (indicator_id TEXT NOT NULL,"
            " series TEXT NOT NULL, period TEXT NOT NULL, period_start BIGINT NOT NULL,"
            " value TEXT, status TEXT, basis TEXT, comment TEXT, corrected BIGINT NOT NULL,"
            " late BIGINT NOT NULL,"
            " decision_id TEXT, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " reported_in TEXT NOT NULL,"
            " PRIMARY KEY (indicator_id, series, period, reported_in, recorded_from))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicator_values_current"
            " ON indicator_values (indicator_id, recorded_to, period_start)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS indicator_values_period"
            " ON indicator_values (indicator_id, period_start)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS item_follow_ups (item_id TEXT NOT NULL,"
            " period TEXT NOT NULL, status TEXT NOT NULL, comment TEXT,"
            " corrected BIGINT NOT NULL, late BIGINT NOT NULL, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (item_id, period, recorded_from))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS item_assessments (item_id TEXT NOT NULL,"
            " period TEXT NOT NULL, status TEXT NOT NULL, basis TEXT, comment TEXT,"
            " corrected BIGINT NOT NULL, late BIGINT NOT NULL, actor TEXT, reason TEXT,"
            " recorded_from BIGINT NOT NULL, recorded_to BIGINT NOT NULL,"
            " PRIMARY KEY (item_id, period, recorded_from))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS plan_deadlines (plan_id TEXT NOT NULL,"
            " period TEXT NOT NULL, due_on BIGINT NOT NULL, position BIGINT NOT NULL,"
            " PRIMARY KEY (plan_id, period, position))"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS plan_periods (plan_id TEXT NOT NULL, period TEXT NOT NULL,"
            " mark TEXT NOT NULL, position BIGINT NOT NULL, actor TEXT,"
            " PRIMARY KEY (plan_id, period, mark))"
        )

    def handle(self, cursor: Cursor, recorded: Recorded) -> None:
        self.apply(recorded.event, cursor, recorded.position)

    @singledispatchmethod
    def apply(self, event: object, cursor: Cursor, position: int) -> None:
        """Events of other aggregates change nothing here."""

    @apply.register
    def _deadline_set(self, event: Plan.DeadlineSet, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "INSERT INTO plan_deadlines (plan_id, period, due_on, position) VALUES (?, ?, ?, ?)",
            (str(event.originator_id), str(event.period), day(event.due_on), position),
        )

    @apply.register
    def _submitted(self, event: Plan.FollowUpSubmitted, cursor: Cursor, position: int) -> None:
        _mark(cursor, event, Mark.SUBMITTED, position)

    @apply.register
    def _locked(self, event: Plan.PeriodLocked, cursor: Cursor, position: int) -> None:
        _mark(cursor, event, Mark.LOCKED, position)

    @apply.register
    def _plan_changed(self, event: Plan.Change, cursor: Cursor, position: int) -> None:
        self._plan(cursor, event, position)

    @apply.register
    def _follow_up(self, event: PlanItem.FollowUpReported, cursor: Cursor, position: int) -> None:
        """A follow-up reported, or (FollowUpCorrected) corrected."""
        _item_fact(cursor, "item_follow_ups", event, position, {"comment": event.comment})

    @apply.register
    def _item_assessed(self, event: PlanItem.AssessmentMade, cursor: Cursor, position: int) -> None:
        """An item's assessment made, or (AssessmentCorrected) corrected."""
        basis = event.basis.value if event.basis else None
        extra = {"basis": basis, "comment": event.comment}
        _item_fact(cursor, "item_assessments", event, position, extra)

    @apply.register
    def _item_changed(self, event: PlanItem.Event, cursor: Cursor, position: int) -> None:
        """An item added, revised (moved), removed or given a child."""
        self._item(cursor, event, position)

    @apply.register
    def _defined(self, event: Indicator.Defined, cursor: Cursor, position: int) -> None:
        cursor.execute(
            "INSERT INTO indicators (indicator_id, plan_id, plan_item_id, subject_organ_id,"
            " name, unit, direction, periodicity, accumulation, recorded_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(event.originator_id),
                str(event.plan_id),
                str(event.plan_item_id),
                str(event.subject_organ_id) if event.subject_organ_id else None,
                event.name,
                event.unit,
                event.direction.value,
                event.periodicity.value,
                event.accumulation.value,
                position,
            ),
        )

    @apply.register
    def _target(self, event: Indicator.TargetSet, cursor: Cursor, position: int) -> None:
        """A target set, or (TargetRevised) revised."""
        _indicator_value(cursor, event, position, value=event.value, comment=event.comment,
                         decision_id=event.decision_id)  # fmt: skip

    @apply.register
    def _outcome(self, event: Indicator.OutcomeReported, cursor: Cursor, position: int) -> None:
        """An outcome reported, or (OutcomeCorrected) corrected."""
        _indicator_value(cursor, event, position, value=event.value, comment=event.comment,
                         decision_id=event.decision_id)  # fmt: skip

    @apply.register
    def _forecast(self, event: Indicator.ForecastMade, cursor: Cursor, position: int) -> None:
        """A forecast made, or (ForecastCorrected) corrected."""
        _indicator_value(cursor, event, position, value=event.value, comment=event.comment,
                         reported_in=event.reported_in)  # fmt: skip

    @apply.register
    def _assessed(self, event: Indicator.AssessmentMade, cursor: Cursor, position: int) -> None:
        """An assessment made, or (AssessmentCorrected) corrected."""
        _indicator_value(cursor, event, position, status=event.status.value,
                         basis=event.basis.value if event.basis else None,
                         comment=event.comment)  # fmt: skip

    def _plan(self, cursor: Cursor, event: Plan.Change, position: int) -> None:
        plan_id = str(event.originator_id)
        if isinstance(event, Plan.Adopted):
            state: dict[str, Any] = {
                "kind": event.kind.value,
                "owner_organ_id": str(event.owner_organ_id),
                "adopted_on": event.effective_on.isoformat(),
                "closed_on": None,
                "states": [],
            }
        else:
            state = json.loads(PLAN_STATE.load(cursor, plan_id))
        if isinstance(event, Plan.Adopted | Plan.Revised):
            on = event.effective_on.isoformat()
            to = event.valid_to.isoformat() if event.valid_to else None
            entry = [on, event.name, event.valid_from.isoformat(), to]
            # Keyed by effective date: a revision on a date already revised supersedes it.
            kept = [s for s in state["states"] if s[0] != on]
            state["states"] = sorted([*kept, entry], key=lambda s: str(s[0]))
        if isinstance(event, Plan.Closed):
            state["closed_on"] = event.effective_on.isoformat()
        wanted = _plan_rows(plan_id, state)
        sync_versions(
            cursor, self.dialect, PLAN_VERSIONS, ("plan_id", plan_id), PLAN_CONTENT, wanted,
            position,
        )  # fmt: skip
        PLAN_STATE.save(cursor, plan_id, json.dumps(state, ensure_ascii=False))

    def _item(self, cursor: Cursor, event: PlanItem.Event, position: int) -> None:
        item_id = str(event.originator_id)
        if isinstance(event, PlanItem.Added):
            record = event.new_record()
        else:
            record = load_item(ITEM_STATE.load(cursor, item_id))
            event.evolve(record)
        wanted = [
            (
                day(span.valid_from),
                day_or_open(span.valid_to),
                item_id,
                str(record.plan_id),
                record.kind.value,
                span.state.title,
                str(span.state.parent_id) if span.state.parent_id else None,
                span.state.target_year,
                owners_json(span.state.owners),
            )
            for span in record.spans()
        ]
        sync_versions(
            cursor, self.dialect, ITEM_VERSIONS, ("item_id", item_id), ITEM_CONTENT, wanted,
            position,
        )  # fmt: skip
        ITEM_STATE.save(cursor, item_id, dump_item(record))

    def canonical_rows(self, cursor: Cursor, table: str) -> list[Row]:
        for versions, content in ((PLAN_VERSIONS, PLAN_CONTENT), (ITEM_VERSIONS, ITEM_CONTENT)):
            found = canonical_versions(cursor, self.dialect, versions, content, table)
            if found is not None:
                return found
        return super().canonical_rows(cursor, table)


def _plan_rows(plan_id: str, state: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per span of the plan's own fields, from adoption on."""
    states = state["states"]
    closed = state["closed_on"]
    rows = []
    for i, (on, name, span_from, span_to) in enumerate(states):
        end = states[i + 1][0] if i + 1 < len(states) else None
        rows.append(
            (
                day(date.fromisoformat(on)),
                day_or_open(date.fromisoformat(end) if end else None),
                plan_id,
                name,
                state["kind"],
                state["owner_organ_id"],
                day(date.fromisoformat(span_from)),
                day_or_open(date.fromisoformat(span_to) if span_to else None),
                0 if closed is None else day(date.fromisoformat(closed)),
            )
        )
    return rows


def dump_item(record: ItemRecord) -> str:
    return json.dumps(
        {
            "item_id": str(record.item_id),
            "plan_id": str(record.plan_id),
            "kind": record.kind.value,
            "added_on": record.added_on.isoformat(),
            "removed_on": record.removed_on.isoformat() if record.removed_on else None,
            "child_ids": [str(c) for c in record.child_ids],
            "states": [
                [d.isoformat(), s.title, str(s.parent_id) if s.parent_id else None,
                 s.target_year, [_owner(o) for o in s.owners]]
                for d, s in record.states
            ],
        },
        ensure_ascii=False,
    )  # fmt: skip


def load_item(text: str) -> ItemRecord:
    data = json.loads(text)
    states = [
        (
            date.fromisoformat(d),
            ItemState(t, UUID(p) if p else None, y, tuple(_owner_of(o) for o in owners)),
        )
        for d, t, p, y, owners in data["states"]
    ]
    record = ItemRecord(
        UUID(data["item_id"]),
        UUID(data["plan_id"]),
        ItemKind(data["kind"]),
        date.fromisoformat(data["added_on"]),
        states[0][1],
    )
    record.states = Timeline(states)
    record.removed_on = date.fromisoformat(data["removed_on"]) if data["removed_on"] else None
    record.child_ids = tuple(UUID(c) for c in data["child_ids"])
    return record


def owners_json(owners: Sequence[Owner]) -> str:
    """An item's owners as the versions table holds them: role and id as text."""
    return json.dumps([_owner(o) for o in owners], sort_keys=True)


def _owner(owner: Owner) -> dict[str, str]:
    found = {"role": owner.role.value}
    if owner.person_id is not None:
        found["person_id"] = str(owner.person_id)
    if owner.organ_id is not None:
        found["organ_id"] = str(owner.organ_id)
    return found


def _owner_of(data: dict[str, str]) -> Owner:
    person, organ = data.get("person_id"), data.get("organ_id")
    return Owner(
        OwnerRole(data["role"]), UUID(person) if person else None, UUID(organ) if organ else None
    )


def _supersede(
    cursor: Cursor, table: str, key: dict[str, str], row: dict[str, Any], position: int
) -> None:
    """A period's fact reported again: the open row for `key` is closed at `position` and
    `row` inserted, open. The earlier row stays, for reads at earlier positions."""
    where = " AND ".join(f"{column} = ?" for column in key)
    cursor.execute(
        f"UPDATE {table} SET recorded_to = ? WHERE {where} AND recorded_to = ?",
        (position, *key.values(), OPEN),
    )
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )


def _mark(
    cursor: Cursor,
    event: Plan.FollowUpSubmitted | Plan.PeriodLocked,
    mark: Mark,
    position: int,
) -> None:
    cursor.execute(
        "INSERT INTO plan_periods (plan_id, period, mark, position, actor) VALUES (?, ?, ?, ?, ?)",
        (str(event.originator_id), str(event.period), mark.value, position, event.actor),
    )


def _indicator_value(
    cursor: Cursor,
    event: Indicator.Fact,
    position: int,
    *,
    value: Decimal | None = None,
    status: str | None = None,
    basis: str | None = None,
    comment: str | None = None,
    decision_id: UUID | None = None,
    reported_in: Period | None = None,
) -> None:
    """A value of the indicator's for a period, superseding the one it corrects."""
    indicator_id = str(event.originator_id)
    period = str(event.period)
    made_in = "" if reported_in is None else str(reported_in)
    row = {
        "indicator_id": indicator_id,
        "series": event.SERIES.value,
        "period": period,
        "period_start": day(event.period.first_day()),
        "value": None if value is None else str(value),
        "status": status,
        "basis": basis,
        "comment": comment,
        "corrected": int(event.CORRECTS),
        "late": int(event.late),
        "decision_id": None if decision_id is None else str(decision_id),
        "actor": event.actor,
        "reason": event.reason,
        "recorded_from": position,
        "recorded_to": OPEN,
        "reported_in": made_in,
    }
    key = {
        "indicator_id": indicator_id,
        "series": event.SERIES.value,
        "period": period,
        "reported_in": made_in,
    }
    _supersede(cursor, "indicator_values", key, row, position)


def _item_fact(
    cursor: Cursor,
    table: str,
    event: PlanItem.FollowUpReported | PlanItem.AssessmentMade,
    position: int,
    fields: dict[str, str | None],
) -> None:
    """An item's follow-up or assessment for a period: its status, `fields`, whether
    corrected or late, who and why, superseding the period's earlier one."""
    item_id = str(event.originator_id)
    period = str(event.period)
    row: dict[str, Any] = {
        "item_id": item_id,
        "period": period,
        "status": event.status.value,
        **fields,
        "corrected": int(event.CORRECTS),
        "late": int(event.late),
        "actor": event.actor,
        "reason": event.reason,
        "recorded_from": position,
        "recorded_to": OPEN,
    }
    _supersede(cursor, table, {"item_id": item_id, "period": period}, row, position)
