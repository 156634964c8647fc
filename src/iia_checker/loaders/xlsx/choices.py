"""Allowed values as people type them: a label or a code, and lists in one cell.

A dropdown shows labels ("Marriage and civil partnership"), the JSON holds codes
(``marriage_civil_partnership``); a cell may hold either, in any case and spacing.
A list cell separates its values with ``;`` or new lines; a comma separates them
too where every comma-separated part is an allowed value, so "Digital First, Hub
and Spoke" is two boards, while a label that holds a comma ("One council working
with you, for you") stays one value.
"""

from __future__ import annotations

import functools
import json
import re
import typing as t

from iia_checker.schema.submission import Schema

_SEPARATORS: t.Final = re.compile(r"[;\n\r]+")


def key(text: str) -> str:
    """A value as compared: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def lookup(schema: Schema) -> dict[str, str] | None:
    """Compared form of every code and label -> the code; None without an enum."""
    allowed = schema.get("enum")
    if not isinstance(allowed, list):
        return None
    labels = schema.get("x-labels")
    return _lookup(json.dumps([allowed, labels if isinstance(labels, dict) else {}]))


@functools.cache
def _lookup(frozen: str) -> dict[str, str]:
    allowed, labels = json.loads(frozen)
    keyed = {key(str(label)): str(code) for code, label in labels.items()}
    keyed.update({key(str(code)): str(code) for code in allowed})
    return keyed


def labels_of(schema: Schema) -> dict[str, str]:
    """Exact label -> code, for the fast path of typed cells."""
    labels = schema.get("x-labels")
    if not isinstance(labels, dict) or not isinstance(schema.get("enum"), list):
        return {}
    return {str(label): str(code) for code, label in labels.items()}


def enum_value(text: str, schema: Schema) -> str:
    """The code ``text`` stands for, or ``text`` as written when it is none."""
    keyed = lookup(schema)
    if keyed is None:
        return text
    return keyed.get(key(text), text)


def parts(cell: str, keyed: dict[str, str] | None) -> list[str]:
    """The values of a list cell, split as described above (``keyed``: ``lookup``)."""
    if "," not in cell and "\n" not in cell and "\r" not in cell:
        return [p for p in (p.strip() for p in cell.split(";")) if p]  # most cells
    pieces = [p.strip() for p in _SEPARATORS.split(cell)]
    if keyed is None:
        return [p for p in pieces if p]
    found: list[str] = []
    for piece in pieces:
        found.extend(_commas(piece, keyed) if "," in piece else [piece])
    return [p for p in found if p]


def _commas(piece: str, keyed: dict[str, str]) -> list[str]:
    if key(piece) in keyed:
        return [piece]
    split = [p.strip() for p in piece.split(",")]
    if all(key(p) in keyed for p in split if p):
        return split
    return [piece]
