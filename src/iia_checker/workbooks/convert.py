"""Convert submissions between JSON and workbooks, both ways.

JSON -> form workbook (one submission), JSON -> register workbook (many), and
workbook -> JSON: a form gives one object, a register a list of objects. Reading a
workbook goes through the same loader as ``iia-check check``, so what convert
writes is exactly what the rules would see; reading problems are returned with it.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from iia_checker.limits import DEFAULT_LIMITS, Limits
from iia_checker.model.findings import Finding
from iia_checker.regular_files import NotAFile, read_regular
from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import Schema, load_schema

Data = dict[str, t.Any]


def json_to_workbook(
    submissions: t.Sequence[Data], path: Path, layout: str = "form"
) -> list[str]:
    """Write submissions to a workbook; notes name fields a workbook cannot hold."""
    from iia_checker.loaders.xlsx.layout import layout_for
    from iia_checker.workbooks.book import form_book, register_book
    from iia_checker.workbooks.template import save_book

    shape = layout_for(default_schema_path())
    if layout == "form" and len(submissions) != 1:
        raise ValueError("a form workbook holds one submission; use --layout register")
    book = (
        form_book(shape, submissions[0])
        if layout == "form"
        else register_book(shape, submissions)
    )
    save_book(book, path)
    return [note for data in submissions for note in unplaced(data)]


def workbook_to_json(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Data], list[Finding], bool]:
    """The submissions of a workbook, its reading problems, and whether a register."""
    from iia_checker.loaders.xlsx.load import book_submissions, load

    raw = read_regular(str(path), limits.max_file_bytes)
    if path.suffix.lower() == ".ods":
        from iia_checker.loaders.ods import read_ods_book

        book = read_ods_book(raw, limits)
        submissions = list(book_submissions(book, str(path), limits))
    else:
        submissions = load(raw, str(path), limits)
    order = load_schema(default_schema_path())
    datas = [ordered(s.data, order.raw, order.deref) for s in submissions]
    problems = [p for s in submissions for p in s.problems]
    register = len(submissions) > 1 or _has_projects_sheet(path)
    return datas, problems, register


def _has_projects_sheet(path: Path) -> bool:
    import python_calamine

    from iia_checker.loaders.xlsx.layout import PROJECTS, norm

    with open(path, "rb") as handle:
        book = python_calamine.CalamineWorkbook.from_filelike(handle)
        return any(norm(n) == norm(PROJECTS) for n in book.sheet_names)


def ordered(value: t.Any, node: Schema, deref: t.Callable[[Schema], Schema]) -> t.Any:
    """``value`` with object keys in the schema's order (unknown keys last)."""
    node = deref(node)
    if isinstance(value, dict):
        props = node.get("properties", {})
        keys = [k for k in props if k in value] + [k for k in value if k not in props]
        return {k: ordered(value[k], props.get(k, {}), deref) for k in keys}
    if isinstance(value, list):
        items = node.get("items", {})
        return [
            ordered(v, items if isinstance(items, dict) else {}, deref) for v in value
        ]
    return value


def unplaced(data: Data) -> list[str]:
    """Fields of ``data`` that have no sheet, row or column in the workbook layout."""
    from iia_checker.loaders.xlsx.layout import layout_for

    shape = layout_for(default_schema_path())
    known = {c.path for c in shape.top}
    known |= {(*s.base, *c.path) for s in shape.forms for c in s.columns}
    tables = {s.base: {c.path for c in s.columns} for s in shape.tables}
    return list(_unplaced(data, (), known, tables))


def _unplaced(
    value: t.Any,
    path: tuple[str, ...],
    known: set[tuple[str, ...]],
    tables: dict[tuple[str, ...], set[tuple[str, ...]]],
) -> t.Iterator[str]:
    if path in known:
        return
    if path in tables and isinstance(value, list):
        inner = {(*path, *c) for c in tables[path]}
        for number, item in enumerate(value):
            yield from _unplaced_item(item, (*path, str(number)), inner, path)
        return
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _unplaced(child, (*path, key), known, tables)
        return
    yield f"{'.'.join(path) or '(top level)'} has no place in the workbook; dropped"


def _unplaced_item(
    item: t.Any,
    where: tuple[str, ...],
    inner: set[tuple[str, ...]],
    base: tuple[str, ...],
) -> t.Iterator[str]:
    if not isinstance(item, dict):
        yield f"{'.'.join(where)} is not an object; dropped"
        return
    for key, child in item.items():
        for note in _unplaced(child, (*base, key), inner, {}):
            yield note.replace(".".join((*base, key)), ".".join((*where, key)), 1)


def load_json_inputs(paths: t.Sequence[Path]) -> list[Data]:
    """Submissions from JSON files: each holds one object or a list of them."""
    found: list[Data] = []
    for path in paths:
        limit = DEFAULT_LIMITS.max_file_bytes
        try:
            raw = read_regular(str(path), limit)
        except NotAFile as exc:
            raise NotAFile(f"{path}: {exc.args[0]}") from None
        if len(raw) > limit:
            raise ValueError(f"{path} is larger than {limit:,} bytes")
        value = json.loads(raw.decode("utf-8"))
        found.extend(value if isinstance(value, list) else [value])
    return found
