"""An Excel workbook (Office Open XML, ECMA-376) for board officers: Summary,
Findings, Rules, Counts by rule, Counts by board and Provenance sheets, written by
our own ``spreadsheetml`` writer.

Every string is a shared-string cell, so it is text whatever it starts with; it is
also prefixed with ``'`` when it starts like a formula (OWASP "CSV injection"),
has every control character shown, not obeyed, and is cut at Excel's 32,767
characters; see ``safe_text.spreadsheet`` and shared/research/excel-io-measurements.md
§6.4. Status and verdicts are words with a fill colour, never colour alone. Zip
entries carry the as-of date, so equal reports give equal bytes.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from iia_checker.model.findings import Report
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.count_rows import (
    BOARD_COUNT_HEADERS,
    RULE_COUNT_HEADERS,
    board_count_rows,
    rule_count_rows,
)
from iia_checker.reporters.rows import (
    FINDING_HEADERS,
    NOT_CHECKED,
    RULE_HEADERS,
    all_rules,
    iter_finding_rows,
    provenance_items,
    report_boards,
    rule_values,
    summary_headers,
    summary_values,
)
from iia_checker.reporters.spreadsheetml.parts import Style
from iia_checker.reporters.spreadsheetml.writer import SheetSpec, write_workbook

#: Excel's own "Good", "Bad" and "Neutral" cell styles: dark text on a light fill.
_STYLES: t.Final[dict[str, Style]] = {
    "PASS": ("C6EFCE", "006100"),
    "FAIL": ("FFC7CE", "9C0006"),
    "fail": ("FFC7CE", "9C0006"),
    "waived": ("FFEB9C", "9C5700"),
    "fail, new": ("FFC7CE", "9C0006"),
    "fail, unchanged": ("D9D9D9", "000000"),
    NOT_CHECKED: ("D9D9D9", "000000"),
    "error": ("FFC7CE", "9C0006"),
    "warning": ("FFEB9C", "9C5700"),
    "info": ("DDEBF7", "1F4E78"),
}
#: Bold white on dark blue.
_HEADER: t.Final[Style] = ("1F4E78", "FFFFFF")
_EPOCH: t.Final = dt.datetime(2000, 1, 1)


def render(report: Report, options: RenderOptions) -> bytes:
    """The report as the bytes of an .xlsx file."""
    boards = report_boards(report)
    verdicts = range(7, 7 + len(boards))
    status = (FINDING_HEADERS.index("Severity"), FINDING_HEADERS.index("Status"))
    sheets = [
        SheetSpec(
            "Summary",
            summary_headers(boards),
            [summary_values(result, boards) for result in report.results],
            dict.fromkeys(verdicts, _STYLES),
        ),
        SheetSpec(
            "Findings",
            FINDING_HEADERS,
            iter_finding_rows(report),
            dict.fromkeys(status, _STYLES),
        ),
        SheetSpec("Rules", RULE_HEADERS, map(rule_values, all_rules(report))),
        SheetSpec("Counts by rule", RULE_COUNT_HEADERS, rule_count_rows(report)),
        SheetSpec("Counts by board", BOARD_COUNT_HEADERS, board_count_rows(report)),
        SheetSpec("Provenance", ("Key", "Value"), provenance_items(report)),
    ]
    return write_workbook(sheets, _HEADER, _stamp(report.as_of), "iia-checker")


def _stamp(as_of: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(as_of).replace(tzinfo=None)
    except ValueError:
        return _EPOCH
