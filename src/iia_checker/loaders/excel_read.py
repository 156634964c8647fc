"""Read a workbook's cell values with python-calamine, after the preflight.

calamine reads values about ten times faster than openpyxl (about 1 µs a cell
against 13 µs here) and never evaluates anything; the preflight has already refused
every file whose extent could make it allocate without bound.
"""

from __future__ import annotations

import io
import typing as t
from dataclasses import dataclass

import python_calamine

from iia_checker.limits import Limits
from iia_checker.loaders.excel_preflight import Preflight, preflight
from iia_checker.loaders.problems import FileProblem

Cell = t.Any
Grid = list[list[Cell]]


@dataclass(frozen=True, slots=True)
class Book:
    """Every worksheet's values (row 1 first, column A first) and what to distrust."""

    sheets: dict[str, Grid]
    hidden: frozenset[str]
    date1904: bool
    bad_cells: dict[str, dict[str, str]]


def read_book(raw: bytes, limits: Limits) -> Book:
    """Preflight, then read every worksheet; raise ``FileProblem`` if unreadable."""
    info = preflight(raw, limits)
    try:
        sheets = _read_sheets(raw, info)
    except python_calamine.PasswordError:
        raise FileProblem(
            "the workbook is password-protected; remove the password and save it again"
        ) from None
    except python_calamine.CalamineError as exc:
        raise FileProblem(f"the workbook cannot be read: {exc}") from None
    return Book(
        sheets=sheets,
        hidden=frozenset(s.name for s in info.sheets if s.hidden),
        date1904=info.date1904,
        bad_cells=info.bad_cells,
    )


def _read_sheets(raw: bytes, info: Preflight) -> dict[str, Grid]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    try:
        return {
            sheet.name: book.get_sheet_by_name(sheet.name).to_python(
                skip_empty_area=False
            )
            for sheet in info.sheets
        }
    finally:
        book.close()


def cell_ref(row: int, column: int) -> str:
    """The A1 reference of a 0-based row and column."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"
