"""Reads of indicators: an indicator with its series per period, one period's history,
and the series as a spreadsheet, as known at a position."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import NotFound
from domain.indicators import Series
from domain.periods import Period
from interfaces import spreadsheets
from interfaces.queries.pages import Page, page_of
from interfaces.spreadsheets import Sheet
from projections.as_of import AsOf
from projections.audit_trail_view import AuditTrailView
from projections.indicator_series_view import (
    IndicatorFilter,
    IndicatorRow,
    IndicatorSeriesView,
    ListedIndicator,
    ValueRow,
)
from projections.sql import Cursor, Database


@dataclass(frozen=True)
class PeriodValues:
    """One period of an indicator's series: each fact as it stands, forecasts by the
    period they were made in."""

    period: str
    target: ValueRow | None
    outcome: ValueRow | None
    assessment: ValueRow | None
    forecasts: list[ValueRow]


@dataclass(frozen=True)
class IndicatorAsOf:
    indicator_id: UUID
    plan_id: UUID
    plan_item_id: UUID
    subject_organ_id: UUID | None
    name: str
    unit: str
    direction: str
    periodicity: str
    accumulation: str
    series: list[PeriodValues]
    version: int
    """The indicator's version as known at `as_of.position`: its ETag, for `If-Match`."""
    as_of: AsOf


@dataclass(frozen=True)
class PeriodHistory:
    """Every value recorded for one period, superseded ones too."""

    period: str
    values: list[ValueRow]
    as_of: AsOf


class IndicatorQueries:
    def __init__(self, db: Database, view: IndicatorSeriesView, audit: AuditTrailView) -> None:
        self.db = db
        self.view = view
        self.audit = audit

    def page(
        self, where: IndicatorFilter, as_of: AsOf, after: tuple[str, str] | None, limit: int
    ) -> Page[ListedIndicator]:
        """Indicators known at the position that meet `where`, by name, after `after`."""
        with self.db.reading() as cursor:
            items = self.view.page(cursor, as_of.position, where, after, limit)
        return page_of(items, limit, as_of, lambda i: (i.sort_key, str(i.indicator_id)))

    def indicator(self, indicator_id: UUID, as_of: AsOf) -> IndicatorAsOf:
        """404 unless the indicator is known at the position."""
        with self.db.reading() as cursor:
            found = self._known(cursor, indicator_id, as_of.position)
            values = self.view.series(cursor, indicator_id, as_of.position)
            version = self.audit.version(cursor, indicator_id, as_of.position)
        assert version is not None, "an indicator known at a position has a version there"
        return IndicatorAsOf(
            indicator_id=found.indicator_id,
            plan_id=found.plan_id,
            plan_item_id=found.plan_item_id,
            subject_organ_id=found.subject_organ_id,
            name=found.name,
            unit=found.unit,
            direction=found.direction,
            periodicity=found.periodicity,
            accumulation=found.accumulation,
            series=by_period(values),
            version=version,
            as_of=as_of,
        )

    def history(self, indicator_id: UUID, period: Period, as_of: AsOf) -> PeriodHistory:
        text = str(period)
        with self.db.reading() as cursor:
            self._known(cursor, indicator_id, as_of.position)
            values = self.view.history(cursor, indicator_id, text, as_of.position)
        return PeriodHistory(text, values, as_of)

    def series_sheet(self, indicator_id: UUID, as_of: AsOf) -> Sheet:
        with self.db.reading() as cursor:
            indicator = self._known(cursor, indicator_id, as_of.position)
            values = self.view.series(cursor, indicator_id, as_of.position)
        return Sheet(
            name=f"indicator-{as_of.position}",
            columns=spreadsheets.SERIES_COLUMNS,
            rows=spreadsheets.series_rows(values),
            heading="series",
            title=indicator.name,
            about=(
                ("unit", indicator.unit),
                ("known_at", as_of.known_at),
                ("position", as_of.position),
            ),
            worded=spreadsheets.SERIES_WORDED,
        )

    def _known(self, cursor: Cursor, indicator_id: UUID, position: int) -> IndicatorRow:
        indicator = self.view.indicator(cursor, indicator_id, position)
        if indicator is None:
            raise NotFound("indicator", indicator_id)
        return indicator


def by_period(values: list[ValueRow]) -> list[PeriodValues]:
    """The values grouped by their period, in the order the series gives the periods."""
    facts: dict[str, dict[Series, ValueRow]] = {}
    forecasts: dict[str, list[ValueRow]] = {}
    for row in values:
        facts.setdefault(row.period, {})
        made = forecasts.setdefault(row.period, [])
        if row.series is Series.FORECAST:
            made.append(row)
        else:
            facts[row.period][row.series] = row
    return [
        PeriodValues(
            period,
            found.get(Series.TARGET),
            found.get(Series.OUTCOME),
            found.get(Series.ASSESSMENT),
            forecasts[period],
        )
        for period, found in facts.items()
    ]
