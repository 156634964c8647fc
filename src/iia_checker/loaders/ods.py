"""OpenDocument spreadsheets (.ods, LibreOffice's own format), behind their own guard.

An .ods file is a zip holding ``content.xml``; python-calamine reads it into the
same grids as an .xlsx, so a form or register saved as .ods loads through the same
layout and collect code to the same submission. The guard is as strict as the one
for .xlsx (``xlsx/guard``), before calamine sees a byte:

- a zip whose ``mimetype`` says spreadsheet; declared sizes and the compression
  ratio of every part within the limits (zip bombs);
- no DTD or entity declaration in any XML part (entity bombs, XXE);
- the furthest row and column holding a value, counting ODF's repeated rows and
  cells (``number-rows-repeated``, ``number-columns-repeated``), within the limits.
  LibreOffice ends every sheet with a million empty repeated rows; those hold no
  value and do not count, but one value repeated past the limits does.
"""

from __future__ import annotations

import io
import re
import typing as t
import zipfile
from xml.etree import ElementTree as ET

import python_calamine

from iia_checker.limits import Limits, hint
from iia_checker.loaders.payload import Payload, take
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.container import ODS, check_parts
from iia_checker.loaders.xlsx.guard.parts import check_prologs
from iia_checker.loaders.xlsx.guard.sniff import sniff
from iia_checker.loaders.xlsx.read import Book, Grid, Row

MIMETYPE: t.Final = b"application/vnd.oasis.opendocument.spreadsheet"
_DTD: t.Final = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_TABLE: t.Final = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE: t.Final = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELLS: t.Final = frozenset({f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"})


def read_ods_book(raw: bytes | Payload, limits: Limits) -> Book:
    """Guard, then read every sheet; raise ``FileProblem`` if unreadable."""
    data = take(raw)
    sniff(data)  # not a zip at all: the same words as for a workbook
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_container(archive, limits)
    except zipfile.BadZipFile:
        raise FileProblem("the .ods file is damaged and cannot be opened") from None
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.CalamineError as exc:
        raise FileProblem(f"the .ods file cannot be read: {exc}") from None
    sheets: dict[str, Grid] = {}
    merged: dict[str, list[t.Any]] = {}
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        sheets[name] = _grid(sheet)
        if sheet.merged_cell_ranges:
            merged[name] = list(sheet.merged_cell_ranges)
    visible = python_calamine.SheetVisibleEnum.Visible
    hidden = frozenset(
        meta.name for meta in workbook.sheets_metadata if meta.visible != visible
    )
    return Book(sheets, hidden, False, {}, merged)


def _grid(sheet: python_calamine.CalamineSheet) -> Grid:
    """Rows from A1, as the .xlsx reader gives them."""
    start = sheet.start
    if start is None:
        return []
    pad: Row = ("",) * start[1]
    return [pad + tuple(row) for row in sheet.iter_rows()]


def _check_container(archive: zipfile.ZipFile, limits: Limits) -> None:
    names = set(archive.namelist())
    if "mimetype" not in names or "content.xml" not in names:
        raise FileProblem("this .ods file has no spreadsheet content")
    members = archive.infolist()
    check_parts(members, limits, ODS)
    check_prologs(archive, ODS)
    if archive.read("mimetype").strip() != MIMETYPE:
        raise FileProblem(
            "this OpenDocument file is not a spreadsheet; save it from LibreOffice"
            " Calc as .ods or .xlsx"
        )
    for member in members:
        if member.filename.endswith(".xml"):
            _check_xml(member.filename, archive.read(member), limits)


def _check_xml(name: str, xml: bytes, limits: Limits) -> None:
    if _DTD.search(xml):
        raise FileProblem(
            f"{ODS.part(name)} declares a DTD or entities, which"
            f" {ODS.program} never writes; it was refused"
        )
    if name == "content.xml":
        for sheet, rows, columns in _extents(xml):
            if _over(rows, columns, limits):
                raise FileProblem(
                    f"sheet {sheet} has values up to row {rows:,} and column"
                    f" {columns:,}, beyond the limits of {limits.max_sheet_rows:,}"
                    f" rows, {limits.max_sheet_columns} columns and"
                    f" {limits.max_sheet_cells:,} cells ({_SHEET_HINT})",
                    rule_id="input.too-large",
                )


_SHEET_HINT: t.Final = hint("max_sheet_rows", "max_sheet_columns", "max_sheet_cells")


def _over(rows: int, columns: int, limits: Limits) -> bool:
    return (
        rows > limits.max_sheet_rows
        or columns > limits.max_sheet_columns
        or rows * columns > limits.max_sheet_cells
    )


def _extents(xml: bytes) -> t.Iterator[tuple[str, int, int]]:
    """(sheet, furthest row, furthest column) holding a value, for every sheet."""
    name, row, rows, columns = "", 0, 0, 0
    column, filled = 0, False
    for event, element in ET.iterparse(io.BytesIO(xml), ("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                name, row, rows, columns = element.get(f"{_TABLE}name", "?"), 0, 0, 0
            elif tag == f"{_TABLE}table-row":
                column, filled = 0, False
            continue
        if tag in _CELLS:
            repeat = _repeat(element, "number-columns-repeated")
            if f"{_OFFICE}value-type" in element.attrib or len(element):
                columns, filled = max(columns, column + repeat), True
            column += repeat
            element.clear()
        elif tag == f"{_TABLE}table-row":
            repeat = _repeat(element, "number-rows-repeated")
            if filled:
                rows = row + repeat
            row += repeat
            element.clear()
        elif tag == f"{_TABLE}table":
            yield name, rows, columns
            element.clear()


def _repeat(element: ET.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(f"{_TABLE}{attribute}", "1")))
    except ValueError:
        return 1
