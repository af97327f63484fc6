"""What was recorded in a plan's follow-up report for a period after its submission: every
fact, one by one, in the order recorded, even one that puts back the value submitted
(a correction 6.1 → 6.4 → 6.1 is two facts) or changes only a comment.

The facts are those the report reads: each item's follow-up and assessment for the
period, each indicator's target, outcome and assessment for the periods its figures come
from, and the forecasts made in the period. Each says what it was before (the value as
known just before it), what it is, which fields it changed, who recorded it, when and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.indicators import Series
from domain.period_facts import Coverage
from domain.periods import Period
from domain.plans import Mark
from projections.follow_up_report_view import AssessmentRow, FollowUpReportView, FollowUpRow
from projections.indicator_series_view import ValueRow
from projections.plan_report import made_within, plan_report
from projections.sql import Cursor

CONTENT = {
    "target": ("value", "comment", "decision_id"),
    "outcome": ("value", "comment"),
    "forecast": ("value", "comment"),
    "assessment": ("status", "basis", "comment"),
    "follow_up": ("status", "comment"),
}
"""What each kind of fact carries, as `before` and `after` give it; the first named is
the one `submitted` and `now` give."""


@dataclass(frozen=True)
class ReportChange:
    """One fact recorded after the submission, beside the one it superseded."""

    what: str
    """`target`, `outcome`, `forecast`, `assessment` (an indicator's or an item's) or
    `follow_up`."""
    id: UUID
    """The indicator's or the item's id."""
    title: str
    period: str
    """The fact's own period (one of the report's, for an indicator's)."""
    reported_in: str | None
    """Forecasts: the period it was made in."""
    submitted: object
    """The value (status) for the fact's period as submitted: None if there was none."""
    now: object
    """As known at the reading's position."""
    before: Mapping[str, object] | None
    """The fact as known just before this one: None if this is its first report."""
    after: Mapping[str, object]
    fields: tuple[str, ...]
    """Those of `after` that differ from `before`."""
    corrected: bool
    late: bool
    actor: str | None
    reason: str | None
    position: int
    """Where this fact was recorded."""
    recorded_at: datetime | None


class Fact(Protocol):
    """A recorded fact: an indicator's value or an item's follow-up or assessment."""

    @property
    def recorded_from(self) -> int: ...
    @property
    def recorded_at(self) -> datetime | None: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def corrected(self) -> bool: ...
    @property
    def late(self) -> bool: ...


@dataclass(frozen=True)
class Subject:
    """What a run of facts is about: the kind of fact, whose, and which period."""

    what: str
    id: UUID
    title: str
    period: str
    reported_in: str | None = None


def submission_position(
    view: FollowUpReportView, cursor: Cursor, plan_id: UUID, period: Period, position: int
) -> int | None:
    """The position at which the period's follow-up was first submitted, if it was."""
    found = [
        m.position
        for m in view.periods(cursor, plan_id, position)
        if m.mark is Mark.SUBMITTED and Coverage.of(period, [m.period], []).submitted
    ]
    return min(found, default=None)


def report_changes(
    view: FollowUpReportView,
    cursor: Cursor,
    plan_id: UUID,
    period: Period,
    submitted: int,
    position: int,
) -> list[ReportChange]:
    """Every fact of the period's report (as known at `position`) recorded after
    `submitted`, by position."""
    report = plan_report(view, cursor, plan_id, period, position)
    item_ids = [entry.item.item_id for entry in report.items]
    at = str(period)
    follow_ups = view.item_facts_since(cursor, FollowUpRow, item_ids, at, submitted, position)
    assessed = view.item_facts_since(cursor, AssessmentRow, item_ids, at, submitted, position)
    first, last = period.first_day(), period.last_day()
    values = view.indicators.values_since(
        cursor, plan_id, first, last, made_within(period), submitted, position
    )
    changes: list[ReportChange] = []
    for entry in report.items:
        item = entry.item
        for what, facts in (("follow_up", follow_ups), ("assessment", assessed)):
            subject = Subject(what, item.item_id, item.title, at)
            changes.extend(_changes(subject, facts.get(item.item_id, []), submitted))
        for figure in entry.indicators:
            indicator = figure.indicator
            runs: dict[Subject, list[ValueRow]] = {}
            for row in values.get(indicator.indicator_id, []):
                if row.series is Series.FORECAST or row.period in figure.periods:
                    subject = Subject(row.series.value, indicator.indicator_id, indicator.name,
                                      row.period, row.reported_in)  # fmt: skip
                    runs.setdefault(subject, []).append(row)
            for subject, rows in runs.items():
                changes.extend(_changes(subject, rows, submitted))
    return sorted(changes, key=lambda change: change.position)


def _changes(subject: Subject, facts: Sequence[Fact], submitted: int) -> list[ReportChange]:
    """A change for each of the facts recorded after `submitted`; the facts are in the
    order recorded, the first perhaps the one that stood at `submitted`."""
    names = CONTENT[subject.what]
    standing = facts[0] if facts and facts[0].recorded_from <= submitted else None
    then = None if standing is None else getattr(standing, names[0])
    now = getattr(facts[-1], names[0]) if facts else None
    changes = []
    before = None if standing is None else _content(standing, names)
    for fact in facts:
        if fact.recorded_from <= submitted:
            continue
        after = _content(fact, names)
        was = before or {}
        changes.append(
            ReportChange(
                what=subject.what,
                id=subject.id,
                title=subject.title,
                period=subject.period,
                reported_in=subject.reported_in,
                submitted=then,
                now=now,
                before=before,
                after=after,
                fields=tuple(n for n in names if was.get(n) != after[n]),
                corrected=fact.corrected,
                late=fact.late,
                actor=fact.actor,
                reason=fact.reason,
                position=fact.recorded_from,
                recorded_at=fact.recorded_at,
            )
        )
        before = after
    return changes


def _content(fact: Fact, names: Sequence[str]) -> dict[str, object]:
    return {name: getattr(fact, name) for name in names}
