"""Missing required fields, one finding per section or list item.

Reporting each empty field on its own made officers go round check-fix-check: a
blank section was one finding, and filling one cell of it brought thirteen more.
So every required field still empty in a section (or in one row of a list) is
named in one finding, with its cell where the input is a workbook; a section that
is missing altogether lists the required fields it would need. Rows of a table
with the same empty fields are one finding (``schema.row_gaps``).
"""

from __future__ import annotations

import itertools
import typing as t

from iia_checker.model import builtin, pointers
from iia_checker.model.findings import Finding, Location, Severity
from iia_checker.model.submission import Submission
from iia_checker.schema.fast_problems import problems_of
from iia_checker.schema.names import field_name, listing
from iia_checker.schema.problems import Problem
from iia_checker.schema.row_gaps import rows_finding, same_gaps
from iia_checker.schema.submission import Schema, SubmissionSchema

#: A missing section is expanded to its required fields this deep, at most.
_DEPTH: t.Final = 4


def group_of(pointer: str) -> str:
    """The section or list item a field belongs to: up to the first item number."""
    tokens = pointers.split(pointer)
    for depth, token in enumerate(tokens):
        if token.isdigit():
            return pointers.join("", *tokens[: depth + 1])
    return pointers.join("", *tokens[:1])


def required_leaves(schema: SubmissionSchema, pointer: str) -> list[str]:
    """The required fields below an absent object (the pointer itself otherwise)."""
    node = schema.at(pointer)
    return _leaves(schema, pointer, node, _DEPTH) if node else [pointer]


def _leaves(
    schema: SubmissionSchema, pointer: str, node: Schema, depth: int
) -> list[str]:
    node = schema.deref(node)
    if node.get("type") != "object" or depth == 0:
        return [pointer]
    found: list[str] = []
    properties = schema.properties(node)
    for name in node.get("required", []):
        child = properties.get(name)
        here = pointers.join(pointer, name)
        found += _leaves(schema, here, child, depth - 1) if child else [here]
    return found or [pointer]


def missing_fields(
    problem: Problem, schema: SubmissionSchema, data: object = pointers.MISSING
) -> list[str]:
    """The fields a required-field problem leaves empty; a missing section
    stands for the fields it would need (in ``data``, see ``_asked_of``)."""
    instance = problem.instance if isinstance(problem.instance, dict) else {}
    required = problem.value if isinstance(problem.value, list) else []
    absent = [
        pointers.join(problem.pointer, str(n)) for n in required if n not in instance
    ]
    return [
        leaf
        for here in absent
        for leaf in _asked_of(here, data, schema) or required_leaves(schema, here)
    ]


def _asked_of(section: str, data: object, schema: SubmissionSchema) -> list[str]:
    """The fields the schema would ask of ``section`` in ``data`` had it been
    started: its own required fields and those a condition adds (the digital
    access fields of a public-facing digital service). Empty for a section that
    is not an object, or without ``data``; and for an object inside a list item,
    so that a long list of items each missing one costs no validation per item."""
    node = schema.at(section)
    if (
        data is pointers.MISSING
        or not node
        or schema.deref(node).get("type") != "object"
        or any(token.isdigit() for token in pointers.split(section))
    ):
        return []
    started = pointers.with_value(data, section, {})
    if started is pointers.MISSING:
        return []
    return [
        field
        for problem in problems_of(started, schema)
        if problem.keyword == "required"
        and pointers.is_within(problem.pointer, section)
        for field in missing_fields(problem, schema)
    ]


def missing_findings(
    missing: dict[str, list[str]], submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """A finding per group of missing fields; rows of a table with the same
    empty fields share one."""
    shared = same_gaps(missing)
    grouped = {row for rows in shared.values() for row in rows}
    findings: list[Finding] = []
    for group, fields in missing.items():
        if group in shared:
            rows = {row: missing[row] for row in shared[group]}
            table = pointers.parent(group)
            findings.append(rows_finding(table, rows, submission, schema))
        elif group not in grouped:
            findings.append(missing_finding(group, fields, submission, schema))
    return findings


def missing_finding(
    group: str,
    fields: t.Sequence[str],
    submission: Submission,
    schema: SubmissionSchema,
) -> Finding:
    """One finding naming every missing field of ``group``, with their cells."""
    rule = builtin.schema_rule("required")
    fields, places = _top_down(fields, [submission.locate(field) for field in fields])
    location = places[0]
    if len(fields) == 1:
        name = field_name(schema, fields[0])
        return Finding(rule, Severity.ERROR, f"{name} is required but empty", location)
    section = field_name(schema, group)
    named = []
    for field, place in zip(fields, places, strict=True):
        name = field_name(schema, field)
        inside = name.removeprefix(section + ", ")
        named.append(
            (
                _head(schema, section, group, field, name),
                _placed(inside, place, location),
            )
        )
    message = f"{section}: {len(fields)} required fields are empty: {_listed(named)}"
    return Finding(rule, Severity.ERROR, message, location, also=tuple(fields[1:]))


def _top_down(
    fields: t.Sequence[str], places: list[Location]
) -> tuple[list[str], list[Location]]:
    """The fields in the order an officer reads their cells, top to bottom, when
    they are all cells of one sheet; otherwise in the schema's order."""
    sheets = {place.sheet for place in places}
    if len(sheets) != 1 or None in sheets or not all(p.cell for p in places):
        return list(fields), places
    pairs = sorted(zip(fields, places, strict=True), key=lambda pair: _reading(pair[1]))
    return [field for field, _ in pairs], [place for _, place in pairs]


def _reading(place: Location) -> tuple[int, int, str]:
    """A cell's place in reading order: row, then column ("B10" after "B7")."""
    cell = place.cell or ""
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters) :] or 0), len(letters), letters


def _head(
    schema: SubmissionSchema, section: str, group: str, field: str, name: str
) -> str:
    """The sub-group the field ``name`` is named under ("Use of data"), or ""."""
    inside = pointers.split(field)[len(pointers.split(group)) :]
    if len(inside) < 2:
        return ""
    head = field_name(schema, pointers.join(group, inside[0]))
    return head.removeprefix(section + ", ") if name.startswith(head + ", ") else ""


def _listed(named: list[tuple[str, str]]) -> str:
    """``A, Screening: B and C; Use of data: D and E``: fields of one sub-group
    under its name, once, rather than "Use of data, D, Use of data, E"; a lone
    field of a sub-group reads as the form labels it ("Screening: B")."""
    segments: list[tuple[str, list[str]]] = []
    for head, run in itertools.groupby(named, key=lambda pair: pair[0]):
        names = [name.removeprefix(head + ", ") for _, name in run]
        if head and len(names) > 1:
            segments.append((head, names))
            continue
        flat = [f"{head}: {name}" if head else name for name in names]
        if segments and not segments[-1][0]:
            segments[-1][1].extend(flat)
        else:
            segments.append(("", flat))
    return "; ".join(
        f"{head}: {listing(names)}" if head else listing(names)
        for head, names in segments
    )


def _placed(name: str, place: Location, first: Location) -> str:
    """``name`` with its cell (or sheet) when the input is a workbook."""
    if not place.cell:  # a table on a sheet of its own, or no workbook at all
        sheet = place.sheet if place.sheet and place.sheet != first.sheet else None
        return f"{name} ({sheet} sheet)" if sheet else name
    cell = place.cell if place.sheet == first.sheet else f"{place.sheet}!{place.cell}"
    return f"{name} ({cell})"
