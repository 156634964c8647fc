"""Fast coercion of one column's cells: the schema resolved once, common cells first.

A register has hundreds of thousands of cells; each closure here handles the cells
its column usually holds and passes any other cell to ``values.coerce``, so
the value and the message are always exactly those ``coerce`` gives.
"""

from __future__ import annotations

import datetime as dt
import math
import typing as t

from iia_checker.loaders.xlsx import choices
from iia_checker.loaders.xlsx.values import (
    ABSENT,
    FALSITIES,
    TRUTHS,
    Coerced,
    coerce,
    main_type,
    schema_types,
)
from iia_checker.schema.submission import Schema

Coercer = t.Callable[[object, bool], Coerced]
_NOTHING: t.Final = Coerced(ABSENT)
_NULL: t.Final = Coerced(None)


def coercer(schema: Schema) -> Coercer:
    """``coerce`` for one field, its type resolved once, with fast paths."""
    kind = main_type(schema)
    if kind == "array":
        return _array_coercer(schema)
    if kind == "boolean":
        return _boolean_coercer(schema)
    if kind in ("integer", "number"):
        return _number_coercer(schema, kind == "integer")
    if schema.get("format") == "date":
        return _date_coercer(schema)
    return _text_coercer(schema)


def verbatim(schema: Schema) -> bool:
    """Whether ``coercer(schema)`` reads a text without spaces at either end as
    itself: free text (with or without a pattern), no allowed values, no null."""
    return (
        main_type(schema) == "string"
        and schema.get("format") != "date"
        and "enum" not in schema
        and "null" not in schema_types(schema)
    )


def _slow(schema: Schema) -> Coercer:
    return lambda cell, date1904: coerce(cell, schema, date1904=date1904)


def _text_coercer(schema: Schema) -> Coercer:
    allowed = schema.get("enum")
    plain = allowed is None or (
        isinstance(allowed, list) and all(isinstance(a, str) for a in allowed)
    )
    if not plain or main_type(schema) != "string":
        return _slow(schema)
    nullable = "null" in schema_types(schema)
    # Coerced is immutable, so every cell holding an allowed value can share one.
    labels = choices.labels_of(schema).items()
    known = (
        {
            **{lab: Coerced(code) for lab, code in labels},
            **{a: Coerced(a) for a in allowed},
        }
        if isinstance(allowed, list)
        else None
    )
    trims = "pattern" in schema

    def text(cell: object, date1904: bool) -> Coerced:
        if type(cell) is str:
            stripped = cell.strip()
            if not stripped:
                return _NOTHING
            if nullable and stripped.lower() == "null":
                return _NULL
            if known is None:
                if trims and len(stripped) != len(cell):
                    return coerce(cell, schema, date1904=date1904)
                return Coerced(cell)
            done = known.get(cell)
            if done is not None:
                return done
        return coerce(cell, schema, date1904=date1904)

    return text


_WORDS: t.Final = {
    word: Coerced(value) for word, value in (*TRUTHS.items(), *FALSITIES.items())
}


def _boolean_coercer(schema: Schema) -> Coercer:
    def boolean(cell: object, date1904: bool) -> Coerced:
        if type(cell) is str:
            # Neither "" nor "null" is a word, so those still go through ``coerce``.
            done = _WORDS.get(cell.strip().lower())
            if done is not None:
                return done
        elif type(cell) is bool:
            return Coerced(cell)
        return coerce(cell, schema, date1904=date1904)

    return boolean


def _number_coercer(schema: Schema, whole: bool) -> Coercer:
    def number(cell: object, date1904: bool) -> Coerced:
        # Only floats: ``_number`` goes through float(), which a big int would not
        # survive unchanged.
        if type(cell) is float and math.isfinite(cell):
            if cell.is_integer():
                return Coerced(int(cell))
            if not whole:
                return Coerced(cell)
        return coerce(cell, schema, date1904=date1904)

    return number


def _date_coercer(schema: Schema) -> Coercer:
    def date(cell: object, date1904: bool) -> Coerced:
        if type(cell) is dt.date:
            return Coerced(cell.isoformat())
        if type(cell) is dt.datetime:
            return Coerced(cell.date().isoformat())
        return coerce(cell, schema, date1904=date1904)

    return date


def _array_coercer(schema: Schema) -> Coercer:
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    assert isinstance(items, dict)
    item = coercer(items)
    nullable = "null" in schema_types(schema)
    keyed = choices.lookup(items)

    def array(cell: object, date1904: bool) -> Coerced:
        if type(cell) is not str:
            return coerce(cell, schema, date1904=date1904)
        stripped = cell.strip()
        if not stripped:
            return _NOTHING
        if nullable and stripped.lower() == "null":
            return _NULL
        if stripped == "[]":
            return Coerced([])
        values: list[object] = []
        problems: list[str] = []
        notes: list[str] = []
        if "," in cell or "\n" in cell or "\r" in cell:
            pieces = choices.parts(cell, keyed)
        else:  # most cells: the split ``choices.parts`` would make, without a call
            pieces = cell.split(";")
        for part in pieces:
            part = part.strip()
            if not part:
                continue
            done = item(part, date1904)
            if done.value is not ABSENT:
                values.append(done.value)
            if done.problem:
                problems.append(done.problem)
            if done.note:
                notes.append(done.note)
        if problems or notes:
            return Coerced(
                values, "; ".join(problems) or None, "; ".join(notes) or None
            )
        return Coerced(values)

    return array
