"""Build one submission from cells: its data, the place of every pointer, problems."""

from __future__ import annotations

import itertools
import typing as t
from dataclasses import dataclass, field

from iia_checker.limits import Limits, hint
from iia_checker.loaders.problems import problem
from iia_checker.loaders.xlsx.cell_plan import CellPlan
from iia_checker.loaders.xlsx.layout import Column
from iia_checker.loaders.xlsx.locate import (
    ExcelLocator,
    Mark,
    Place,
    RowColumns,
)
from iia_checker.loaders.xlsx.read import Book, Cell, Row
from iia_checker.loaders.xlsx.values import ABSENT, Coerced, coerce
from iia_checker.model import pointers
from iia_checker.model.a1 import cell_ref
from iia_checker.model.findings import Finding, Location, Severity
from iia_checker.model.submission import Submission

Path = tuple[str | int, ...]


@dataclass
class Collector:
    """Gathers one submission's values, locations and reading problems."""

    source: str
    book: Book
    limits: Limits
    data: dict[str, t.Any] = field(default_factory=dict)
    places: dict[str, Place | Mark] = field(default_factory=dict)
    rows: dict[str, RowColumns] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    def submission(self) -> Submission:
        """The finished submission."""
        locator = ExcelLocator(self.source, self.places, self.rows)
        return Submission(self.source, self.data, locator, tuple(self.problems))

    def mark(self, path: Path, sheet: str, row: int | None = None) -> None:
        """Record where a section, table or row is (unless already known)."""
        self.mark_at(pointers.join("", *path), sheet, row)

    def mark_at(self, pointer: str, sheet: str, row: int | None) -> None:
        """``mark`` for a path already made a pointer."""
        if pointer not in self.places:
            self.places[pointer] = Mark(sheet, row)

    def put(
        self,
        path: Path,
        column: Column,
        cell: Cell,
        place: Place,
        *,
        keep: bool = False,
    ) -> None:
        """Coerce ``cell`` for ``column`` and store it at ``path`` (when not empty).

        An empty cell is recorded only with ``keep`` (label rows); table cells are
        found through their row (see ``ExcelLocator``).
        """
        bad_cells = self.book.bad_cells.get(place.sheet)
        if not keep and not bad_cells and (cell == "" or cell is None):
            return
        pointer = pointers.join("", *path)
        self.places[pointer] = place
        for depth in range(len(path) - 1, len(path) - len(column.path), -1):
            self.mark(path[:depth], place.sheet, place.row)
        readable = self._readable(cell, place, pointer, column.label)
        if readable is None:
            return
        result = coerce(readable, column.schema, date1904=self.book.date1904)
        if result.problem or result.note:
            self._tell(column, result, self.locate(pointer))
        if result.value is not ABSENT:
            set_in(self.data, path, result.value)

    def put_cells(
        self,
        item: dict[str, t.Any],
        pointer: str,
        plans: list[CellPlan],
        row: Row,
        number: int,
    ) -> None:
        """``put_cell`` for every planned cell of table row ``number``, in order."""
        if plans and self.book.bad_cells.get(plans[0].sheet):
            for plan in plans:
                cell = row[plan.number] if plan.number < len(row) else ""
                self.put_cell(item, pointer, plan, cell, number)
            return
        width = len(row)
        limit = self.limits.max_cell_chars
        for plan in plans:
            cell = row[plan.number] if plan.number < width else None
            if cell is None or cell == "":
                continue
            if type(cell) is not str:
                value = self._value(item, pointer, plan, cell)
            else:
                if len(cell) > limit:
                    cell = self._cut(cell, pointer + plan.suffix, plan, number)
                # Most texts are prose: no memo (each project's own), no copy.
                prose = plan.verbatim and cell and not cell[0].isspace()
                if prose and not cell[-1].isspace():
                    value = cell
                else:
                    value = self._value(item, pointer, plan, cell)
            if value is ABSENT:
                continue
            if plan.key is not None:
                item[plan.key] = value
            else:
                _nested(item, plan)[plan.last] = value

    def _value(
        self, item: dict[str, t.Any], pointer: str, plan: CellPlan, cell: Cell
    ) -> object:
        """The value to store for ``cell``, or ``ABSENT`` once stored or reported."""
        result = plan.memo.get(cell) or plan.coerced(cell, self.book.date1904)
        value = result.value
        if result.problem or result.note or value is ABSENT:
            self._store(item, pointer, plan, result)
            return ABSENT
        if type(value) is list:
            return list(value)  # each submission gets its own
        return value

    def _cut(self, cell: str, pointer: str, plan: CellPlan, row: int) -> Cell:
        place = Place(plan.sheet, row, plan.number, plan.header)
        return self._bounded(cell, lambda: place.location(self.source, pointer))

    def _store(
        self, item: dict[str, t.Any], pointer: str, plan: CellPlan, result: Coerced
    ) -> None:
        if result.problem or result.note:
            self._tell(plan.column, result, self.locate(pointer + plan.suffix))
        value = result.value
        if value is not ABSENT:
            _nested(item, plan)[plan.last] = (
                list(value) if type(value) is list else value
            )

    def put_cell(
        self, item: dict[str, t.Any], pointer: str, plan: CellPlan, cell: Cell, row: int
    ) -> None:
        """``put`` for a cell of a recorded row: stored in ``item``, found lazily.

        The row is in ``rows``, so the locator finds the cell (and the row, for
        the objects on its path) without a place recorded per cell.
        """
        bad_cells = self.book.bad_cells.get(plan.sheet)
        if not bad_cells and (cell == "" or cell is None):
            return
        place = Place(plan.sheet, row, plan.number, plan.header)
        where = pointer + plan.suffix
        if plan.parents:  # marked objects on the way would hide the row: record all
            self.places[where] = place
            for parent in plan.parents:
                self.mark_at(pointer + parent, plan.sheet, row)
        readable = self._readable(cell, place, where, plan.column.label)
        if readable is not None:
            self._store(item, pointer, plan, plan.coerce(readable, self.book.date1904))

    def _readable(
        self, cell: Cell, place: Place, pointer: str, label: str
    ) -> Cell | None:
        """``cell`` cut to the length limit; None if it is a refused formula."""
        bad_cells = self.book.bad_cells.get(place.sheet)
        bad = bad_cells.get(cell_ref(place.row, place.column)) if bad_cells else None
        if bad:
            message = f"{label} was not read: {bad}"
            self.report("input.formula", message, place.location(self.source, pointer))
            return None
        return self._bounded(cell, lambda: place.location(self.source, pointer))

    def _tell(self, column: Column, result: Coerced, location: Location) -> None:
        """Report a cell that could not be read (error) or was tidied (info)."""
        if result.problem:
            message = f"{column.label}: {result.problem}"
            self.report("input.cell-value", message, location)
        if result.note:
            message = f"{column.label}: {result.note}"
            self.report("input.cell-value", message, location, Severity.INFO)

    def locate(self, pointer: str) -> Location:
        """Where ``pointer`` is, as the finished submission will say."""
        return ExcelLocator(self.source, self.places, self.rows).locate(pointer)

    def _bounded(self, cell: Cell, location: t.Callable[[], Location]) -> Cell:
        limit = self.limits.max_cell_chars
        if isinstance(cell, str) and len(cell) > limit:
            # Reported at its cell, so one pasted essay costs only its project.
            self.report(
                "input.cell-value",
                f"the text is {len(cell):,} characters long; only the first {limit:,}"
                f" were read ({hint('max_cell_chars')})",
                location(),
            )
            return cell[:limit]
        return cell

    def report(
        self,
        rule_id: str,
        message: str,
        location: Location,
        severity: Severity | None = None,
    ) -> None:
        """Add a reading problem."""
        self.problems.append(problem(rule_id, message, location, severity))


def _nested(item: dict[str, t.Any], plan: CellPlan) -> dict[str, t.Any]:
    """The object of ``item`` holding ``plan``'s value, made on first use."""
    node = item
    for key in plan.objects:
        node = node.setdefault(key, {})
    return node


def set_in(data: dict[str, t.Any], path: Path, value: object) -> None:
    """Store ``value`` at ``path``, creating objects and list items on the way."""
    node: t.Any = data
    for token, after in itertools.pairwise(path):
        empty: t.Any = [] if isinstance(after, int) else {}
        if isinstance(node, list):
            assert isinstance(token, int)
            while len(node) <= token:
                node.append({})
            node = node[token]
        else:
            node = node.setdefault(token, empty)
    last = path[-1]
    if isinstance(node, list):
        assert isinstance(last, int)
        while len(node) <= last:
            node.append({})
        node[last] = value
    else:
        node[last] = value
