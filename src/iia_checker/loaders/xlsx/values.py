"""Cell values to JSON values: the one place where workbook values are coerced.

What a cell holds depends on who saved the workbook, so every value is converted
explicitly, by the type the schema gives its field, never by a library's guess:

- an empty cell (or only spaces) means the field is absent;
- ``null`` means null, where the field allows null; ``[]`` means an empty list;
- dates: as ``dates`` reads them (date cells, serial numbers, ``YYYY-MM-DD``,
  ``dd/mm/yyyy`` day first, ``20 June 2021``); a date that does not exist or
  lacks a part is a finding, never a guess;
- yes/no, y/n, true/false (any case) become true/false, only for boolean fields;
- whole numbers: 12.0 becomes 12; 12.5, text and yes/no are findings; numbers may
  be written with thousands commas (20,000);
- lists: ``;`` or a new line separates the values in one cell (``age; disability``),
  and so does a comma where every part is an allowed value (see ``choices``);
- an allowed value may be written as its code or its label, ignoring case, spaces
  and hyphens (``Service change`` is ``service_change``, ``Marriage and civil
  partnership`` is ``marriage_civil_partnership``); text fields take numbers and
  dates as text (2021, 2021-09-01);
- identifiers (fields with a pattern, such as Project ID) lose spaces before and
  after them, with a note, since the spaces cannot be seen in the cell.

A value that cannot be converted is kept as written (so no rule reads it) and comes
with a message; the loader turns the message into an ``input.cell-value`` finding.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
from dataclasses import dataclass

from iia_checker.loaders.xlsx import choices
from iia_checker.loaders.xlsx.dates import HINT, NotADate, serial_date, text_date
from iia_checker.model.shorten import shortened
from iia_checker.schema.submission import Schema


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: t.Final = _Absent()
TRUTHS: t.Final = {"yes": True, "y": True, "true": True}
FALSITIES: t.Final = {"no": False, "n": False, "false": False}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$")


@dataclass(frozen=True, slots=True)
class Coerced:
    """A JSON value (or ``ABSENT``), and a message when the cell could not be read."""

    value: object
    problem: str | None = None
    #: Something changed in reading that the officer should know (info, not error).
    note: str | None = None


def coerce(cell: object, schema: Schema, *, date1904: bool = False) -> Coerced:
    """The JSON value of ``cell`` for a field described by ``schema``."""
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return Coerced(ABSENT)
        if text.lower() == "null" and "null" in schema_types(schema):
            return Coerced(None)
    elif cell is None:
        return Coerced(ABSENT)
    kind = main_type(schema)
    if kind == "array":
        return _array(cell, schema, date1904)
    return _scalar(cell, schema, kind, date1904)


def schema_types(schema: Schema) -> list[str]:
    """The JSON types a field's schema allows."""
    kind = schema.get("type", "string")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]


def main_type(schema: Schema) -> str:
    """The type a field's value is read as: the first that is not null."""
    return next((k for k in schema_types(schema) if k != "null"), "null")


def _scalar(cell: object, schema: Schema, kind: str, date1904: bool) -> Coerced:
    if kind == "boolean":
        return _boolean(cell)
    if kind in ("integer", "number"):
        return _number(cell, whole=kind == "integer")
    if schema.get("format") == "date":
        return _date(cell, date1904)
    return _text(cell, schema)


def _array(cell: object, schema: Schema, date1904: bool) -> Coerced:
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    assert isinstance(items, dict)
    parts: list[object] = [cell]
    if isinstance(cell, str):
        if cell.strip() == "[]":
            return Coerced([])
        parts = list(choices.parts(cell, choices.lookup(items)))
    return joined([coerce(p, items, date1904=date1904) for p in parts])


def joined(done: t.Sequence[Coerced]) -> Coerced:
    """One list value from its items' values, problems and notes."""
    values = [d.value for d in done if d.value is not ABSENT]
    problems = [d.problem for d in done if d.problem]
    notes = [d.note for d in done if d.note]
    return Coerced(
        values, "; ".join(problems) or None, "; ".join(dict.fromkeys(notes)) or None
    )


def _boolean(cell: object) -> Coerced:
    if isinstance(cell, bool):
        return Coerced(cell)
    if isinstance(cell, str):
        word = cell.strip().lower()
        if word in TRUTHS or word in FALSITIES:
            return Coerced(TRUTHS.get(word, False))
    return Coerced(_raw(cell), f"{shown(cell)} is not yes or no (write yes or no)")


def _number(cell: object, *, whole: bool) -> Coerced:
    number = _as_number(cell)
    if number is None or not math.isfinite(number):
        want = "a whole number" if whole else "a number"
        return Coerced(_raw(cell), f"{shown(cell)} is not {want}")
    if number.is_integer():
        return Coerced(int(number))
    if whole:
        return Coerced(number, f"{shown(cell)} is not a whole number")
    return Coerced(number)


def _as_number(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    if isinstance(cell, str) and _NUMBER.match(cell.strip()):
        return float(cell.strip().replace(",", ""))
    return None


def _date(cell: object, date1904: bool) -> Coerced:
    try:
        return Coerced(_iso_date(cell, date1904))
    except NotADate as exc:
        return Coerced(_raw(cell), f"{shown(cell)} {exc}")


def _iso_date(cell: object, date1904: bool) -> str:
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return serial_date(float(cell), date1904)
    if isinstance(cell, str):
        return text_date(cell.strip())
    raise NotADate(f"is not a date; {HINT}")


def _text(cell: object, schema: Schema) -> Coerced:
    if isinstance(cell, str):
        text = cell
    elif isinstance(cell, bool):
        text = "yes" if cell else "no"
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    elif isinstance(cell, dt.datetime) and cell.time() == dt.time():
        text = cell.date().isoformat()
    elif isinstance(cell, dt.date | dt.datetime | dt.time):
        text = cell.isoformat()
    else:
        text = str(cell)
    if "pattern" in schema and text != text.strip():
        trimmed = text.strip()
        note = f'the spaces before or after "{trimmed}" were removed'
        return Coerced(trimmed, note=note)
    return Coerced(choices.enum_value(text, schema))


def _raw(cell: object) -> object:
    """A value that could not be converted, as JSON can hold it."""
    if isinstance(cell, dt.date | dt.time | dt.timedelta):
        return str(cell)
    return cell


#: Longest text quoted back in a message, as the schema's messages quote values.
_QUOTED: t.Final = 60


def shown(cell: object) -> str:
    """A cell's value as a message quotes it: text in quotes, cut to 60 characters."""
    if isinstance(cell, str):
        return f'"{shortened(cell, _QUOTED)}"'
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
