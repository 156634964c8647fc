"""Problems found while reading an input, shared by every loader.

A problem that makes the whole file unreadable is raised as ``FileProblem`` (an
``InputProblem`` carrying its ``input.*`` rule id). A problem with one cell, row or
column becomes a ``Finding`` in ``Submission.problems``; ``merge_structural`` puts it
before the schema findings and drops schema findings it already explains.
"""

from __future__ import annotations

import typing as t

from iia_checker import pointers
from iia_checker.findings import BOARDS, Finding, Location, RuleInfo, Severity
from iia_checker.loaders.json_ import InputProblem

#: A pointer token that stands for every item of an array (a missing column).
ANY_ITEM: t.Final = "*"


class FileProblem(InputProblem):
    """The whole input cannot be read; ``rule_id`` names the ``input.*`` rule."""

    def __init__(self, message: str, *, rule_id: str = "input.unreadable") -> None:
        super().__init__(message)
        self.rule_id = rule_id


_READING = "IIA workbook layout (iia-check template)"

CELL_RULES: t.Final = {
    "input.cell-value": (
        "Cell value can be read",
        "Write the value as the message says (dates as YYYY-MM-DD or dd/mm/yyyy,"
        " yes/no for yes-or-no questions, whole numbers without decimals).",
    ),
    "input.formula": (
        "Formulas have a computed value",
        "Open the workbook in Excel or LibreOffice, let it calculate, save it and"
        " check it again; or type the value instead of a formula.",
    ),
    "input.unknown-column": (
        "Every column, row and sheet is part of the form",
        "Rename the column, row label or sheet to one the template uses, or remove"
        " it; its contents were ignored.",
    ),
    "input.missing-column": (
        "Required columns present",
        "Add the column named in the message (see `iia-check template`).",
    ),
    "input.orphan-row": (
        "Every table row belongs to a project",
        "Put the row's Project id in the Projects sheet, or correct it.",
    ),
}


def cell_rule(rule_id: str) -> RuleInfo:
    """The ``RuleInfo`` of a problem with one cell, row, column or sheet."""
    title, remediation = CELL_RULES[rule_id]
    return RuleInfo(
        id=rule_id,
        title=title,
        severity=Severity.ERROR,
        boards=BOARDS,
        tags=("structure",),
        references=(_READING,),
        description="A workbook must follow the form so each value can be read.",
        remediation=remediation,
        group="structure",
    )


def problem(
    rule_id: str, message: str, location: Location, severity: Severity | None = None
) -> Finding:
    """A finding for one reading problem (error unless ``severity`` says otherwise)."""
    return Finding(cell_rule(rule_id), severity or Severity.ERROR, message, location)


def covers(problem_pointer: str, pointer: str) -> bool:
    """True when ``pointer`` is at or below ``problem_pointer`` (``*`` = any item)."""
    want = pointers.split(problem_pointer)
    have = pointers.split(pointer)
    if len(have) < len(want):
        return False
    return all(w in (ANY_ITEM, h) for w, h in zip(want, have, strict=False))


def merge_structural(
    problems: t.Sequence[Finding], schema_findings: t.Sequence[Finding]
) -> list[Finding]:
    """Reading problems, then the schema findings none of them already explains."""
    places = [p.location.pointer for p in problems if p.location.pointer]
    kept = [
        f
        for f in schema_findings
        if not any(covers(place, f.location.pointer) for place in places)
    ]
    return [*problems, *kept]
