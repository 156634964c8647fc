"""Write small OpenDocument spreadsheets for tests, the way LibreOffice lays them out.

Each sheet ends as LibreOffice ends it: a row of 1,024 empty repeated cells repeated
to the last of its 1,048,576 rows, so the guard must not count empty repeats.
"""

from __future__ import annotations

import datetime as dt
import io
import typing as t
import zipfile
from xml.sax.saxutils import escape, quoteattr

import openpyxl

NS: t.Final = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST: t.Final = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
LAST_ROW: t.Final = 1_048_576


def cell_xml(value: object, repeat: int = 1) -> str:
    """One table cell holding ``value`` (None: empty)."""
    again = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{again}/>"
    if isinstance(value, bool):
        kind = (
            f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
        )
        shown = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        kind, shown = f'office:value-type="float" office:value="{value}"', str(value)
    elif isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        kind = f'office:value-type="date" office:date-value="{day.isoformat()}"'
        shown = day.isoformat()
    else:
        kind, shown = 'office:value-type="string"', str(value)
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in shown.split("\n"))
    return f"<table:table-cell {kind}{again}>{lines}</table:table-cell>"


def table_xml(name: str, rows: list[list[object]], tail: bool = True) -> str:
    """A sheet of ``rows``, ended the LibreOffice way when ``tail``."""
    body = "".join(
        "<table:table-row>" + "".join(cell_xml(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    if tail:
        left = LAST_ROW - len(rows)
        body += (
            f'<table:table-row table:number-rows-repeated="{left}">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
    return f"<table:table table:name={quoteattr(name)}>{body}</table:table>"


def ods_bytes(tables: t.Sequence[str]) -> bytes:
    """A whole .ods file from table XML."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}'
        ' office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def from_workbook(book: openpyxl.Workbook) -> bytes:
    """The same sheets and values as an .ods file (hidden sheets left out)."""
    tables = [
        table_xml(ws.title, [list(row) for row in ws.iter_rows(values_only=True)])
        for ws in book.worksheets
        if ws.sheet_state == "visible"
    ]
    return ods_bytes(tables)
