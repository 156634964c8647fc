"""Merged cells: read as the value repeated, and reported so they are unmerged.

An officer merges two cells of a table to say "one owner for both actions". A
reader sees the value only in the first cell, so the second row's owner looked
"required but missing". Here every cell a merge down a table covers gets the
merge's value, and the merge itself is one warning at its first cell that says
what to do.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.loaders.xlsx.collect import Collector
from iia_checker.loaders.xlsx.locate import Place
from iia_checker.loaders.xlsx.read import Cell, Grid
from iia_checker.loaders.xlsx.values import shown
from iia_checker.model.a1 import cell_ref
from iia_checker.model.findings import Severity

#: A merged range as calamine gives it: ((first row, first column), (last row,
#: last column)), counted from 0.
Span = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Merge:
    """One merged range of a sheet and the value it holds."""

    sheet: str
    first: str
    last: str
    #: 0-based, as ``Place`` counts rows.
    row: int
    column: int
    value: Cell
    #: The value was copied into every cell of the range (a table's rows).
    spread: bool

    @property
    def message(self) -> str:
        """What an officer reads about it."""
        value = shown(self.value)
        cells = f"cells {self.first} to {self.last} are merged"
        if self.spread:
            read = f"{value} was read for each of them"
            todo = "Unmerge the cells and type the value in each one."
        else:
            read = f"{value} was read for {self.first} only"
            todo = "Unmerge the cells and type each answer in its own cell."
        return f"{cells}; {read}. {todo}"


def spread(sheet: str, grid: Grid, spans: t.Sequence[Span], table: bool) -> list[Merge]:
    """The merges over several rows; in a ``table``, each value copied down its range.

    A merge within one row (a title across columns) is only formatting. A merge in a
    label/value sheet would hand one answer to the next question, so it is only
    reported there.
    """
    merges: list[Merge] = []
    for (top, left), (bottom, right) in spans:
        if top >= len(grid) or top == bottom:
            continue
        row = grid[top]
        value = row[left] if left < len(row) else ""
        if value is None or value == "":
            continue  # an empty merge is only formatting
        if table:
            for number in range(top, min(bottom, len(grid) - 1) + 1):
                grid[number] = _filled(grid[number], left, right, value)
        first, last = cell_ref(top, left), cell_ref(bottom, right)
        merges.append(Merge(sheet, first, last, top, left, value, table))
    return merges


def _filled(
    row: tuple[Cell, ...], left: int, right: int, value: Cell
) -> tuple[Cell, ...]:
    cells = list(row) + [""] * max(0, right + 1 - len(row))
    for column in range(left, right + 1):
        cells[column] = value
    return tuple(cells)


def report_merges(sink: Collector, merges: t.Sequence[Merge]) -> None:
    """A warning at the first cell of each merge."""
    for merge in merges:
        place = Place(merge.sheet, merge.row, merge.column, "")
        location = place.location(sink.source, "")
        sink.report("input.merged-cell", merge.message, location, Severity.WARNING)
