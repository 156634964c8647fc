"""Write IIA workbooks with openpyxl: sheets, headers, help, validation and values.

The same writer makes blank templates and converted submissions, so a converted
workbook is as easy to edit as a template. Every string is stored as text (a value
starting with ``=`` never becomes a formula) with illegal XML characters replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import typing as t

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from iia_checker.loaders.xlsx.layout import LISTS, Column, value_types
from iia_checker.model.shorten import shortened
from iia_checker.reporters.spreadsheetml.parts import as_written
from iia_checker.workbooks.words import choice_labels, help_text, label_of

HEADER_FONT: t.Final = Font(bold=True)
HEADER_FILL: t.Final = PatternFill("solid", fgColor="DDEBF7")
WRAP: t.Final = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT: t.Final = "yyyy-mm-dd"
YES_NO: t.Final = ("Yes", "No")
#: Excel refuses an inline list longer than 255 characters.
INLINE_LIST_CHARS: t.Final = 250


def sheet_header(ws: Worksheet, headers: t.Sequence[str], freeze: str) -> None:
    """A bold, filled, frozen header row."""
    for number, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=number)
        set_text(cell, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = freeze


def set_text(cell: t.Any, text: str) -> None:
    """Store ``text`` as text, never as a formula, and as written: a literal
    ``_x0041_`` is escaped, or the reader would read "A"."""
    cell.value = as_written(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))[:32_767]
    cell.data_type = "s"


def put_value(cell: t.Any, value: object, column: Column) -> None:
    """Write a JSON value in the form the reader turns back into the same value."""
    if value is None:
        set_text(cell, "null")
    elif isinstance(value, bool):
        if "boolean" in value_types(column):
            set_text(cell, YES_NO[0] if value else YES_NO[1])
        else:
            cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, list):
        labelled = [label_of(column.schema, v) if type(v) is str else v for v in value]
        set_text(cell, list_text(labelled))
    elif isinstance(value, str):
        _put_string(cell, value, column)
    else:
        set_text(cell, json.dumps(value, ensure_ascii=False))


def list_text(values: list[t.Any]) -> str:
    """A list as one cell: ``a; b``, or ``[]`` for an empty list."""
    if not values:
        return "[]"
    return "; ".join(
        json.dumps(v) if isinstance(v, dict | list) else str(v) for v in values
    )


def _put_string(cell: t.Any, value: str, column: Column) -> None:
    if column.schema.get("format") == "date":
        try:
            cell.value = dt.date.fromisoformat(value)
            cell.number_format = DATE_FORMAT
            return
        except ValueError:
            pass
    set_text(cell, label_of(column.schema, value))


def width_of(column: Column) -> float:
    """A sensible column width for the field's type and label."""
    kinds = value_types(column)
    enum = choice_labels(column)
    if "boolean" in kinds:
        base = 10.0
    elif (
        column.schema.get("format") == "date" or "integer" in kinds or "number" in kinds
    ):
        base = 12.0
    elif enum:
        base = min(max(len(v) for v in enum) + 4, 36)
    else:
        base = 40.0
    return float(min(max(base, len(column.label) * 0.9), 50))


class Validations:
    """Data validation for a workbook: long dropdown lists go to a hidden sheet."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.lists: dict[tuple[str, ...], str] = {}

    def add(self, ws: Worksheet, column: Column, cells: str) -> None:
        """Help text and the right validation for ``column`` on ``cells``."""
        rule = self._rule(column)
        rule.promptTitle = column.label[:32]
        rule.prompt = _prompt(column)
        rule.showInputMessage = True
        rule.add(cells)
        ws.add_data_validation(rule)

    def _rule(self, column: Column) -> DataValidation:
        kinds = value_types(column)
        enum = choice_labels(column)
        strict = "null" not in kinds and "array" not in kinds
        if enum:
            rule = DataValidation(type="list", formula1=self._list(tuple(enum)))
        elif "boolean" in kinds:
            rule = DataValidation(type="list", formula1='"Yes,No"')
        elif column.schema.get("format") == "date":
            rule = DataValidation(type="date", operator="greaterThan", formula1="1")
            rule.error = "Enter a date such as 2021-09-01 (or dd/mm/yyyy)."
        elif "integer" in kinds:
            low = column.schema.get("minimum", -2_000_000_000)
            rule = DataValidation(
                type="whole",
                operator="between",
                formula1=str(low),
                formula2="2000000000",
            )
            rule.error = f"Enter a whole number of at least {low}."
        else:
            return DataValidation(type=None, allow_blank=True)
        rule.allow_blank = True
        rule.showErrorMessage = strict
        return rule

    def _list(self, values: tuple[str, ...]) -> str:
        inline = ",".join(values)
        # An inline list is split at commas, so a label holding one goes to Lists.
        if len(inline) <= INLINE_LIST_CHARS and not any("," in v for v in values):
            return f'"{inline}"'
        if values not in self.lists:
            self.lists[values] = self._store(values)
        return self.lists[values]

    def _store(self, values: tuple[str, ...]) -> str:
        if LISTS in self.book.sheetnames:
            ws = self.book[LISTS]
        else:
            ws = self.book.create_sheet(LISTS)
            ws.sheet_state = "hidden"
        column = len(self.lists) + 1
        for row, value in enumerate(values, start=1):
            set_text(ws.cell(row=row, column=column), value)
        letter = get_column_letter(column)
        return f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(values)}"


def _prompt(column: Column) -> str:
    text = help_text(column)  # Excel shows at most 255 characters
    return shortened(text, 255)
