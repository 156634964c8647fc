"""An Excel workbook (Office Open XML, ECMA-376) for board officers: Summary,
Findings, Rules and Provenance sheets, written with openpyxl in write-only mode.

Every string is written as text (``data_type "s"``), prefixed with ``'`` when it
starts like a formula (OWASP "CSV injection") and cleaned of the control characters
that would corrupt a write-only workbook; see ``rows.spreadsheet_text`` and
shared/research/excel-io-measurements.md §6.4. Status and verdicts are words with a
fill colour, never colour alone. Zip entries carry a fixed date, so equal reports
give equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import typing as t
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from iia_checker.findings import Report
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.rows import (
    FINDING_HEADERS,
    NOT_CHECKED,
    RULE_HEADERS,
    all_rules,
    finding_values,
    provenance_items,
    report_boards,
    rule_values,
    spreadsheet_text,
    summary_headers,
    summary_values,
)

#: Excel's own "Good", "Bad" and "Neutral" cell styles: dark text on a light fill.
_STYLES: t.Final = {
    "PASS": ("C6EFCE", "006100"),
    "FAIL": ("FFC7CE", "9C0006"),
    "fail": ("FFC7CE", "9C0006"),
    "waived": ("FFEB9C", "9C5700"),
    NOT_CHECKED: ("D9D9D9", "000000"),
    "error": ("FFC7CE", "9C0006"),
    "warning": ("FFEB9C", "9C5700"),
    "info": ("DDEBF7", "1F4E78"),
}
_HEADER_FILL: t.Final = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT: t.Final = Font(bold=True, color="FFFFFF")
_MAX_WIDTH: t.Final = 60
_EPOCH: t.Final = dt.datetime(2000, 1, 1)

Value = str | int


def render(report: Report, options: RenderOptions) -> bytes:
    """The report as the bytes of an .xlsx file."""
    workbook = Workbook(write_only=True)
    stamp = _stamp(report.as_of)
    workbook.properties.creator = "iia-checker"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    boards = report_boards(report)
    summary = [summary_values(r, boards) for r in report.results]
    verdicts = range(7, 7 + len(boards))
    _sheet(workbook, "Summary", summary_headers(boards), summary, verdicts)
    findings = [finding_values(r, f) for r in report.results for f in r.findings]
    status = (FINDING_HEADERS.index("Severity"), FINDING_HEADERS.index("Status"))
    _sheet(workbook, "Findings", list(FINDING_HEADERS), findings, status)
    rules = [rule_values(rule) for rule in all_rules(report)]
    _sheet(workbook, "Rules", list(RULE_HEADERS), rules)
    provenance = [list(item) for item in provenance_items(report)]
    _sheet(workbook, "Provenance", ["Key", "Value"], provenance)
    return _save(workbook, stamp)


def _stamp(as_of: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(as_of).replace(tzinfo=None)
    except ValueError:
        return _EPOCH


def _sheet(
    workbook: Workbook,
    title: str,
    headers: list[str],
    rows: t.Sequence[t.Sequence[Value]],
    styled: t.Collection[int] = (),
) -> None:
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(_widths(headers, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_header(sheet, name) for name in headers])
    for row in rows:
        sheet.append([_cell(sheet, value, i in styled) for i, value in enumerate(row)])
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def _widths(headers: list[str], rows: t.Sequence[t.Sequence[Value]]) -> list[int]:
    widths = [len(name) + 4 for name in headers]
    for row in rows:
        for index, value in enumerate(row):
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[index] = max(widths[index], min(longest + 2, _MAX_WIDTH))
    return widths


def _header(sheet: WriteOnlyWorksheet, name: str) -> Cell:
    cell = _cell(sheet, name)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Value, styled: bool = False) -> Cell:
    if isinstance(value, int):
        return WriteOnlyCell(sheet, value=value)
    text = spreadsheet_text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    style = _STYLES.get(text) if styled else None
    if style is not None:
        fill, colour = style
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(bold=True, color=colour)
    return cell


def _save(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """Write without ``openpyxl.save_workbook``, which stamps the current time."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_dates(raw.getvalue(), stamp)


def _fixed_dates(data: bytes, stamp: dt.datetime) -> bytes:
    out = io.BytesIO()
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
