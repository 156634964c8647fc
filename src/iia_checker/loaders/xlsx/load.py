"""Load IIA workbooks: a form (one project) or a register (many), auto-detected.

A workbook with a ``Projects`` sheet is a register: one row per project there, and
table sheets whose ``Project id`` column says which project a row belongs to. Any
other workbook is a form: one sheet per section. Both give JSON submissions through
the schema, so every rule works unchanged; a bad row or cell becomes a finding for
its own project and never stops the others.
"""

from __future__ import annotations

import typing as t

from iia_checker.limits import Limits
from iia_checker.loaders.payload import Payload
from iia_checker.loaders.problems import ANY_ITEM, FileProblem
from iia_checker.loaders.xlsx.coercers import coercer
from iia_checker.loaders.xlsx.collect import Collector, set_in
from iia_checker.loaders.xlsx.layout import (
    INSTRUCTIONS,
    LISTS,
    PROJECT_KEY,
    PROJECTS,
    Layout,
    SheetSpec,
    layout_for,
    norm,
)
from iia_checker.loaders.xlsx.locate import Place
from iia_checker.loaders.xlsx.merged import Merge, report_merges, spread
from iia_checker.loaders.xlsx.read import Book, Cell, Grid, Row, read_book
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
from iia_checker.resources import default_schema_path

_AUXILIARY: t.Final = frozenset({norm(INSTRUCTIONS), norm(LISTS)})


def load(raw: bytes | Payload, source: str, limits: Limits) -> list[Submission]:
    """Every submission in the workbook ``raw``; ``FileProblem`` if unreadable."""
    return list(submissions(raw, source, limits))


def submissions(
    raw: bytes | Payload, source: str, limits: Limits
) -> t.Sequence[Submission]:
    """``load``, but a register's submissions are built one by one when read.

    See ``excel_register.Register``: a large register is never held whole.
    """
    book = read_book(raw, limits)
    return book_submissions(book, source, limits)


def book_submissions(book: Book, source: str, limits: Limits) -> t.Sequence[Submission]:
    """The submissions of a workbook already read (from .xlsx or .ods)."""
    layout = layout_for(default_schema_path())
    merges = [
        merge
        for name, spans in book.merged.items()
        for merge in spread(name, book.sheets[name], spans, _is_table(layout, name))
    ]
    projects = _sheet_named(book, PROJECTS)
    if projects is not None:
        from iia_checker.loaders.xlsx.register import Register

        return Register(book, layout, source, limits, projects, merges)
    return [read_form(book, layout, source, limits, merges)]


def _is_table(layout: Layout, name: str) -> bool:
    spec = layout.sheet(name)
    return norm(name) == norm(PROJECTS) or (spec is not None and spec.table)


def _sheet_named(book: Book, name: str) -> str | None:
    return next((s for s in book.sheets if norm(s) == norm(name)), None)


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
    counter = [0]
    suffixes = parsed.suffixes
    for number, row in parsed.rows:
        put_row(sink, spec, parsed, (name, suffixes), number, row, counter)
    report_table(sink, spec, name, parsed)


def put_row(
    sink: Collector,
    spec: SheetSpec,
    parsed: Parsed,
    where: tuple[str, dict[str, tuple[int, str]]],
    number: int,
    row: Row,
    counter: list[int],
) -> None:
    """One table row as the next item of ``spec.base``; ``where``: sheet, suffixes."""
    sheet, suffixes = where
    if is_empty_list(row, parsed):
        if counter[0] == 0:
            set_in(sink.data, spec.base, [])
        return
    index = counter[0]
    counter[0] += 1
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


__all__ = ["PROJECT_KEY", "load", "read_form", "submissions"]
