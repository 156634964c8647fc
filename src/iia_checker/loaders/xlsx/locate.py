"""Where a JSON pointer of a workbook submission is: sheet, cell and row.

A register project has hundreds of cells, and most findings name only a few of
them, so places are recorded as small tuples and made ``Location`` objects only
when a finding asks for one.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.model import pointers
from iia_checker.model.a1 import cell_ref
from iia_checker.model.findings import Location


class Place(t.NamedTuple):
    """A cell: sheet, 0-based row and column, and the header or label written there."""

    sheet: str
    row: int
    column: int
    label: str

    def location(self, file: str, pointer: str) -> Location:
        """This cell as a finding's location."""
        return Location(
            file,
            pointer,
            sheet=self.sheet,
            cell=cell_ref(self.row, self.column),
            field=self.label,
            row=self.row + 1,
        )


class Mark(t.NamedTuple):
    """A section, table or row: its sheet and, for a row, its 0-based number."""

    sheet: str
    row: int | None

    def location(self, file: str, pointer: str) -> Location:
        """The sheet, or the row's first cell, as a finding's location."""
        if self.row is None:
            return Location(file, pointer, sheet=self.sheet)
        cell = cell_ref(self.row, 0)  # a row without the field's cell: its first
        return Location(file, pointer, sheet=self.sheet, cell=cell, row=self.row + 1)


#: A table row: its sheet, 0-based row, and pointer suffix -> (column, header).
RowColumns = tuple[str, int, dict[str, tuple[int, str]]]


@dataclass(frozen=True, slots=True)
class ExcelLocator:
    """Maps JSON pointers to sheets and cells; a missing field falls back to its row.

    Only cells with a value are recorded; an empty cell of a table row is found
    through the row's columns, so a thousand-project register stays cheap.
    """

    file: str
    places: dict[str, Place | Mark]
    rows: dict[str, RowColumns]

    def locate(self, pointer: str) -> Location:
        """The cell of ``pointer``, else the row or sheet of its nearest ancestor."""
        known = pointer
        while known not in self.places and known:
            known = pointers.parent(known)
        place = self.places.get(known)
        if isinstance(place, Place):
            return place.location(self.file, pointer)
        if known in self.rows and known != pointer:
            empty = self._empty_cell(known, pointer)
            if empty is not None:
                return empty
        if place is None:
            return Location(file=self.file, pointer=pointer)
        return place.location(self.file, pointer)

    def _empty_cell(self, row_pointer: str, pointer: str) -> Location | None:
        """The cell under the column of ``pointer`` (or of the list it is an item
        of) in the row at ``row_pointer``, if the row has such a column."""
        sheet, row, columns = self.rows[row_pointer]
        rest = pointer[len(row_pointer) :]
        while rest:
            hit = columns.get(rest)
            if hit:
                return Place(sheet, row, *hit).location(self.file, pointer)
            rest = pointers.parent(rest)
        return None
