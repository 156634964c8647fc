"""JSON text for large reports: indented where a reader looks, one line per record.

``json.dumps(indent=2)`` runs the pure-Python encoder (the C encoder only writes
without indentation): about 1 s for every 1,000 projects of a register. Here the
outer levels are indented; the items of a list ``RECORD_DEPTH`` or more levels
down (a submission's findings, a SARIF run's results and rules), and any container
that holds only scalars, are written on one line each by the C encoder. Each
finding then sits on its own line, which also makes reports easy to grep and diff.
"""

from __future__ import annotations

import json
import typing as t

#: Items of lists this deep (the root is 0) are one line each.
RECORD_DEPTH: t.Final = 3
_INDENT: t.Final = "  "
_one_line = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps(value: object) -> str:
    """``value`` as JSON text with a trailing newline."""
    chunks: list[str] = []
    _write(value, 0, chunks)
    chunks.append("\n")
    return "".join(chunks)


def _write(value: object, depth: int, out: list[str]) -> None:
    if _flat(value):
        out.append(_one_line(value))
        return
    inner = "\n" + _INDENT * (depth + 1)
    if isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            out.append(("," if index else "") + inner + _one_line(str(key)) + ": ")
            _write(item, depth + 1, out)
        out.append("\n" + _INDENT * depth + "}")
        return
    out.append("[")
    records = depth >= RECORD_DEPTH
    for index, item in enumerate(t.cast(list[object], value)):
        out.append(("," if index else "") + inner)
        if records:
            out.append(_one_line(item))
        else:
            _write(item, depth + 1, out)
    out.append("\n" + _INDENT * depth + "]")


def _flat(value: object) -> bool:
    if isinstance(value, dict):
        items: t.Iterable[object] = value.values()
    elif isinstance(value, list | tuple):
        items = value
    else:
        return True
    if not value:
        return True
    return not any(isinstance(item, dict | list | tuple) for item in items)
