"""Rows of a table that leave the same required fields empty: one finding.

The form prefills the equality impacts table with a row per characteristic, so a
table nobody has filled in yet is nine rows with only their first cell written;
a finding per row made nine findings of one blank table. Likewise a column left
empty down an evidence list (no Source on any item) is one problem, not one per
item, and a longer list must not score worse for it. So rows of one table whose
empty required fields are the same get one finding naming the items, the fields
and their cells; a row with other gaps keeps its own finding.
"""

from __future__ import annotations

import re
import typing as t

from iia_checker.model import builtin, pointers
from iia_checker.model.findings import Finding, Location, Severity
from iia_checker.model.submission import Submission
from iia_checker.schema.names import field_name, listing
from iia_checker.schema.submission import SubmissionSchema

_CELL: t.Final = re.compile(r"([A-Z]+)([0-9]+)")


def same_gaps(missing: t.Mapping[str, t.Sequence[str]]) -> dict[str, list[str]]:
    """First row -> the rows of its table with the same empty required fields as
    it (two or more rows), from ``missing`` (group -> its empty fields)."""
    by_gap: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for group, fields in missing.items():
        if group.rsplit("/", 1)[-1].isdigit():  # a row, not a section
            gap = tuple(sorted(field.removeprefix(group) for field in fields))
            by_gap.setdefault((pointers.parent(group), gap), []).append(group)
    ordered = (sorted(rows, key=_number) for rows in by_gap.values() if len(rows) > 1)
    return {rows[0]: rows for rows in ordered}


def _number(row: str) -> int:
    return int(row.rsplit("/", 1)[-1])


def rows_finding(
    table: str,
    rows: t.Mapping[str, t.Sequence[str]],
    submission: Submission,
    schema: SubmissionSchema,
) -> Finding:
    """One finding for ``rows`` of ``table`` (row -> its missing fields)."""
    location = submission.locate(next(iter(rows.values()))[0])
    named = [
        _where(name, places, location)
        for name, places in _empty_fields(rows, submission, schema).items()
    ]
    # Items, numbered from 1 as in every other message ("Equality impact 4"): in a
    # register a project's items are not the sheet's rows, which the cells give.
    numbers = sorted(_number(row) + 1 for row in rows)
    many = "required fields" if len(named) > 1 else "a required field"
    message = (
        f"{field_name(schema, table)}: items {_spans(numbers)} have {many}"
        f" left empty: {listing(named)}"
    )
    also = tuple(field for fields in rows.values() for field in fields)[1:]
    rule = builtin.schema_rule("required")
    return Finding(rule, Severity.ERROR, message, location, also=also)


def _empty_fields(
    rows: t.Mapping[str, t.Sequence[str]],
    submission: Submission,
    schema: SubmissionSchema,
) -> dict[str, list[Location]]:
    """Each empty field's name within its row -> its places, in the schema's order."""
    places: dict[str, list[Location]] = {}
    tails: dict[str, str] = {}
    for row, fields in rows.items():
        row_name = field_name(schema, row) + ", "
        for field in fields:
            name = field_name(schema, field).removeprefix(row_name)
            places.setdefault(name, []).append(submission.locate(field))
            tails.setdefault(name, field.removeprefix(row))
    # The row missing most fields lists them in the schema's order.
    row, fields = max(rows.items(), key=lambda item: len(item[1]))
    order = [field.removeprefix(row) for field in fields]
    ranked = sorted(
        places, key=lambda n: order.index(tails[n]) if tails[n] in order else len(order)
    )
    return {name: places[name] for name in ranked}


def _where(name: str, places: list[Location], first: Location) -> str:
    """``Impact (B2:B10)``: a field and its cells, by runs down a column."""
    on_sheet = [p for p in places if p.cell and p.sheet == first.sheet]
    elsewhere = sorted({p.sheet for p in places if p.sheet and p.sheet != first.sheet})
    parts = _cell_runs([t.cast(str, p.cell) for p in on_sheet])
    parts += [f"{sheet} sheet" for sheet in elsewhere]
    return f"{name} ({', '.join(parts)})" if parts else name


def _cell_runs(cells: list[str]) -> list[str]:
    """``B2:B4, B6``: cells down each column, as ranges where they adjoin."""
    columns: dict[str, list[int]] = {}
    other: list[str] = []
    for cell in cells:
        found = _CELL.fullmatch(cell)
        if found:
            columns.setdefault(found[1], []).append(int(found[2]))
        else:
            other.append(cell)
    return [
        f"{column}{a}:{column}{b}" if b > a else f"{column}{a}"
        for column, numbers in columns.items()
        for a, b in _runs(numbers)
    ] + other


def _spans(numbers: list[int]) -> str:
    """``1-3, 5 and 7-9``; two in a row are ``1 and 2``."""
    words = [
        [f"{a}-{b}"] if b > a + 1 else [str(n) for n in range(a, b + 1)]
        for a, b in _runs(numbers)
    ]
    return listing([word for span in words for word in span])


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs
