"""A register's table sheets: rows grouped by the project their id names.

Rows are kept in sheet order with, beside them, arrays of their owners sorted by
project, so a project's rows are found by bisection without a list per project
(fifty thousand projects would need fifty thousand lists per sheet). A row whose
id names no project goes to project 0, which reports it.
"""

from __future__ import annotations

import bisect
import typing as t
from array import array
from dataclasses import dataclass, field

from iia_checker.loaders.xlsx.collect import Collector
from iia_checker.loaders.xlsx.form import (
    key_text,
    put_row,
    report_missing,
    report_unknown,
)
from iia_checker.loaders.xlsx.layout import PROJECT_KEY, SheetSpec
from iia_checker.loaders.xlsx.locate import Place
from iia_checker.loaders.xlsx.read import Grid, Row
from iia_checker.loaders.xlsx.sheets import Parsed, body, parse_header
from iia_checker.model.findings import Location, Severity


@dataclass
class Table:
    """A table sheet's rows, found by project without a list per project.

    ``order`` lists the rows (indexes into ``rows``) sorted by project, in sheet
    order within one project; ``owners`` is the project of each, in that order.
    """

    spec: SheetSpec
    parsed: Parsed
    rows: list[Row] = field(default_factory=list)
    numbers: array[int] = field(default_factory=lambda: array("l"))
    order: array[int] = field(default_factory=lambda: array("l"))
    owners: array[int] = field(default_factory=lambda: array("l"))
    #: Row index -> the id of a row that names no project.
    orphans: dict[int, str] = field(default_factory=dict)

    def of(self, project: int) -> t.Iterator[int]:
        """The indexes of ``project``'s rows (and of orphans, for project 0)."""
        low = bisect.bisect_left(self.owners, project)
        high = bisect.bisect_right(self.owners, project, low)
        return iter(self.order[low:high])


def group_rows(spec: SheetSpec, grid: Grid, by_id: dict[str, int]) -> Table:
    """Sort a table sheet's rows by the project they belong to."""
    parsed = parse_header(grid, spec, key=PROJECT_KEY)
    table = Table(spec, parsed)
    for number, row in body(grid, parsed):
        table.rows.append(row)
        table.numbers.append(number)
    parsed.row_count = len(table.rows)
    if parsed.key is None:
        table.rows.clear()
        return table
    keys = _keys(table.rows, parsed.key)
    found = list(map(by_id.get, keys))
    if None in found:
        table.orphans = {i: keys[i] for i, owner in enumerate(found) if owner is None}
    owners = array("l", [owner or 0 for owner in found])
    table.order = array("l", sorted(range(len(owners)), key=owners.__getitem__))
    table.owners = array("l", sorted(owners))
    return table


def _keys(rows: list[Row], column: int) -> list[str]:
    """The project id each table row names, as text (one pass per step: rows
    number in the hundreds of thousands)."""
    cells = [row[column] if column < len(row) else "" for row in rows]
    return [c.strip() if c.__class__ is str else key_text(c) for c in cells]


def table_rows(sink: Collector, sheet: str, table: Table, index: int) -> None:
    """This project's rows of one table sheet, and the sheet's own findings."""
    parsed, first = table.parsed, index == 0
    if parsed.row_count and parsed.key is None:
        if first:
            _no_key(sink, sheet, parsed)
        return
    items = 0
    where = (sheet, parsed.suffixes)
    owned = False
    for row_index in table.of(index):
        number = table.numbers[row_index]
        if row_index in table.orphans:
            assert parsed.key is not None
            _orphan(sink, sheet, number, parsed.key, table.orphans[row_index])
            continue
        owned = True
        row = table.rows[row_index]
        items = put_row(sink, table.spec, parsed, where, number, row, items)
    if first:
        report_unknown(sink, sheet, parsed)
    if owned:
        report_missing(sink, table.spec, sheet, parsed)


def _no_key(sink: Collector, sheet: str, parsed: Parsed) -> None:
    location = Location(sink.source, sheet=sheet, row=(parsed.header_row or 0) + 1)
    message = (
        f'sheet {sheet} has no "{PROJECT_KEY}" column, so its rows cannot be given'
        " to projects; they were ignored"
    )
    sink.report("input.missing-column", message, location)


def _orphan(sink: Collector, sheet: str, number: int, column: int, key: str) -> None:
    location = Place(sheet, number, column, PROJECT_KEY).location(sink.source, "")
    named = f"project id {key}" if key else "no project id"
    message = f"row {number + 1} of {sheet} has {named}, which is not in Projects;"
    sink.report(
        "input.orphan-row", message + " it was ignored", location, Severity.WARNING
    )
