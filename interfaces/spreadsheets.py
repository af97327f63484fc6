"""Spreadsheets for people who live in them: a period's follow-up report and an
indicator's series as CSV or XLSX. Numbers stay exact: decimals are written as written."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from projections.plans_report import PlanReport
from projections.plans_view import IndicatorRow, ValueRow

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REPORT_COLUMNS = (
    "item", "kind", "follow_up", "follow_up_comment", "indicator", "unit", "periods",
    "target", "outcome", "difference", "assessment", "assessment_comment", "corrected",
    "late", "missing",
)  # fmt: skip
SERIES_COLUMNS = (
    "period", "target", "outcome", "assessment", "assessment_basis", "comment", "corrected",
    "late", "recorded_from", "actor", "reason",
)  # fmt: skip


def report_rows(report: PlanReport) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for entry in report.items:
        title = "  " * entry.depth + entry.item.title
        follow_up = entry.follow_up
        base = (
            title,
            entry.item.kind,
            follow_up.status if follow_up else None,
            follow_up.comment if follow_up else None,
        )
        if not entry.indicators:
            rows.append((*base, *([None] * (len(REPORT_COLUMNS) - len(base)))))
        for figure in entry.indicators:
            assessment = figure.assessment
            rows.append(
                (
                    *base,
                    figure.indicator.name,
                    figure.indicator.unit,
                    " ".join(figure.periods),
                    figure.target,
                    figure.outcome,
                    figure.difference,
                    assessment.status if assessment else None,
                    assessment.comment if assessment else None,
                    figure.corrected,
                    figure.late,
                    figure.missing,
                )
            )
    return rows


def series_rows(values: list[ValueRow]) -> list[tuple[Any, ...]]:
    by_period: dict[str, dict[str, ValueRow]] = {}
    for row in values:
        by_period.setdefault(row.period, {})[row.series] = row
    rows = []
    for period, series in by_period.items():
        target, outcome, assessment = (series.get(s) for s in ("target", "outcome", "assessment"))
        latest = max(series.values(), key=lambda r: r.recorded_from)
        rows.append(
            (
                period,
                target.value if target else None,
                outcome.value if outcome else None,
                assessment.status if assessment else None,
                assessment.basis if assessment else None,
                outcome.comment if outcome else None,
                any(r.corrected for r in series.values()),
                any(r.late for r in series.values()),
                latest.recorded_from,
                latest.actor,
                latest.reason,
            )
        )
    return rows


def to_csv(columns: Sequence[str], rows: list[tuple[Any, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _text(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(title: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def indicator_title(indicator: IndicatorRow) -> str:
    return f"{indicator.name} ({indicator.unit})"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value: Any) -> Any:
    """A spreadsheet number is a double, shown by its shortest decimal form: a decimal
    that form gives back exactly (−131.6, 84.6) is written as a number, any other as
    its text, so no digit is lost."""
    if isinstance(value, Decimal):
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    return value
