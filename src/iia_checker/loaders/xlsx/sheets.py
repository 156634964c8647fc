"""Parse one sheet's grid: label/value rows, or a table under a header row.

Headers and labels match a column's title, label or field name ignoring case,
spacing, underscores and trailing colons; column order is free; blank rows are
skipped; rows above the header (a title, a note) are ignored.
"""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass, field

from iia_checker.loaders.xlsx.cell_plan import CellPlan, plan_cells
from iia_checker.loaders.xlsx.layout import Column, SheetSpec, norm
from iia_checker.loaders.xlsx.read import Cell, Grid, Row
from iia_checker.model import pointers

#: How far down a table's header row may be (titles and notes may sit above it).
HEADER_SEARCH: t.Final = 10
#: First-row labels of a label/value sheet that are a header, not a field.
KV_HEADERS: t.Final = frozenset({"field", "question", "label", "item"})
EMPTY_LIST: t.Final = "[]"


def blank(value: Cell) -> bool:
    """True for an empty cell (or one with only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Cell) -> str:
    """A header or label cell as text."""
    return "" if blank(value) else str(value).strip()


@dataclass(frozen=True, slots=True)
class LabelRow:
    """A row of a label/value sheet: its field, the label as written, the value."""

    row: int
    column: Column
    label: str
    value: Cell


@dataclass
class Parsed:
    """A parsed sheet: matched rows or columns, and what was not recognised."""

    header_row: int | None = None
    columns: dict[int, tuple[Column, str]] = field(default_factory=dict)
    key: int | None = None
    labels: list[LabelRow] = field(default_factory=list)
    rows: list[tuple[int, Row]] = field(default_factory=list)
    #: How many rows the table has (a register keeps its rows elsewhere).
    row_count: int = 0
    #: (row, column, text, why): unknown or repeated headers and labels.
    unknown: list[tuple[int, int, str, str]] = field(default_factory=list)

    _plans: dict[str, list[CellPlan]] = field(default_factory=dict, repr=False)
    _missing: dict[str, list[Column]] = field(default_factory=dict, repr=False)

    def plans(self, sheet: str) -> list[CellPlan]:
        """The matched columns prepared for reading ``sheet``'s rows (made once)."""
        if sheet not in self._plans:
            self._plans[sheet] = plan_cells(sheet, self.columns)
        return self._plans[sheet]

    @functools.cached_property
    def suffixes(self) -> dict[str, tuple[int, str]]:
        """Pointer below a row -> (column, header), to locate empty cells."""
        return {
            pointers.join("", *column.path): (number, header)
            for number, (column, header) in self.columns.items()
        }


def parse_labels(grid: Grid, spec: SheetSpec) -> Parsed:
    """Label in column A, value in column B; unknown labels are noted."""
    parsed = Parsed()
    seen: dict[str, int] = {}
    for number, row in enumerate(grid):
        label = text(row[0]) if row else ""
        value = row[1] if len(row) > 1 else ""
        if not label or (number == 0 and norm(label) in KV_HEADERS):
            continue
        column = spec.match(label)
        if column is None:
            parsed.unknown.append((number, 0, label, "is not a field of this sheet"))
        elif column.label in seen:
            where = f"row {seen[column.label] + 1}"
            parsed.unknown.append((number, 0, label, f"repeats {where}"))
        else:
            seen[column.label] = number
            parsed.labels.append(LabelRow(number, column, label, value))
    return parsed


def parse_table(grid: Grid, spec: SheetSpec, key: str | None = None) -> Parsed:
    """Find the header row, match its columns, keep the non-blank rows below it."""
    parsed = parse_header(grid, spec, key)
    parsed.rows = list(body(grid, parsed))
    parsed.row_count = len(parsed.rows)
    return parsed


def parse_header(grid: Grid, spec: SheetSpec, key: str | None = None) -> Parsed:
    """``parse_table`` without the rows: the header row and its columns."""
    parsed = Parsed()
    header = _header_row(grid, spec, key)
    if header is not None:
        parsed.header_row = header
        _match_columns(grid[header], spec, key, parsed)
    return parsed


def body(grid: Grid, parsed: Parsed) -> t.Iterator[tuple[int, Row]]:
    """The non-blank rows below the header, with their 0-based numbers."""
    if parsed.header_row is None:
        return
    for number in range(parsed.header_row + 1, len(grid)):
        row = grid[number]
        if not all(map(blank, row)):
            yield number, row


def _header_row(grid: Grid, spec: SheetSpec, key: str | None) -> int | None:
    for number, row in enumerate(grid[:HEADER_SEARCH]):
        names = {norm(text(v)) for v in row if not blank(v)}
        if (key and norm(key) in names) or any(spec.match(n) for n in names):
            return number
    return None


def _match_columns(
    header: Row, spec: SheetSpec, key: str | None, parsed: Parsed
) -> None:
    seen: dict[str, int] = {}
    for number, value in enumerate(header):
        name = text(value)
        if not name:
            continue
        if key and norm(name) == norm(key) and parsed.key is None:
            parsed.key = number
            continue
        column = spec.match(name)
        if column is None:
            parsed.unknown.append((parsed.header_row or 0, number, name, "unknown"))
        elif column.label in seen:
            parsed.unknown.append((parsed.header_row or 0, number, name, "repeated"))
        else:
            seen[column.label] = number
            parsed.columns[number] = (column, name)


def missing_required(spec: SheetSpec, parsed: Parsed) -> list[Column]:
    """Required columns a table with rows does not have.

    Worked out once a sheet: a register asks for every project.
    """
    known = parsed._missing.get(spec.name)
    if known is None:
        known = parsed._missing[spec.name] = _missing(spec, parsed)
    return known


def _missing(spec: SheetSpec, parsed: Parsed) -> list[Column]:
    if not parsed.row_count:
        return []
    present = {column.label for column, _ in parsed.columns.values()}
    return [c for c in spec.columns if c.required and c.label not in present]


def is_empty_list(row: Row, parsed: Parsed) -> bool:
    """True for a row that says the list is deliberately empty (``[]``)."""
    found: list[Cell] = []
    for number, value in enumerate(row):
        if value != "" and number != parsed.key and not blank(value):
            if found:  # a second value: most rows stop here, at their second cell
                return False
            found.append(value)
    return len(found) == 1 and text(found[0]) == EMPTY_LIST
