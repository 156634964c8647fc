"""Problems found while reading an input, shared by every loader.

A problem that makes the whole file unreadable is raised as ``FileProblem`` (an
``InputProblem`` carrying its ``input.*`` rule id). A problem with one cell, row or
column becomes a ``Finding`` in ``Submission.problems``; ``merge_structural`` puts it
before the schema findings and drops schema findings it already explains.
"""

from __future__ import annotations

import typing as t

from iia_checker.loaders.json_ import InputProblem
from iia_checker.model import builtin, pointers
from iia_checker.model.findings import Finding, Location, Severity

#: A pointer token that stands for every item of an array (a missing column).
ANY_ITEM: t.Final = "*"


class FileProblem(InputProblem):
    """The whole input cannot be read; ``rule_id`` names the ``input.*`` rule."""

    def __init__(self, message: str, *, rule_id: str = "input.unreadable") -> None:
        super().__init__(message)
        self.rule_id = rule_id


def problem(
    rule_id: str, message: str, location: Location, severity: Severity | None = None
) -> Finding:
    """A finding for one reading problem (error unless ``severity`` says otherwise)."""
    rule = builtin.cell_rule(rule_id)
    return Finding(rule, severity or Severity.ERROR, message, location)


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
    # A note (a trimmed identifier) explains nothing the schema could still find.
    places = [
        p.location.pointer
        for p in problems
        if p.location.pointer and p.severity is Severity.ERROR
    ]
    kept = [
        f
        for f in schema_findings
        if not any(covers(place, f.location.pointer) for place in places)
    ]
    return [*problems, *kept]
