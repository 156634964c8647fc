"""Read a form workbook (one project, one sheet per section), and the parts of
reading a sheet that registers share: rows put into a submission, notes on
missing and unknown sheets, columns and labels.
"""

from __future__ import annotations

import typing as t

from iia_checker.limits import Limits
from iia_checker.loaders.problems import ANY_ITEM, FileProblem
from iia_checker.loaders.xlsx.coercers import coercer
from iia_checker.loaders.xlsx.collect import Collector, set_in
from iia_checker.loaders.xlsx.layout import (
    INSTRUCTIONS,
    LISTS,
    Layout,
    SheetSpec,
    norm,
)
from iia_checker.loaders.xlsx.locate import Place
from iia_checker.loaders.xlsx.merged import Merge, report_merges
from iia_checker.loaders.xlsx.read import Book, Cell, Grid, Row
from iia_checker.loaders.xlsx.sheets import (
    LabelRow,
    Parsed,
    is_empty_list,
    missing_required,
    parse_labels,
    parse_table,
    text,
)
from iia_checker.model.findings import Location, Severity
from iia_checker.model.submission import Submission

_AUXILIARY: t.Final = frozenset({norm(INSTRUCTIONS), norm(LISTS)})


def read_form(
    book: Book,
    layout: Layout,
    source: str,
    limits: Limits,
    merges: t.Sequence[Merge] = (),
) -> Submission:
    """The one submission of a form workbook."""
    sink = Collector(source, book, limits)
    report_merges(sink, merges)
    seen: set[str] = set()
    for name, grid in book.sheets.items():
        spec = layout.sheet(name)
        if norm(name) == norm(INSTRUCTIONS):
            read_top(grid, layout, name, [sink])
        elif spec is None or spec.name in seen:
            if norm(name) not in _AUXILIARY:
                unknown_sheet(sink, name, "is not a sheet of the IIA form")
        else:
            seen.add(spec.name)
            read_section(sink, spec, name, grid)
    if not seen:
        raise FileProblem(
            "no sheet of the IIA form was found (expected sheets such as Project and"
            " Assessment; see `iia-check template`)"
        )
    return sink.submission()


def read_section(sink: Collector, spec: SheetSpec, name: str, grid: Grid) -> None:
    """One form sheet: label/value rows or a table, into ``sink``."""
    sink.mark(spec.base, name)
    if not spec.table:
        parsed = parse_labels(grid, spec)
        for line in parsed.labels:
            place = Place(name, line.row, 1, line.label)
            path = (*spec.base, *line.column.path)
            sink.put(path, line.column, line.value, place, keep=True)
        report_unknown(sink, name, parsed)
        return
    parsed = parse_table(grid, spec)
    items = 0
    suffixes = parsed.suffixes
    for number, row in parsed.rows:
        items = put_row(sink, spec, parsed, (name, suffixes), number, row, items)
    report_table(sink, spec, name, parsed)


def put_row(
    sink: Collector,
    spec: SheetSpec,
    parsed: Parsed,
    where: tuple[str, dict[str, tuple[int, str]]],
    number: int,
    row: Row,
    index: int,
) -> int:
    """One table row as item ``index`` of ``spec.base``; how many items there are now.

    ``where`` is the sheet and its column suffixes. A row that says the list is
    empty adds no item.
    """
    sheet, suffixes = where
    if is_empty_list(row, parsed):
        if index == 0:
            set_in(sink.data, spec.base, [])
        return index
    pointer = f"{spec.pointer}/{index}"
    values: dict[str, t.Any] = {}
    items = _items(sink.data, spec.base)
    if items is not None and len(items) == index:
        items.append(values)  # what set_in does, without the walk
    else:
        set_in(sink.data, (*spec.base, index), values)
    sink.mark_at(pointer, sheet, number)
    sink.rows[pointer] = (sheet, number, suffixes)
    sink.put_cells(values, pointer, parsed.plans(sheet), row, number)
    return index + 1


def _items(data: dict[str, t.Any], base: tuple[str, ...]) -> list[t.Any] | None:
    """The list at ``base`` of ``data``, if there is one."""
    node: t.Any = data
    for key in base:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, list) else None


def report_table(sink: Collector, spec: SheetSpec, sheet: str, parsed: Parsed) -> None:
    """Unknown and missing columns of a table, once for the sheet."""
    report_unknown(sink, sheet, parsed)
    report_missing(sink, spec, sheet, parsed)


def report_missing(
    sink: Collector, spec: SheetSpec, sheet: str, parsed: Parsed
) -> None:
    """One finding for each required column the table lacks."""
    header = parsed.header_row or 0
    item = (ANY_ITEM,) if spec.table else ()
    for column in missing_required(spec, parsed):
        pointer = "/" + "/".join((*spec.base, *item, *column.path))
        location = Location(
            sink.source, pointer, sheet=sheet, row=header + 1, field=column.label
        )
        sink.report(
            "input.missing-column",
            f'sheet {sheet} has no column "{column.label}", which every row needs',
            location,
        )


def report_unknown(sink: Collector, sheet: str, parsed: Parsed) -> None:
    """Info findings for headers and labels that are not part of the form."""
    for row, column, name, why in parsed.unknown:
        what = "column" if parsed.header_row is not None else "row label"
        reason = "is not a field of this sheet" if why == "unknown" else why
        if why == "repeated":
            reason = "repeats another column"
        location = Place(sheet, row, column, name).location(sink.source, "")
        sink.report(
            "input.unknown-column",
            f'{what} "{name}" {reason}; it was ignored',
            location,
            Severity.INFO,
        )


def unknown_sheet(sink: Collector, sheet: str, why: str) -> None:
    """An info finding for a sheet that was not read."""
    location = Location(sink.source, sheet=sheet)
    message = f'sheet "{sheet}" {why}; it was ignored'
    sink.report("input.unknown-column", message, location, Severity.INFO)


def read_top(grid: Grid, layout: Layout, sheet: str, sinks: list[Collector]) -> None:
    """Top-level fields (the schema version) from the Instructions sheet."""
    labels = top_labels(grid, layout, sheet)
    for sink in sinks:
        put_top(sink, sheet, labels)


def top_labels(grid: Grid, layout: Layout, sheet: str) -> list[LabelRow]:
    """The top-level field rows of the Instructions sheet."""
    spec = SheetSpec(sheet, INSTRUCTIONS, (), False, layout.top)
    return parse_labels(grid, spec).labels


def put_top(sink: Collector, sheet: str, labels: list[LabelRow]) -> None:
    """Store the top-level fields in one submission."""
    for row in labels:
        place = Place(sheet, row.row, 1, row.label)
        sink.put(row.column.path, row.column, row.value, place)


_KEY: t.Final = coercer({"type": "string"})


def key_text(cell: Cell) -> str:
    """A project id cell as text (a number typed as 2021 is "2021")."""
    value = _KEY(cell, False).value
    return value.strip() if isinstance(value, str) else text(cell)
