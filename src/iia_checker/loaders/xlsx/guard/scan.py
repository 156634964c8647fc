"""One pass over a worksheet's XML: how far its cells reach, and untrustworthy cells.

calamine sizes a sheet's grid from the furthest cell it finds, so the extent must
be known before it reads. Nearly every cell of a saved workbook is written alike
(``<c r="B7" s="1" t="s"><v>3</v></c>``), so one regular expression, run by RE2 as
a DFA, skips at C speed and without making an object every such cell within a
bound on the rows and columns seen so far; it stops only at anything else: a cell
beyond the bound (which then grows), a formula, an error value, or a cell
written differently. The bound is the maximum rounded up (row 1,001 to 1,999,
column FL to FZ), which
keeps the expression short; a sheet whose bound passes the limits, and a sheet
with cells calamine would place by anything but a plain reference (no ``r``, lower
case, a namespace prefix, two ``r``), is measured exactly instead, more slowly.
A comment, CDATA section or processing instruction can hide a cell's end tag
from a look at that cell alone, so a sheet with any has every formula read first.

Given the limits, a scan stops at the first cell past them (the extent is at
least as far as any cell seen), so a sheet of a million rows costs no more than
one of the largest allowed. Formulas that reach outside the workbook
(``formulas``) stop the scan too: a cell with a formula is never plain (a plain
cell's value is followed by its end tag), so it is looked at where the scan
stops, whatever the order of its children. An inline text is not read through
by the plain pattern (that would read every text twice), so the ends of inline
texts not followed by their cell's end (``</is><f>``) are stops too, found by a
search of their own (a literal start, so cheap beside the scan's own search). The
formulas of data validations and conditional formats are looked for in the few
pieces that hold any.
"""

from __future__ import annotations

import re
import typing as t

from iia_checker.limits import Limits
from iia_checker.linear_regex import found_in
from iia_checker.loaders.xlsx.guard.cells import (
    AFTER_NAME,
    bad_cells,
    cell_end,
    cell_problem,
    cell_start,
    exact_extent,
    past,
)
from iia_checker.loaders.xlsx.guard.formulas import Refusal, unsafe_formula
from iia_checker.loaders.xlsx.guard.plain_run import plain_run, run_end
from iia_checker.model.a1 import column_number

#: Stops (unusual cells) and raised maxima before the exact count instead.
_MAX_STOPS: t.Final = 4096
_MAX_RAISES: t.Final = 64
#: A start tag's attributes, all double-quoted (anything else is counted exactly).
_TAG_REST = re.compile(rb'(?:\s+[\w:.-]+\s*=\s*"[^"<]*")*\s*/?>')
_TAG_ATTR = re.compile(rb'\s([\w:.-]+)\s*=\s*"([^"<]*)"')
_PLAIN_REF = re.compile(rb"([A-Z]{1,3})([1-9][0-9]{0,6})")
_LAST_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
#: A cell written ``<x:c>``, which calamine reads as a cell too.
_PREFIXED_CELL: t.Final = rb"<[^\s<>/:]+:c[\s>/]"
#: A comment, CDATA section, DTD or processing instruction (not the declaration,
#: ``<?xml`` and a space; RE2 has no look-ahead, so its prefixes are spelt out).
_MARKUP: t.Final = rb"<(?:!|\?(?:[^x]|x[^m]|xm[^l]|xml\S|$|x$|xm$|xml$))"
_TEXT_NOT_LAST = re.compile(rb"</is>(?!\s*</c>)")


class Scan(t.NamedTuple):
    """How far the cells reach (1-based), bad cells by reference, and if exact."""

    rows: int
    columns: int
    bad_cells: dict[str, str]
    #: False when ``rows`` and ``columns`` are bounds (at least the true extent).
    exact: bool = True
    #: A formula that reaches outside the workbook, which refuses it.
    refusal: Refusal | None = None


def scan(xml: bytes, limits: Limits | None = None) -> Scan:
    """The extent (or a bound on it) and the bad cells of a worksheet part.

    Past ``limits``, the extent is that of a cell found past them (exact, but
    perhaps not the furthest) and the bad cells are those found before it.
    """
    if prefixed_cells(xml):
        return measure(xml, limits)
    if hidden_markup(xml):
        refusal = unsafe_formula(xml)
        if refusal is not None:
            return Scan(0, 0, {}, refusal=refusal)
    fast = _fast_scan(xml, limits)
    return measure(xml, limits) if fast is None else fast


def hidden_markup(xml: bytes) -> bool:
    """Whether markup that may hide a cell's end tag is in ``xml``: a comment, a
    CDATA section or a processing instruction (or a DTD, refused elsewhere)."""
    return found_in(_MARKUP, xml)


def prefixed_cells(xml: bytes) -> bool:
    """Whether a cell is written ``<x:c>``, which calamine reads as a cell too."""
    return found_in(_PREFIXED_CELL, xml)


def unusual_markup(xml: bytes) -> bool:
    """``hidden_markup`` or ``prefixed_cells``, in one pass."""
    return found_in(_MARKUP + b"|" + _PREFIXED_CELL, xml)


def measure(xml: bytes, limits: Limits | None = None) -> Scan:
    """``scan``, exactly: slower, with a little memory for every cell."""
    refusal = unsafe_formula(xml)
    if refusal is not None:
        return Scan(0, 0, {}, refusal=refusal)
    rows, columns = exact_extent(xml, limits)
    if limits is not None and past(rows, columns, limits):
        return Scan(rows, columns, {})
    return Scan(rows, columns, bad_cells(xml))


def _fast_scan(xml: bytes, limits: Limits | None) -> Scan | None:
    """``scan`` for a sheet whose cells all have a plain reference, else None."""
    scanner = FastScanner(limits)
    return scanner.result() if scanner.feed(xml) else None


class FastScanner:
    """The fast scan of a worksheet fed in pieces, each cut before a ``<row``."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.rows = self.columns = self.stops = self.raises = 0
        self.bad: dict[str, str] = {}
        self.limits = limits
        self.refusal: Refusal | None = None

    @property
    def done(self) -> bool:
        """Whether the sheet is refused already: past the limits, or a formula."""
        over = self.limits is not None and past(self.rows, self.columns, self.limits)
        return over or self.refusal is not None

    def feed(self, xml: bytes) -> bool:
        """Scan one piece; False when the sheet must be measured exactly instead.

        Once ``done``, further pieces are ignored.
        """
        if self.done:
            return True
        if b"formula" in xml:  # data validations, conditional formats: rare
            self.refusal = unsafe_formula(xml)
        if not self._texts_not_last(xml):
            return False
        last = _last_ref(xml)
        self.rows, self.columns = max(self.rows, last[0]), max(self.columns, last[1])
        position = 0
        while not self.done and self.stops < _MAX_STOPS and self.raises < _MAX_RAISES:
            plain, (row_bound, column_bound) = plain_run(self.rows, self.columns)
            stop = run_end(plain, xml, position)
            if stop >= len(xml):
                return True
            if (
                xml[stop : stop + 2] != b"<c"
                or xml[stop + 2 : stop + 3] not in AFTER_NAME
            ):
                return False  # not well-formed here: measure exactly instead
            position = stop + 2
            self.stops += 1
            ref = _reference(xml, position)
            if ref is None:
                return False  # calamine may place it by counting, or read it otherwise
            if ref[0] > row_bound or ref[1] > column_bound:
                self.raises += 1
                self.rows, self.columns = (
                    max(self.rows, ref[0]),
                    max(self.columns, ref[1]),
                )
            self._inspect(xml, stop)
        return self.done

    def _texts_not_last(self, xml: bytes) -> bool:
        """Look at each cell whose inline text is not its end: a formula may follow.

        False when such a cell's start tag is not found: measure exactly instead.
        """
        for text_end in _TEXT_NOT_LAST.finditer(xml):
            if self.done or self.stops >= _MAX_STOPS:
                return self.done
            self.stops += 1
            start = cell_start(xml, text_end.start())
            if start < 0:
                return False  # no cell near: not Excel's, so measure exactly
            self._inspect(xml, start)
        return True

    def _inspect(self, xml: bytes, start: int) -> None:
        """Note the cell at ``start`` if its value is bad or its formula unsafe."""
        self.bad.update(cell_problem(xml, start))
        end = cell_end(xml, start)
        if self.refusal is None and end is not None:
            self.refusal = unsafe_formula(xml[start:end])

    def result(self) -> Scan:
        """The bound on the extent, and the bad cells, of what was fed."""
        if self.done:  # the cells seen are enough to refuse the sheet
            return Scan(self.rows, self.columns, self.bad, refusal=self.refusal)
        bound = plain_run(self.rows, self.columns)[1]
        return Scan(bound[0], bound[1], self.bad, exact=False)


def _reference(xml: bytes, position: int) -> tuple[int, int] | None:
    """Row and column of the cell whose attributes start at ``position``.

    None unless the tag is plainly written: double quotes only, and one ``r``
    holding an upper-case reference within Excel's own limits.
    """
    rest = _TAG_REST.match(xml, position)
    if rest is None:
        return None
    refs = [v for k, v in _TAG_ATTR.findall(xml, position, rest.end()) if k == b"r"]
    plain = _PLAIN_REF.fullmatch(refs[0]) if len(refs) == 1 else None
    if plain is None:
        return None
    return int(plain.group(2)), column_number(plain.group(1))


def _last_ref(xml: bytes) -> tuple[int, int]:
    """The row and column of the last cell, a first guess at the furthest one."""
    ref = _LAST_REF.match(xml, max(xml.rfind(b'<c r="'), 0))
    if ref is None:
        return 0, 0
    return int(ref.group(2)), column_number(ref.group(1))
