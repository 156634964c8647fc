"""Exact reading of a worksheet's cells: how far they reach, and untrustworthy ones.

Slower than the fast scan (a little memory for every cell), so used only where it
cannot follow a sheet, and for the few cells it stops at.
"""

from __future__ import annotations

import re
import typing as t

from iia_checker.limits import Limits
from iia_checker.model.a1 import column_number

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_ATTR = re.compile(rb'\b(r|t)="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]+)</v>")
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR = re.compile(rb't="e"')  # a literal is 9x faster than \bt="e"; see bad_cells
#: What the exact count reads: every r attribute (of any element, so of cells and
#: rows however written), every c or row element, and one without an r.
_ANY_REF = re.compile(rb"(?<=[\s\"'])r\s*=\s*([\"'])\$?([A-Za-z]*)\$?([0-9]*)\1")
_ANY_TAG = re.compile(rb"<(?:[^\s<>/:]+:)?(?:c|row)(?=[\s>/])")
_NO_REF = re.compile(
    rb"<(?:[^\s<>/:]+:)?(?:c|row)(?=[\s>/])(?![^>]*?(?<=[\s\"'])r\s*=)"
)
_CHUNK: t.Final = 1 << 20
#: Far more than the XML of a cell holding 32,767 characters, all escaped.
_LONGEST_CELL: t.Final = 1 << 20


def past(rows: int, columns: int, limits: Limits) -> bool:
    """Whether an extent of ``rows`` by ``columns`` is beyond the limits."""
    return (
        rows > limits.max_sheet_rows
        or columns > limits.max_sheet_columns
        or rows * columns > limits.max_sheet_cells
    )


def exact_extent(xml: bytes, limits: Limits | None = None) -> tuple[int, int]:
    """The furthest row and column any cell or row element names or reaches.

    Past ``limits``, the extent counted up to the first megabyte that passes them.
    """
    # Cells or rows without a reference take the next position: then count them all.
    counting = _NO_REF.search(xml) is not None
    rows = columns = counted_rows = counted_columns = 0
    extent = (0, 0)
    for chunk in _chunks(xml):  # a megabyte at a time: a tuple per cell adds up
        refs = _ANY_REF.findall(chunk)
        rows = max(rows, max(map(int, (r[2] for r in refs if r[2])), default=0))
        letters = {r[1] for r in refs}
        columns = max(columns, max(map(column_number, letters), default=0))
        if counting:
            tags = _ANY_TAG.findall(chunk)
            counted_rows += sum(1 for tag in tags if tag.endswith(b"w"))
            counted_columns += sum(1 for tag in tags if tag.endswith(b"c"))
        extent = rows + counted_rows, columns + counted_columns
        if limits is not None and past(*extent, limits):
            break
    return extent


def _chunks(xml: bytes) -> t.Iterator[bytes]:
    """Slices of about ``_CHUNK`` bytes, each cut before a ``<`` (never in a tag)."""
    start = 0
    while start < len(xml):
        end = xml.find(b"<", start + _CHUNK)
        end = len(xml) if end < 0 else end
        yield xml[start:end]
        start = end


def _start(hit: re.Match[bytes]) -> int:
    return hit.start()


_NEVER_WORKED_OUT: t.Final = (
    "the cell holds a formula whose value was never worked out; type the answer,"
    " or open the workbook in Excel or LibreOffice and save it"
)


def bad_cells(xml: bytes) -> dict[str, str]:
    """Formula cells without a cached value, and error values, by reference."""
    bad: dict[str, str] = {}
    hits = sorted([*_FORMULA.finditer(xml), *_ERROR.finditer(xml)], key=_start)
    for hit in hits:
        before = xml[hit.start() - 1 : hit.start()]
        if before.isalnum() or before == b"_":
            continue  # not an attribute t (as \b would have said): e.g. at="e"
        bad.update(cell_problem(xml, xml.rfind(b"<c", 0, hit.start())))
    return bad


#: What follows ``<c`` in a cell's start tag, not in ``<col>`` or ``<color>``.
AFTER_NAME: t.Final = frozenset([b" ", b"\t", b"\r", b"\n", b">", b"/"])


def cell_start(xml: bytes, inside: int) -> int:
    """Where the cell holding position ``inside`` starts (-1 if none is near)."""
    floor = max(inside - _LONGEST_CELL, 0)
    start = xml.rfind(b"<c", floor, inside)
    while start >= 0 and xml[start + 2 : start + 3] not in AFTER_NAME:
        start = xml.rfind(b"<c", floor, start)  # <color> of rich text
    return start


def cell_end(xml: bytes, start: int) -> int | None:
    """Where the cell starting at ``start`` ends (None if its tag never does)."""
    tag_end = xml.find(b">", start, start + _LONGEST_CELL)
    if tag_end < 0:
        return None
    if xml[tag_end - 1 : tag_end] == b"/":
        return tag_end + 1
    close = xml.find(b"</c>", tag_end, tag_end + _LONGEST_CELL)
    return tag_end + 1 if close < 0 else close + 4


def cell_problem(xml: bytes, start: int) -> dict[str, str]:
    """The cell at ``start`` if its value is an error or a formula never computed.

    Reads no further than the cell: a self-closing cell ends at its tag, and the
    end of any other is looked for only within ``_LONGEST_CELL`` bytes (a search
    to the next ``</c>`` of the sheet made every stop cost the rest of a sheet of
    self-closing cells).
    """
    end = cell_end(xml, start)
    match = None if end is None else _CELL.match(xml, start, end)
    if match is None:
        return {}
    attrs = dict(_ATTR.findall(match.group(1)))
    body = match.group(2) or b""
    value = _VALUE.search(body)
    ref = attrs.get(b"r", b"?").decode()
    if attrs.get(b"t") == b"e":
        shown = value.group(1).decode() if value else "?"
        return {
            ref: f"the cell shows an error ({shown}); correct it or type the answer"
        }
    if b"<f" in body and not value:
        return {ref: _NEVER_WORKED_OUT}
    return {}
