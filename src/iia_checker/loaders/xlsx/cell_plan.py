"""A matched column of a sheet, prepared once for all its rows: its path, its
conversion and a memo of the values it has converted."""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass, field

from iia_checker.loaders.xlsx.coercers import Coercer, coercer, verbatim
from iia_checker.loaders.xlsx.layout import Column
from iia_checker.loaders.xlsx.read import Cell
from iia_checker.loaders.xlsx.values import Coerced
from iia_checker.model import pointers

#: Cells whose coerced value depends only on the cell, so it can be reused.
#: Not numbers: their dates depend on the workbook's date system.
_REUSABLE: t.Final = frozenset({str, dt.date, dt.datetime})
#: Distinct values remembered per column (a column of essays stays bounded).
MEMO_SIZE: t.Final = 4096


@dataclass(frozen=True, slots=True)
class CellPlan:
    """A matched column, prepared once for all its rows."""

    sheet: str
    number: int
    column: Column
    header: str
    #: The column's path as a pointer below its row.
    suffix: str
    #: The one key of a single-level path (most columns), else None.
    key: str | None
    coerce: Coercer
    #: Pointers below the row of the objects on the column's path, deepest first.
    parents: tuple[str, ...]
    #: The keys of the objects on the column's path, outermost first.
    objects: tuple[str, ...] = ()
    #: The last key of the column's path.
    last: str = ""
    #: A text cell without spaces at either end is the value (``verbatim``).
    verbatim: bool = False
    #: Cell -> its coerced value: registers repeat a few values many times.
    memo: dict[Cell, Coerced] = field(default_factory=dict)

    def coerced(self, cell: Cell, date1904: bool) -> Coerced:
        """``coerce(cell)``, remembered for cells of the same value.

        So a list value may be shared: copy it before storing it.
        """
        done = self.memo.get(cell)
        if done is None:
            done = self.coerce(cell, date1904)
            if type(cell) in _REUSABLE and len(self.memo) < MEMO_SIZE:
                self.memo[cell] = done
        return done


def plan_cells(sheet: str, columns: dict[int, tuple[Column, str]]) -> list[CellPlan]:
    """A plan per matched column of a sheet, in column order."""
    return [
        CellPlan(
            sheet,
            number,
            column,
            header,
            pointers.join("", *column.path),
            column.path[0] if len(column.path) == 1 else None,
            coercer(column.schema),
            tuple(
                pointers.join("", *column.path[:depth])
                for depth in range(len(column.path) - 1, 0, -1)
            ),
            column.path[:-1],
            column.path[-1],
            verbatim(column.schema),
        )
        for number, (column, header) in columns.items()
    ]
