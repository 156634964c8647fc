"""The workbook layout, derived from the submission schema: sheets, rows and columns.

A section object with ``x-sheet`` is a two-column label/value sheet; nested objects
in it become label rows such as "Lead officer: Name". An array of objects is a table
sheet with a header row (nested arrays of objects get their own sheet, named by their
``x-sheet``). Top-level scalars (``schema_version``) live on the Instructions sheet.
The register layout flattens every label/value sheet into the columns of `Projects`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing as t
from dataclasses import dataclass
from pathlib import Path

from iia_checker.model import pointers
from iia_checker.schema.submission import Schema, SubmissionSchema, load_schema

INSTRUCTIONS: t.Final = "Instructions"
LISTS: t.Final = "Lists"
PROJECTS: t.Final = "Projects"
PROJECT_KEY: t.Final = "Project id"
ID_PATH: t.Final = ("project", "id")


def norm(text: str) -> str:
    """A header as compared: case, spacing, underscores and trailing colons ignored."""
    return " ".join(text.replace("_", " ").split()).rstrip(":").strip().lower()


@dataclass(frozen=True, slots=True)
class Column:
    """One value: a label row in a form sheet, or a table or register column."""

    path: tuple[str, ...]
    label: str
    schema: Schema
    required: bool
    names: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """The schema's description, the help shown when the cell is selected."""
        return str(self.schema.get("description", ""))


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the form: label/value rows, or a table with one row per item."""

    name: str
    title: str
    base: tuple[str, ...]
    table: bool
    columns: tuple[Column, ...]
    description: str = ""
    #: The section is required at the top level of a submission.
    required: bool = False

    @functools.cached_property
    def pointer(self) -> str:
        """``base`` as a JSON pointer."""
        return "".join("/" + pointers.escape(key) for key in self.base)

    @functools.cached_property
    def index(self) -> dict[str, Column]:
        """Normalised name -> column; names shared by two columns are left out."""
        return _index(self.columns)

    def match(self, header: str) -> Column | None:
        """The column a header or label names, if any."""
        return self.index.get(norm(header))


def _index(columns: t.Sequence[Column]) -> dict[str, Column]:
    seen: dict[str, list[Column]] = {}
    for column in columns:
        for name in {norm(n) for n in (column.label, *column.names)}:
            seen.setdefault(name, []).append(column)
    index = {name: cols[0] for name, cols in seen.items() if len(cols) == 1}
    index.update({norm(c.label): c for c in columns})
    return index


@dataclass(frozen=True)
class Layout:
    """Every sheet of the form, and the register's flattened Projects columns."""

    version: str
    top: tuple[Column, ...]
    sheets: tuple[SheetSpec, ...]

    @functools.cached_property
    def forms(self) -> tuple[SheetSpec, ...]:
        """The label/value sheets, in schema order."""
        return tuple(s for s in self.sheets if not s.table)

    @functools.cached_property
    def tables(self) -> tuple[SheetSpec, ...]:
        """The table sheets, in schema order."""
        return tuple(s for s in self.sheets if s.table)

    @functools.cached_property
    def projects(self) -> SheetSpec:
        """The register's Projects sheet: one column per scalar field, unique names."""
        return SheetSpec(PROJECTS, "Projects", (), False, _register_columns(self.forms))

    def sheet(self, name: str) -> SheetSpec | None:
        """The sheet a workbook sheet name stands for (tolerant, like headers)."""
        wanted = norm(name)
        for spec in self.sheets:
            if wanted in (norm(spec.name), norm(spec.title)):
                return spec
        return None


def _register_columns(forms: t.Sequence[SheetSpec]) -> tuple[Column, ...]:
    columns: list[Column] = []
    for spec in forms:
        for column in spec.columns:
            path = (*spec.base, *column.path)
            label = _prefixed(spec.title, column.label)
            if path == ID_PATH:
                label = column.label
            names = (column.label, ".".join(path), *column.names)
            needed = spec.required and column.required
            columns.append(Column(path, label, column.schema, needed, names))
    return tuple(columns)


def _prefixed(prefix: str, label: str) -> str:
    if norm(label).startswith(norm(prefix)):
        return label
    return f"{prefix}: {label}"


@functools.cache
def layout_for(schema_path: Path) -> Layout:
    """The layout of the schema at ``schema_path`` (cached)."""
    return build_layout(load_schema(schema_path))


def build_layout(schema: SubmissionSchema) -> Layout:
    """Derive every sheet from the schema's titles, types and ``x-sheet`` names."""
    sheets: list[SheetSpec] = []
    top: list[Column] = []
    required = set(schema.raw.get("required", []))
    for key, node in schema.properties(schema.raw).items():
        node = schema.deref(node)
        if _is_table(schema, node) or node.get("type") == "object":
            first, *nested = _section(schema, (key,), node)
            first = dataclasses.replace(first, required=key in required)
            sheets.extend([first, *nested])
        else:
            top.append(_column(schema, (key,), node, key in required, ""))
    return Layout(schema.version, tuple(top), tuple(sheets))


def _section(
    schema: SubmissionSchema, base: tuple[str, ...], node: Schema
) -> list[SheetSpec]:
    nested: list[SheetSpec] = []
    if _is_table(schema, node):
        item = schema.deref(node["items"])
        columns = _leaves(schema, (), item, True, "", nested)
    else:
        columns = _leaves(schema, (), node, True, "", nested, base)
    spec = SheetSpec(
        name=_sheet_name(node, base),
        title=str(node.get("title", base[-1])),
        base=base,
        table=_is_table(schema, node),
        columns=tuple(columns),
        description=str(node.get("description", "")),
    )
    return [spec, *nested]


def _leaves(
    schema: SubmissionSchema,
    path: tuple[str, ...],
    node: Schema,
    required: bool,
    prefix: str,
    nested: list[SheetSpec],
    base: tuple[str, ...] = (),
) -> list[Column]:
    """Columns for every scalar below ``node``; nested tables go to ``nested``."""
    columns: list[Column] = []
    needed = set(node.get("required", []))
    for key, child in schema.properties(node).items():
        child = schema.deref(child)
        here = (*path, key)
        if _is_table(schema, child):
            nested.extend(_section(schema, (*base, *here), child))
        elif child.get("type") == "object":
            title = str(child.get("title", key))
            inner = required and key in needed
            columns += _leaves(schema, here, child, inner, title, nested, base)
        else:
            columns.append(
                _column(schema, here, child, required and key in needed, prefix)
            )
    return columns


def _column(
    schema: SubmissionSchema,
    path: tuple[str, ...],
    node: Schema,
    required: bool,
    prefix: str,
) -> Column:
    title = str(node.get("title", path[-1].replace("_", " ").capitalize()))
    label = _prefixed(prefix, title) if prefix else title
    names = (title, path[-1], ".".join(path))
    return Column(path, label, _leaf_schema(schema, node), required, names)


def _leaf_schema(schema: SubmissionSchema, node: Schema) -> Schema:
    items = node.get("items")
    if isinstance(items, dict):
        return {**node, "items": schema.deref(items)}
    return node


def _is_table(schema: SubmissionSchema, node: Schema) -> bool:
    items = node.get("items")
    return isinstance(items, dict) and schema.deref(items).get("type") == "object"


def _sheet_name(node: Schema, base: tuple[str, ...]) -> str:
    name = node.get("x-sheet") or "".join(p.title() for p in base[-1].split("_"))
    return re.sub(r"[\[\]:*?/\\]", "", str(name))[:31]


def value_types(column: Column) -> set[str]:
    """The JSON types a column's schema allows."""
    kind = column.schema.get("type", "string")
    return set(kind) if isinstance(kind, list) else {str(kind)}
