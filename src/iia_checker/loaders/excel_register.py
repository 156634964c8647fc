"""Read a register workbook: one row per project in ``Projects``, tables keyed by id.

Each project becomes its own submission (its ``source`` is the workbook), so a bad
row or cell is a finding for that project only. A table row whose ``Project id``
names no project is a warning on the first project, and is otherwise ignored.
"""

from __future__ import annotations

from iia_checker.findings import Location, Severity
from iia_checker.limits import Limits
from iia_checker.loaders.excel import (
    put_row,
    read_top,
    report_missing,
    report_unknown,
    unknown_sheet,
)
from iia_checker.loaders.excel_collect import Collector, Place
from iia_checker.loaders.excel_layout import (
    INSTRUCTIONS,
    PROJECT_KEY,
    Layout,
    SheetSpec,
    norm,
)
from iia_checker.loaders.excel_read import Book, Grid, cell_ref
from iia_checker.loaders.excel_sheets import Parsed, parse_table
from iia_checker.loaders.problems import FileProblem
from iia_checker.model import Submission


def read_register(
    book: Book, layout: Layout, source: str, limits: Limits, projects: str
) -> list[Submission]:
    """Every project of a register workbook, with its table rows."""
    parsed = parse_table(book.sheets[projects], layout.projects)
    sinks = [
        _project(book, layout.projects, parsed, projects, source, limits, row)
        for row in parsed.rows
    ]
    if not sinks:
        raise FileProblem(f"the {projects} sheet lists no projects (one row each)")
    report_unknown(sinks[0], projects, parsed)
    for sink in sinks:
        report_missing(sink, layout.projects, projects, parsed)
    by_id = _index(sinks, parsed, projects)
    for name, grid in book.sheets.items():
        spec = layout.sheet(name)
        if norm(name) == norm(INSTRUCTIONS):
            read_top(grid, layout, name, sinks)
        elif spec is not None and spec.table:
            _table(sinks, by_id, spec, name, grid)
        elif name != projects and norm(name) != "lists":
            unknown_sheet(sinks[0], name, "is not a sheet of the register")
    return [sink.submission() for sink in sinks]


def _project(
    book: Book,
    spec: SheetSpec,
    parsed: Parsed,
    sheet: str,
    source: str,
    limits: Limits,
    line: tuple[int, list[object]],
) -> Collector:
    number, row = line
    sink = Collector(source, book, limits)
    sink.mark((), sheet, number)
    sink.rows[""] = (sheet, number, parsed.suffixes)
    for col, (column, header) in parsed.columns.items():
        value = row[col] if col < len(row) else ""
        sink.put(column.path, column, value, Place(sheet, number, col, header))
    return sink


def _index(sinks: list[Collector], parsed: Parsed, sheet: str) -> dict[str, Collector]:
    by_id: dict[str, Collector] = {}
    for sink, (number, _) in zip(sinks, parsed.rows, strict=True):
        project_id = sink.data.get("project", {}).get("id")
        if not isinstance(project_id, str):
            continue
        if project_id in by_id:
            where = by_id[project_id].locate("/project/id").row
            location = sink.locate("/project/id")
            message = (
                f"project id {project_id} is also on row {where} of {sheet}; table"
                f" rows with this id were given to row {where} (row {number + 1})"
            )
            sink.report("input.orphan-row", message, location)
        else:
            by_id[project_id] = sink
    return by_id


def _table(
    sinks: list[Collector],
    by_id: dict[str, Collector],
    spec: SheetSpec,
    sheet: str,
    grid: Grid,
) -> None:
    from iia_checker.loaders.excel import key_text

    parsed = parse_table(grid, spec, key=PROJECT_KEY)
    if parsed.rows and parsed.key is None:
        _no_key(sinks[0], sheet, parsed)
        return
    counters: dict[int, list[int]] = {}
    owners: set[int] = set()
    where = (sheet, parsed.suffixes)
    for number, row in parsed.rows:
        assert parsed.key is not None
        key = key_text(row[parsed.key] if parsed.key < len(row) else "")
        sink = by_id.get(key)
        if sink is None:
            _orphan(sinks[0], sheet, number, parsed.key, key)
            continue
        owners.add(id(sink))
        counter = counters.setdefault(id(sink), [0])
        put_row(sink, spec, parsed, where, number, row, counter)
    report_unknown(sinks[0], sheet, parsed)
    for sink in sinks:
        if id(sink) in owners:
            report_missing(sink, spec, sheet, parsed)


def _no_key(sink: Collector, sheet: str, parsed: Parsed) -> None:
    location = Location(sink.source, sheet=sheet, row=(parsed.header_row or 0) + 1)
    message = (
        f'sheet {sheet} has no "{PROJECT_KEY}" column, so its rows cannot be given'
        " to projects; they were ignored"
    )
    sink.report("input.missing-column", message, location)


def _orphan(sink: Collector, sheet: str, number: int, column: int, key: str) -> None:
    location = Location(
        sink.source,
        sheet=sheet,
        cell=cell_ref(number, column),
        field=PROJECT_KEY,
        row=number + 1,
    )
    named = f"project id {key}" if key else "no project id"
    message = f"row {number + 1} of {sheet} has {named}, which is not in Projects;"
    sink.report(
        "input.orphan-row", message + " it was ignored", location, Severity.WARNING
    )
