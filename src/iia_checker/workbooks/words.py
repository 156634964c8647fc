"""The words a workbook shows officers: help in Yes/No terms, values by their labels.

The schema's descriptions are written for JSON ("True if ...", "or null if not
known"); a workbook's dropdowns offer Yes and No and labels, and a blank cell means
"not known", so the help says that instead.
"""

from __future__ import annotations

import re
import typing as t

from iia_checker.loaders.xlsx.layout import Column, value_types
from iia_checker.schema.submission import Schema

_REWRITES: t.Final = (
    (re.compile(r"\bTrue if\b"), "Yes if"),
    (re.compile(r"\btrue if\b"), "yes if"),
    (re.compile(r",? or null (if|when)\b"), r", or leave blank \1"),
    (re.compile(r"\bNull if\b"), "Leave blank if"),
    (re.compile(r",? otherwise null\b"), "; otherwise leave blank"),
    (re.compile(r"\bor null\b"), "or leave blank"),
)


def help_text(column: Column) -> str:
    """The field's help as an officer filling a cell needs it."""
    text = column.description
    for pattern, words in _REWRITES:
        text = pattern.sub(words, text)
    kinds = value_types(column)
    if "boolean" in kinds:
        answer = "Choose Yes or No." if column.required else "Yes / No / leave blank"
        text += f" {answer}" + ("" if column.required else " if not known.")
    elif "array" in kinds:
        text += (
            " Several values: separate them with ; or put each on a new line"
            " (write [] for none)."
        )
    return text.strip()


def choice_labels(column: Column) -> list[str]:
    """The labels a dropdown offers, in the schema's order (codes without labels)."""
    node = enum_node(column.schema)
    if node is None:
        return []
    labels = node.get("x-labels")
    named = labels if isinstance(labels, dict) else {}
    return [str(named.get(str(code), code)) for code in node["enum"]]


def enum_node(schema: Schema) -> Schema | None:
    """The schema holding the enum of a field or of its list items."""
    items = schema.get("items")
    node = items if isinstance(items, dict) else schema
    return node if isinstance(node.get("enum"), list) else None


def label_of(schema: Schema, value: str) -> str:
    """The label of an allowed value (``value`` itself when it is none)."""
    node = enum_node(schema)
    labels = node.get("x-labels") if node else None
    if isinstance(labels, dict) and value in labels:
        return str(labels[value])
    return value
