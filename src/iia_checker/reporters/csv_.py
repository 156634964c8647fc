"""CSV (RFC 4180): one row per finding, the columns of the workbook's Findings sheet.

Every field is quoted (``csv.QUOTE_ALL``) and guarded against formula injection as
OWASP advises: a field starting with ``= + - @``, tab or CR gets a leading ``'``,
which a spreadsheet shows, and control characters are shown, not obeyed
(``safe_text.spreadsheet``). The text starts with a UTF-8 byte order mark because
Excel, which most council officers open CSV files with, reads a CSV without one as
the Windows code page and garbles every non-ASCII letter (Gàidhlig, en dashes,
curly quotes); Python reads it back with ``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import csv
import io
import typing as t

from iia_checker.model.findings import Report
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.rows import FINDING_HEADERS, iter_finding_rows
from iia_checker.reporters.safe_text import spreadsheet

BOM: t.Final = "\ufeff"


def render(report: Report, options: RenderOptions) -> str:
    """The findings as CSV text, with a byte order mark and CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(FINDING_HEADERS)
    for row in iter_finding_rows(report):
        writer.writerow([spreadsheet(value) for value in row])
    return BOM + buffer.getvalue()
