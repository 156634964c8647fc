"""Build whole workbooks: a form for one submission, a register for many.

With no submission the result is a blank template (the equality impacts table
lists the nine protected characteristics, ready to fill in).
"""

from __future__ import annotations

import typing as t

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from iia_checker.loaders.xlsx.layout import (
    INSTRUCTIONS,
    PROJECT_KEY,
    PROJECTS,
    Column,
    Layout,
    SheetSpec,
)
from iia_checker.model import pointers
from iia_checker.workbooks.words import choice_labels, help_text
from iia_checker.workbooks.write import (
    WRAP,
    Validations,
    list_text,
    put_value,
    set_text,
    sheet_header,
    width_of,
)

Data = dict[str, t.Any]
#: Rows given validation and help below a table's header in a template.
TEMPLATE_ROWS: t.Final = 300
PREFILLED: t.Final = ("equality_impacts", "characteristic")

INTRO: t.Final = (
    "Integrated Impact Assessment (IIA) workbook for iia-check",
    "",
    "Fill in one sheet per section. Label/value sheets: write the answer in column B"
    " next to each question. Table sheets: one row per item, under the header row.",
    "Select a cell to see its help. Dates: 01/09/2021 (day first), 1 September"
    " 2021 or 2021-09-01."
    " Yes/no questions: Yes or No.",
    "Several values in one cell: separate them with ; or put each on a new line (for"
    " example Age; Disability). Write [] for a deliberately empty list. Leave a cell"
    " blank when the answer is not known.",
    "Leave a cell empty when the question does not apply. Do not rename sheets or"
    " headers; extra columns are ignored. Check it with: iia-check check FILE.xlsx",
    "",
)


def form_book(layout: Layout, data: Data | None = None) -> Workbook:
    """A form workbook for one submission (a template when ``data`` is None)."""
    book, rules = _start(layout, "form", data)
    for spec in layout.sheets:
        ws = book.create_sheet(spec.name)
        if spec.table:
            items = _get(data, spec.base)
            rows: list[tuple[str | None, t.Any]] | None = None
            if isinstance(items, list):
                rows = [(None, item) for item in items]
            _table(ws, rules, spec, rows, data is None)
        else:
            _labels(ws, rules, spec, data)
    return book


def register_book(layout: Layout, submissions: t.Sequence[Data] = ()) -> Workbook:
    """A register workbook: one Projects row per submission, tables keyed by id."""
    book, rules = _start(layout, "register", submissions[0] if submissions else None)
    ws = book.create_sheet(PROJECTS)
    projects = layout.projects
    sheet_header(ws, [c.label for c in projects.columns], "B2")
    for number, column in enumerate(projects.columns, start=1):
        _column_setup(ws, rules, column, number, len(submissions) + TEMPLATE_ROWS)
    for row, data in enumerate(submissions, start=2):
        for number, column in enumerate(projects.columns, start=1):
            _put(ws.cell(row=row, column=number), data, column.path, column)
    for spec in layout.tables:
        rows: list[tuple[str | None, t.Any]] = []
        for data in submissions:
            key = _get(data, ("project", "id"))
            items = _get(data, spec.base)
            if isinstance(items, list):
                rows += [(str(key), item) for item in items or ["[]"]]
        _table(book.create_sheet(spec.name), rules, spec, rows, False, keyed=True)
    return book


def _start(
    layout: Layout, kind: str, data: Data | None
) -> tuple[Workbook, Validations]:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = INSTRUCTIONS
    for number, line in enumerate(INTRO, start=1):
        set_text(ws.cell(row=number, column=1), line)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 20
    row = len(INTRO) + 1
    set_text(ws.cell(row=row, column=1), "Layout")
    set_text(ws.cell(row=row, column=2), kind)
    for offset, column in enumerate(layout.top, start=1):
        set_text(ws.cell(row=row + offset, column=1), column.label)
        value = _get(data, column.path) if data is not None else layout.version
        _put(ws.cell(row=row + offset, column=2), {"v": value}, ("v",), column)
    return book, Validations(book)


def _labels(
    ws: Worksheet, rules: Validations, spec: SheetSpec, data: Data | None
) -> None:
    sheet_header(ws, ["Question", "Answer", "Help"], "B2")
    for row, column in enumerate(spec.columns, start=2):
        set_text(ws.cell(row=row, column=1), column.label)
        value_cell = ws.cell(row=row, column=2)
        _put(value_cell, data, (*spec.base, *column.path), column)
        value_cell.alignment = WRAP
        set_text(ws.cell(row=row, column=3), help_text(column))
        rules.add(ws, column, f"B{row}")
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 80


def _table(
    ws: Worksheet,
    rules: Validations,
    spec: SheetSpec,
    rows: list[tuple[str | None, t.Any]] | None,
    template: bool,
    *,
    keyed: bool = False,
) -> None:
    first = 2 if keyed else 1
    headers = [c.label for c in spec.columns]
    sheet_header(
        ws, [PROJECT_KEY, *headers] if keyed else headers, "B2" if keyed else "A2"
    )
    if keyed:
        ws.column_dimensions["A"].width = 16
    count = max(len(rows or []), 0) + TEMPLATE_ROWS
    for number, column in enumerate(spec.columns, start=first):
        _column_setup(ws, rules, column, number, count)
    for row, (key, item) in enumerate(rows or [], start=2):
        if keyed:
            set_text(ws.cell(row=row, column=1), str(key))
        _item(ws, spec, row, first, item)
    if template and spec.base == PREFILLED[:1]:
        _prefill(ws, spec)
    if rows == [] and not keyed:
        set_text(ws.cell(row=2, column=first), list_text([]))


def _item(ws: Worksheet, spec: SheetSpec, row: int, first: int, item: t.Any) -> None:
    if item == "[]":
        set_text(ws.cell(row=row, column=first), "[]")
        return
    for number, column in enumerate(spec.columns, start=first):
        _put(ws.cell(row=row, column=number), item, column.path, column)


def _column_setup(
    ws: Worksheet, rules: Validations, column: Column, number: int, rows: int
) -> None:
    letter = get_column_letter(number)
    ws.column_dimensions[letter].width = width_of(column)
    rules.add(ws, column, f"{letter}2:{letter}{rows + 1}")


def _prefill(ws: Worksheet, spec: SheetSpec) -> None:
    for number, column in enumerate(spec.columns, start=1):
        if column.path == PREFILLED[1:]:
            for row, label in enumerate(choice_labels(column), start=2):
                set_text(ws.cell(row=row, column=number), label)


def _put(cell: t.Any, data: t.Any, path: t.Sequence[str], column: Column) -> None:
    value = _get(data, path)
    if value is not pointers.MISSING:
        put_value(cell, value, column)


def _get(data: t.Any, path: t.Sequence[str]) -> t.Any:
    if data is None:
        return pointers.MISSING
    return pointers.resolve(data, pointers.join("", *path))
