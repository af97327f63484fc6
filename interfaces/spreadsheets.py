"""Spreadsheets for people who live in them: a period's follow-up report and an
indicator's series as CSV or XLSX. Numbers stay exact: decimals are written as written.

Headers and the vocabulary's words are Swedish unless English is asked for
(`interfaces.sheet_labels`). An XLSX opens with a title block (what was read, on which
date, as known when, at which position), then a bold, frozen header row, columns as wide
as what they hold, and dates as dates. A CSV is plain UTF-8 with `,` and decimal points,
or, in the `excel-sv` dialect that Swedish Excel opens as it is, with a byte order mark,
`;` between cells and decimal commas.

No text cell can run as a formula (OWASP's defence against CSV injection): a text that
begins with `=`, `+`, `-` or `@` (after any whitespace), or with a tab or a carriage
return, is written with a leading apostrophe, alike in CSV and XLSX. Numbers are not
text and stay numbers."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from application.indicators import PeriodValueRow, RowRefused
from domain.errors import InvalidCommand
from domain.figures import beyond_range
from domain.indicators import Series
from domain.text import check_text
from interfaces import sheet_labels as labels
from interfaces.csv_text import MalformedRow, records
from interfaces.upload_limits import TooManyRows, at_most, check_workbook
from projections.indicator_series_view import ValueRow
from projections.plan_report import PlanReport

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REPORT_COLUMNS = (
    "item", "kind", "follow_up", "follow_up_comment", "indicator", "unit", "periods",
    "target", "outcome", "difference", "outcome_comment", "forecast", "forecast_period",
    "forecast_reported_in", "assessment", "assessment_comment", "corrected", "late",
    "missing", "item_assessment", "item_assessment_comment",
)  # fmt: skip
"""One row per indicator (an item without one has a row of its own): the forecast is the
last one made in the period (the JSON report lists them all)."""
SERIES_COLUMNS = (
    "period", "target", "outcome", "assessment", "assessment_basis", "comment", "corrected",
    "late", "recorded_from", "recorded_at", "actor", "reason",
)  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet to send: its file's name (without the extension), columns (keys of
    `sheet_labels.COLUMNS`) and rows, and what the title block says of it."""

    name: str
    columns: Sequence[str]
    rows: list[tuple[Any, ...]]
    heading: str = "report"
    """What it is (a key of `sheet_labels.ABOUT`): the title block's first line."""
    title: str = ""
    """The name of what was read (the plan's, the indicator's), after the heading."""
    about: Sequence[tuple[str, Any]] = ()
    """The title block's lines below it: (key of `sheet_labels.ABOUT`, value)."""
    worded: frozenset[str] = frozenset()
    """The columns holding words of the vocabulary, shown by their labels."""


@dataclass(frozen=True)
class Style:
    lang: str = "sv"
    """`sv` or `en`: the headers' and the vocabulary's language."""
    dialect: str = "excel"
    """Of a CSV: `excel` (`,`, decimal points) or `excel-sv` (BOM, `;`, decimal commas)."""


REPORT_WORDED = frozenset({"kind", "follow_up", "assessment", "missing", "item_assessment"})
SERIES_WORDED = frozenset({"assessment", "assessment_basis"})


def report_rows(report: PlanReport) -> list[tuple[Any, ...]]:
    """One row per indicator (an item without one has a row of its own); `missing` names
    what the report's `missing` lists for the row's item and indicator (`follow_up`,
    `outcome`), as the JSON report does."""
    gaps: dict[UUID, list[str]] = {}
    for gap in report.missing:
        gaps.setdefault(gap.id, []).append(gap.what)
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
        own = entry.assessment
        last = (own.status if own else None, own.comment if own else None)
        item_gaps = tuple(gaps.get(entry.item.item_id, ()))
        if not entry.indicators:
            blank = [None] * (len(REPORT_COLUMNS) - len(base) - 3)
            rows.append((*base, *blank, item_gaps or None, *last))
        for figure in entry.indicators:
            assessment = figure.assessment
            forecast = figure.forecasts[-1] if figure.forecasts else None
            figure_gaps = item_gaps + tuple(gaps.get(figure.indicator.indicator_id, ()))
            rows.append(
                (
                    *base,
                    figure.indicator.name,
                    figure.indicator.unit,
                    " ".join(figure.periods),
                    figure.target,
                    figure.outcome,
                    figure.difference,
                    _comments(figure.outcomes),
                    forecast.value if forecast else None,
                    forecast.period if forecast else None,
                    forecast.reported_in if forecast else None,
                    assessment.status if assessment else None,
                    assessment.comment if assessment else None,
                    figure.corrected,
                    figure.late,
                    figure_gaps or None,
                    *last,
                )
            )
    return rows


def _comments(values: list[ValueRow]) -> str | None:
    """The values' comments: one value's as it is, several values' each after its period."""
    if len(values) == 1:
        return values[0].comment
    said = [f"{v.period}: {v.comment}" for v in values if v.comment]
    return "\n".join(said) or None


def series_rows(values: list[ValueRow]) -> list[tuple[Any, ...]]:
    by_period: dict[str, dict[Series, ValueRow]] = {}
    for row in values:
        if row.series is not Series.FORECAST:
            by_period.setdefault(row.period, {})[row.series] = row
    rows = []
    for period, series in by_period.items():
        target, outcome, assessment = (
            series.get(s) for s in (Series.TARGET, Series.OUTCOME, Series.ASSESSMENT)
        )
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
                latest.recorded_at,
                latest.actor,
                latest.reason,
            )
        )
    return rows


def to_csv(sheet: Sheet, style: Style = Style()) -> bytes:
    swedish_excel = style.dialect == "excel-sv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if swedish_excel else ",")
    writer.writerow(_headers(sheet, style))
    for row in _worded(sheet, style):
        writer.writerow(["" if v is None else _text(v, style) for v in row])
    text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8") if swedish_excel else text.encode("utf-8")


def to_xlsx(sheet: Sheet, style: Style = Style()) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.name[:31]
    about = labels.ABOUT[style.lang]
    heading = about[sheet.heading] + (f": {sheet.title}" if sheet.title else "")
    ws.cell(row=1, column=1, value=_cell(heading, style)).font = Font(bold=True, size=14)
    for line, (key, value) in enumerate(sheet.about, start=2):
        ws.cell(row=line, column=1, value=about[key]).font = Font(bold=True)
        _put(ws.cell(row=line, column=2), _cell(value, style))
    header_row = len(sheet.about) + 3  # a blank row between the title block and the table
    headers = _headers(sheet, style)
    widths = [len(h) for h in headers]
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=column, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = (
            Font(bold=True),
            PatternFill("solid", fgColor="DDE4EE"),
            Border(bottom=Side(style="thin")),
            Alignment(vertical="top", wrap_text=True),
        )
    for line, row in enumerate(_worded(sheet, style), start=header_row + 1):
        for column, value in enumerate(row, start=1):
            written = _cell(value, style)
            _put(ws.cell(row=line, column=column), written)
            if written is not None:
                widths[column - 1] = max(widths[column - 1], len(str(written)))
    ws.freeze_panes = f"A{header_row + 1}"
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell: Any, value: Any) -> None:
    """Writes the value, a date or a moment with a format that shows it as one."""
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def _headers(sheet: Sheet, style: Style) -> list[str]:
    return [labels.COLUMNS[style.lang][key] for key in sheet.columns]


def _worded(sheet: Sheet, style: Style) -> Iterator[tuple[Any, ...]]:
    """The rows with each word of the vocabulary shown by its label."""
    words = labels.VALUES[style.lang]
    worded = [key in sheet.worded for key in sheet.columns]

    def word(value: Any) -> Any:
        if isinstance(value, tuple):
            return ", ".join(words.get(str(v), str(v)) for v in value)
        return words.get(value, value) if isinstance(value, str) else value

    for row in sheet.rows:
        yield tuple(word(v) if w else v for v, w in zip(row, worded, strict=True))


def inert(text: str) -> str:
    """The text as a spreadsheet shows it and cannot run it."""
    if text.startswith(("\t", "\r")) or text.lstrip().startswith(("=", "+", "-", "@")):
        return "'" + text
    return text


def _text(value: Any, style: Style) -> str:
    if isinstance(value, bool):
        yes, no = labels.YES_NO[style.lang]
        return yes if value else no
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal) and style.dialect == "excel-sv":
        return str(value).replace(".", ",")
    return str(value)


def _cell(value: Any, style: Style) -> Any:
    """A spreadsheet number is a double, shown by its shortest decimal form: a decimal
    that form gives back exactly (−131.6, 84.6) is written as a number, any other as
    its text, so no digit is lost. A text is written inert, with U+FFFD for each control
    character XLSX cannot hold (texts in the store may have them). A moment is written in
    UTC (a workbook's dates have no zone), a yes or no as its word."""
    if isinstance(value, bool):
        yes, no = labels.YES_NO[style.lang]
        return yes if value else no
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, Decimal):
        if not value.is_finite():  # only in a store written before figures were bounded
            return str(value)
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", inert(value))
    return value


NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
VALUE_COLUMNS = ("indicator_id", "series", "value", "comment", "decision_id", "reason")
MAX_COLUMNS = 64  # of a workbook's sheet, read; a column beyond is not one of VALUE_COLUMNS
SNIFFED = 10_000  # characters of a CSV file's first line, to tell its separator


class UnreadableSheet(Exception):
    """The file is not CSV or XLSX with the columns of period values. `row` is the row
    that could not be read, when one could not."""

    def __init__(self, detail: str, *, row: int | None = None) -> None:
        super().__init__(detail)
        self.row = row


def read_period_values(
    content: bytes, kind: str, *, max_rows: int, max_uncompressed: int
) -> tuple[list[PeriodValueRow], list[RowRefused]]:
    """Typed rows, and the rows refused while reading them (row 1 is the first data row).
    More than `max_rows` rows below the header (blank ones too) are refused unread, and so
    is a workbook that unzips to more than `max_uncompressed` bytes."""
    if kind == "xlsx":
        table = _xlsx_rows(content, max_rows, max_uncompressed)
    else:
        table = _csv_rows(content, max_rows)
    if not table or "indicator_id" not in table[0] or "value" not in table[0]:
        raise UnreadableSheet("the first row names the columns: " + ", ".join(VALUE_COLUMNS))
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    unknown = [h for h in header if h and h not in VALUE_COLUMNS]
    if unknown:
        raise UnreadableSheet(f"unknown columns: {', '.join(unknown)}")
    rows: list[PeriodValueRow] = []
    refused: list[RowRefused] = []
    for number, cells in enumerate(table[1:], start=1):
        record = dict(zip(header, cells, strict=False))
        if all(v in (None, "") for v in record.values()):
            continue  # a blank line
        try:
            rows.append(_value_row(number, record))
        except InvalidCommand as error:
            refused.append(RowRefused(number, error.field, error.detail))
    return rows, refused


def _value_row(number: int, record: dict[str, Any]) -> PeriodValueRow:
    def text(name: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        cell = check_text(str(value), name, multiline=name in ("comment", "reason")).strip()
        return cell or None

    def uuid(name: str) -> UUID | None:
        value = text(name)
        try:
            return None if value is None else UUID(value)
        except ValueError:
            raise InvalidCommand(f"{name} is not an id", field=name) from None

    indicator_id = uuid("indicator_id")
    if indicator_id is None:
        raise InvalidCommand("indicator_id is required", field="indicator_id")
    series = IMPORTED_SERIES.get(text("series") or "outcome")
    if series is None:
        raise InvalidCommand("series is target or outcome", field="series")
    return PeriodValueRow(
        row=number,
        indicator_id=indicator_id,
        series=series,
        value=_number(record.get("value")),
        comment=text("comment"),
        decision_id=uuid("decision_id"),
        reason=text("reason"),
    )


IMPORTED_SERIES = {s.value: s for s in (Series.TARGET, Series.OUTCOME)}
"""What a row of a period's values may be, by its `series` cell."""


def _number(value: Any) -> Decimal:
    """A cell's number: exact text ("84,6" or "84.6"), or a spreadsheet's double."""
    if isinstance(value, bool) or value is None or value == "":
        raise InvalidCommand("value is a number", field="value")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip().replace("\u2212", "-").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        if NUMBER.fullmatch(text):  # an exponent beyond what any decimal holds
            raise InvalidCommand(beyond_range(text), field="value") from None
        raise InvalidCommand(f"value {value!r} is not a number", field="value") from None
    if not number.is_finite():
        raise InvalidCommand(f"value {value!r} is not a number", field="value")
    return number


def _csv_rows(content: bytes, max_rows: int) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableSheet("the file is not UTF-8 text") from None
    dialect: Any = csv.excel
    # Spreadsheets in a Swedish locale write `;` between cells; one column, or no header,
    # is left to the checks of the rows.
    with contextlib.suppress(csv.Error):
        header = text.partition("\n")[0].rstrip("\r")[:SNIFFED]
        dialect = csv.Sniffer().sniff(header, delimiters=",;\t")
    table: list[list[Any]] = []
    try:
        for _, cells in records(text, dialect):
            if len(table) > max_rows:  # the header and `max_rows` rows are in: one more
                raise TooManyRows(max_rows)
            table.append(cells)
    except MalformedRow as error:
        # Row 1 is the first after the header, as in the refusals of rows.
        where = f"row {len(table)}" if table else "the header row"
        detail = f"{where} is not CSV (from line {error.line}): {error.problem}"
        raise UnreadableSheet(detail, row=len(table) or None) from None
    return table


def _xlsx_rows(content: bytes, max_rows: int, max_uncompressed: int) -> list[list[Any]]:
    check_workbook(content, max_uncompressed)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise UnreadableSheet(f"not an XLSX workbook: {type(error).__name__}") from None
    sheet = book.worksheets[0]
    # Bounds given, a sheet's own dimension (`A1:XFD1048576`) pads no row to 16,384 cells,
    # and a row numbered 10**12 yields no run of empty rows before it.
    rows = sheet.iter_rows(max_row=max_rows + 2, max_col=MAX_COLUMNS, values_only=True)
    try:  # a read-only workbook parses its cells only now: a number cell may hold "abc"
        return _header_and_rows(rows, max_rows)
    except TooManyRows:
        raise
    except Exception as error:  # as above, of many kinds
        raise UnreadableSheet(f"a cell cannot be read: {type(error).__name__}") from None


def _header_and_rows(rows: Iterator[Sequence[Any]], max_rows: int) -> list[list[Any]]:
    header = next(rows, None)
    return [] if header is None else [list(header), *map(list, at_most(rows, max_rows))]
