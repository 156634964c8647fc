"""The preflight's sheet scan: every spelling calamine reads is measured, fast or not.

Each far-cell file below made calamine allocate about 19 GB (or abort) before the
scan learnt its spelling; all must be refused by the preflight, cheaply.
"""

from __future__ import annotations

import io
import random

import pytest
import python_calamine

from iia_checker.limits import Limits
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.plain_run import plain_run, run_end
from iia_checker.loaders.xlsx.guard.preflight import preflight
from iia_checker.loaders.xlsx.guard.scan import (
    hidden_markup,
    measure,
    prefixed_cells,
    scan,
    unusual_markup,
)
from iia_checker.loaders.xlsx.read import read_book
from iia_checker.model.a1 import column_letters

from .hostile_files import inline, workbook

A1 = b'<c r="A1"><v>1</v></c>'
FAR_CELLS = {
    "lower case": b'<c r="zz900000"><v>1</v></c>',
    "four letters": b'<c r="AAAA1"><v>1</v></c>',
    "eight digits": b'<c r="B12345678"><v>1</v></c>',
    "leading zeros": b'<c r="B0000000900000"><v>1</v></c>',
    "namespace prefix": b'<x:c xmlns:x="urn:x" r="ZZ900000"><v>1</v></x:c>',
    "spaces around =": b'<c r = "ZZ900000"><v>1</v></c>',
    "single quotes": b"<c r='ZZ900000'><v>1</v></c>",
    "a second r": b'<c r="B1" r="XFD900000"><v>1</v></c>',
    "a second r, single-quoted": b"<c r=\"B1\" s='1' r='XFD900000'><v>1</v></c>",
    "r after other attributes": b'<c s="1" t="n" r="XFD900000"><v>1</v></c>',
    "plain but far": b'<c r="XFD900000"><v>1</v></c>',
}


@pytest.mark.parametrize("cell", FAR_CELLS.values(), ids=FAR_CELLS.keys())
def test_a_far_cell_however_written_is_refused(cell: bytes) -> None:
    raw = workbook(b'<row r="1">' + A1 + cell + b"</row>")
    with pytest.raises(FileProblem, match="beyond the limits"):
        preflight(raw, Limits())


def test_formulas_without_values_and_errors_are_found_in_plain_sheets() -> None:
    rows = (
        b'<row r="1"><c r="A1"><f>1+1</f></c><c r="B1" t="e"><v>#N/A</v></c>'
        b'<c r="C1" s="2" t="e"><v>#REF!</v></c><c r="D1"><f>2</f><v>2</v></c></row>'
    )
    assert preflight(workbook(rows), Limits()).bad_cells == {
        "Project": {
            "A1": "the cell holds a formula whose value was never worked out; type"
            " the answer, or open the workbook in Excel or LibreOffice and save it",
            "B1": "the cell shows an error (#N/A); correct it or type the answer",
            "C1": "the cell shows an error (#REF!); correct it or type the answer",
        }
    }


def test_the_fast_bound_covers_the_exact_extent() -> None:
    rows = b"".join(
        b'<row r="%d">' % row
        + b"".join(
            b'<c r="%s%d" s="1" t="s"><v>0</v></c>'
            % (column_letters(col - 1).encode(), row)
            for col in range(1, 30, 7)
        )
        + b"</row>"
        for row in (1, 2, 95, 1001)
    )
    fast, exact = scan(rows), measure(rows)
    assert not fast.exact and (exact.rows, exact.columns) == (1001, 29)
    assert fast.rows >= exact.rows and fast.columns >= exact.columns


def test_the_plain_cell_pattern_accepts_exactly_what_is_within_its_bound() -> None:
    pick = random.Random(7)
    for _ in range(3000):
        rows, columns = pick.randint(1, 1_048_576), pick.randint(1, 16_384)
        row, column = pick.randint(1, 2_000_000), pick.randint(1, 18_000)
        program, (row_bound, column_bound) = plain_run(rows, columns)
        ref = (column_letters(column - 1).encode(), row)
        tag = b'<row>x<c r="%s%d" t="s"><v>3</v></c></row>' % ref
        plain = run_end(program, tag, 0) == len(tag)
        assert row_bound >= rows and column_bound >= columns
        assert plain == (row <= row_bound and column <= column_bound)


def test_rows_read_one_at_a_time_are_those_calamine_pads_from_a1() -> None:
    rows = (
        b'<row r="3">'
        + inline("C3", "x")
        + inline("E3", "y")
        + b'</row><row r="6">'
        + inline("D6", "x")
        + b"</row>"
    )
    raw = workbook(rows)
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    expected = sheet.get_sheet_by_name("Project").to_python(skip_empty_area=False)
    grid = read_book(raw, Limits()).sheets["Project"]
    assert grid == [tuple(row) for row in expected]
    assert grid[2][2] is grid[5][3]  # equal texts share one object


UNSAFE = b'<f>WEBSERVICE("https://example.invalid/")</f>'
#: Ways a cell with an unsafe formula may be written so that a scan that skips
#: plain cells might read past it.
HIDDEN_CELLS = {
    "plain start": b'<c r="B1">' + UNSAFE + b"</c>",
    "tab after the name": b'<c\tr="B1">' + UNSAFE + b"</c>",
    "newline after the name": b'<c\nr="B1">' + UNSAFE + b"</c>",
    "after a stray <": b'<<c r="B1">' + UNSAFE + b"</c>",
    "after <c<": b'<c<c r="B1">' + UNSAFE + b"</c>",
    "after <col": b'<col/><c r="B1">' + UNSAFE + b"</c>",
    "after a plain empty cell": b'<c r="A1" s="1"/><c r="B1">' + UNSAFE + b"</c>",
}


@pytest.mark.parametrize("cell", HIDDEN_CELLS.values(), ids=HIDDEN_CELLS.keys())
def test_the_plain_run_never_skips_a_cell_that_is_not_plain(cell: bytes) -> None:
    rows = b"".join(b'<row r="%d">%s</row>' % (n, A1) for n in range(2, 50))
    found = scan(b'<sheetData><row r="1">' + cell + b"</row>" + rows + b"</sheetData>")
    assert found.refusal is not None


#: Pieces of markup: the declaration's prefixes and prefixed names are drawn whole.
_MARKUP_PIECES = [
    *(b"<", b"<?", b"<?x", b"<?xm", b"<?xml", b"<!", b"<a", b"<a:c", b"<:c"),
    *(b"?", b"!", b"x", b"m", b"l", b":", b"c", b"/", b">", b" ", b"\t", b"\n", b"a"),
]


@pytest.mark.parametrize("seed", range(4))
def test_the_markup_searches_find_what_a_backtracking_search_finds(seed: int) -> None:
    """RE2 has no look-ahead, so the declaration's exclusion is spelt out: it must
    still find exactly what ``<(?:!|\\?(?!xml\\s))`` and a prefixed cell find."""
    import re

    hidden = re.compile(rb"<(?:!|\?(?!xml[ \t\r\n]))")
    prefixed = re.compile(rb"<[^ \t\r\n\f<>/:]+:c[ \t\r\n\f>/]")
    draw = random.Random(seed)
    for _ in range(3000):
        xml = b"".join(draw.choices(_MARKUP_PIECES, k=draw.randint(0, 6)))
        assert hidden_markup(xml) == bool(hidden.search(xml)), xml
        assert prefixed_cells(xml) == bool(prefixed.search(xml)), xml
        assert unusual_markup(xml) == (hidden_markup(xml) or prefixed_cells(xml)), xml
