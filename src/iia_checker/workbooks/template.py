"""Templates generated from the submission schema: a workbook or a JSON skeleton.

The workbook has an Instructions sheet (with the schema version, read back as
``schema_version``), headers from field titles, help from field descriptions as
input messages, dropdowns for every enum and yes/no field (long lists on a hidden
Lists sheet), date and whole-number validation, frozen header rows, and the nine
protected characteristics already listed in the equality impacts table.
"""

from __future__ import annotations

import io
import typing as t
from pathlib import Path

from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import Schema, SubmissionSchema, load_schema

LAYOUTS: t.Final = ("form", "register")


def write_template(path: Path, layout: str, schema_path: Path | None = None) -> None:
    """Write a blank workbook of ``layout`` (``form`` or ``register``) to ``path``."""
    from iia_checker.loaders.xlsx.layout import layout_for
    from iia_checker.workbooks.book import form_book, register_book

    shape = layout_for(schema_path or default_schema_path())
    book = form_book(shape) if layout == "form" else register_book(shape)
    save_book(book, path)


def save_book(book: t.Any, path: Path) -> None:
    """Save an openpyxl workbook as report files are written (``run.output``):
    atomically, with the umask's permissions, never through a symbolic link."""
    from iia_checker.run.output import write_atomic

    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())


def skeleton(schema_path: Path | None = None) -> dict[str, t.Any]:
    """Every section and field with an empty placeholder: "" , null, [] or {}."""
    schema = load_schema(schema_path or default_schema_path())
    value = _placeholder(schema, schema.raw)
    assert isinstance(value, dict)
    return value


def _placeholder(schema: SubmissionSchema, node: Schema) -> t.Any:
    node = schema.deref(node)
    if "const" in node:
        return node["const"]
    kinds = node.get("type", "string")
    kind = (
        next((k for k in kinds if k != "null"), "null")
        if isinstance(kinds, list)
        else kinds
    )
    if kind == "object":
        return {
            key: _placeholder(schema, child)
            for key, child in schema.properties(node).items()
        }
    if kind == "array":
        items = node.get("items")
        inner = schema.deref(items) if isinstance(items, dict) else {}
        return [_placeholder(schema, inner)] if inner.get("type") == "object" else []
    return "" if kind == "string" else None
