"""Read a register workbook: one row per project in ``Projects``, tables keyed by id.

Each project becomes its own submission (its ``source`` is the workbook), so a bad
row or cell is a finding for that project only. A table row whose ``Project id``
names no project is a warning on the first project, and is otherwise ignored; so
is a merged cell (``merged.py``: its value is read for each row it covers).

The workbook is read once and its rows are sorted by project; each submission is
then built only when asked for (``Register[i]``), so a batch of fifty thousand
projects never holds them all, and forked workers can build and check ranges of
projects from the rows they inherit. Every project gets exactly the findings, in
the order, that building them all at once would give.
"""

from __future__ import annotations

import dataclasses
import typing as t
from dataclasses import dataclass

from iia_checker.limits import Limits
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.collect import Collector
from iia_checker.loaders.xlsx.form import (
    put_top,
    report_missing,
    report_unknown,
    top_labels,
    unknown_sheet,
)
from iia_checker.loaders.xlsx.layout import (
    ID_PATH,
    INSTRUCTIONS,
    Layout,
    norm,
)
from iia_checker.loaders.xlsx.merged import Merge, report_merges
from iia_checker.loaders.xlsx.read import Book, Grid
from iia_checker.loaders.xlsx.sheets import (
    LabelRow,
    parse_table,
)
from iia_checker.loaders.xlsx.tables import Table, group_rows, table_rows
from iia_checker.loaders.xlsx.values import ABSENT
from iia_checker.model.a1 import cell_ref
from iia_checker.model.submission import Submission


@dataclass
class _Step:
    """One sheet, in workbook order: the top fields, a table, or an unknown sheet."""

    name: str
    top: list[LabelRow] | None = None
    table: Table | None = None
    unknown: bool = False


class Register(t.Sequence[Submission]):
    """The projects of a register workbook, each built when asked for."""

    def __init__(
        self,
        book: Book,
        layout: Layout,
        source: str,
        limits: Limits,
        sheet: str,
        merges: t.Sequence[Merge] = (),
    ) -> None:
        # Without its grids: the rows needed are kept here, and forked workers
        # inherit everything this holds.
        self.book = dataclasses.replace(book, sheets={})
        self.layout, self.source, self.limits = layout, source, limits
        self.sheet = sheet
        #: Merged cells: the workbook's, so reported on the first project.
        self.merges = tuple(merges)
        self.parsed = parse_table(book.sheets[sheet], layout.projects)
        if not self.parsed.rows:
            raise FileProblem(f"the {sheet} sheet lists no projects (one row each)")
        #: Project index -> the row of the first project with the same id.
        self.duplicate_of: dict[int, int] = {}
        by_id = self._index()
        self.steps = [
            self._step(name, grid, by_id) for name, grid in book.sheets.items()
        ]

    def __len__(self) -> int:
        return len(self.parsed.rows)

    @t.overload
    def __getitem__(self, index: int) -> Submission: ...
    @t.overload
    def __getitem__(self, index: slice) -> t.Sequence[Submission]: ...
    def __getitem__(self, index: int | slice) -> Submission | t.Sequence[Submission]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._build(index % len(self))

    def _index(self) -> dict[str, int]:
        """Project id -> index of the first project with it; note the repeats."""
        by_id: dict[str, int] = {}
        for index, project_id in enumerate(self._ids()):
            if not isinstance(project_id, str):
                continue
            if project_id in by_id:
                self.duplicate_of[index] = by_id[project_id]
            else:
                by_id[project_id] = index
        return by_id

    def _ids(self) -> t.Iterator[object]:
        """Each project's id as its full build would read it (same coercion)."""
        plans = [p for p in self.parsed.plans(self.sheet) if p.column.path == ID_PATH]
        bad_cells = self.book.bad_cells.get(self.sheet, {})
        limit, date1904 = self.limits.max_cell_chars, self.book.date1904
        for number, row in self.parsed.rows:
            value: object = None
            for plan in plans:
                cell = row[plan.number] if plan.number < len(row) else ""
                empty = cell is None or cell == ""
                if empty or _listed(bad_cells, number, plan.number):
                    continue
                if type(cell) is str:
                    cell = cell[:limit]
                done = plan.coerced(cell, date1904).value
                value = None if done is ABSENT else done
            yield value

    def _step(self, name: str, grid: Grid, by_id: dict[str, int]) -> _Step:
        spec = self.layout.sheet(name)
        if norm(name) == norm(INSTRUCTIONS):
            return _Step(name, top=top_labels(grid, self.layout, name))
        if spec is not None and spec.table:
            return _Step(name, table=group_rows(spec, grid, by_id))
        ignored = name == self.sheet or norm(name) == "lists"
        return _Step(name, unknown=not ignored)

    def _build(self, index: int) -> Submission:
        sink = self._project(index)
        first = index == 0
        if first:
            report_unknown(sink, self.sheet, self.parsed)
            report_merges(sink, self.merges)
        report_missing(sink, self.layout.projects, self.sheet, self.parsed)
        if index in self.duplicate_of:
            self._duplicate(sink, index)
        for step in self.steps:
            if step.top is not None:
                put_top(sink, step.name, step.top)
            elif step.table is not None:
                table_rows(sink, step.name, step.table, index)
            elif step.unknown and first:
                unknown_sheet(sink, step.name, "is not a sheet of the register")
        return sink.submission()

    def _project(self, index: int) -> Collector:
        number, row = self.parsed.rows[index]
        sink = Collector(self.source, self.book, self.limits)
        sink.mark((), self.sheet, number)
        sink.rows[""] = (self.sheet, number, self.parsed.suffixes)
        sink.put_cells(sink.data, "", self.parsed.plans(self.sheet), row, number)
        return sink

    def _duplicate(self, sink: Collector, index: int) -> None:
        # The first project's id cell holds its id, so it is found on its row.
        where = self.parsed.rows[self.duplicate_of[index]][0] + 1
        project_id = sink.data["project"]["id"]
        message = (
            f"project id {project_id} is also on row {where} of {self.sheet}; table"
            f" rows with this id were given to row {where}"
            f" (row {self.parsed.rows[index][0] + 1})"
        )
        sink.report("input.orphan-row", message, sink.locate("/project/id"))


def _listed(bad_cells: dict[str, str], row: int, column: int) -> bool:
    return bool(bad_cells) and cell_ref(row, column) in bad_cells
