"""Check a draft with the CLI's own functions, and sort its findings by section.

The draft is an in-memory ``Submission``: the schema check and the rules run on
it exactly as ``iia-check check`` runs them on a file, so the page and every
report say the same thing in the same words.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from iia_checker.engine import evaluate
from iia_checker.model.findings import Finding, Severity, SubmissionResult
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.ruleset.loading import Ruleset
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure
from iia_checker.web.drafts.form import Field

#: A section's status as the task list shows it.
NOT_STARTED: t.Final = "Not started"
IN_PROGRESS: t.Final = "In progress"
HAS_PROBLEMS: t.Final = "Has problems"
COMPLETE: t.Final = "Complete"
SOURCE: t.Final = "draft"


def check_draft(
    data: dict[str, t.Any],
    schema: SubmissionSchema,
    ruleset: Ruleset,
    as_of: dt.date,
) -> SubmissionResult:
    """The draft's result: schema findings and rule findings, as for a file."""
    submission = Submission(SOURCE, data, PlainLocator(SOURCE))
    structural = validate_structure(submission, schema)
    return evaluate(submission, ruleset, as_of=as_of, structural=structural)


def section_of(finding: Finding) -> str:
    """The key of the section a finding is in ("" for the whole assessment)."""
    return finding.location.pointer.lstrip("/").split("/", 1)[0]


def status(key: str, saved: t.AbstractSet[str], findings: t.Sequence[Finding]) -> str:
    """Not started until first saved; then problems, missing answers, or done.

    A rule's warning or error is a problem; a schema finding (an answer missing
    or of the wrong kind) means the section is still being filled in.
    """
    if key not in saved:
        return NOT_STARTED
    mine = [f for f in findings if section_of(f) == key and not f.waiver]
    if any(f.kind == "rule" and f.severity is not Severity.INFO for f in mine):
        return HAS_PROBLEMS
    if any(f.severity is not Severity.INFO for f in mine):
        return IN_PROGRESS
    return COMPLETE


def places(field: Field, pointer: str, value: t.Any) -> t.Iterator[str]:
    """The pointer of every control and item the section page shows."""
    yield pointer
    if field.kind == "group":
        inner = value if isinstance(value, dict) else {}
        for child in field.children:
            yield from places(child, f"{pointer}/{child.key}", inner.get(child.key))
    elif field.kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            inner = item if isinstance(item, dict) else {}
            yield f"{pointer}/{index}"
            for child in field.children:
                where = f"{pointer}/{index}/{child.key}"
                yield from places(child, where, inner.get(child.key))


def placed(
    findings: t.Iterable[Finding], shown: t.AbstractSet[str]
) -> dict[str, list[Finding]]:
    """Findings by the nearest shown place at or above their pointer."""
    by_place: dict[str, list[Finding]] = {}
    for finding in findings:
        pointer = finding.location.pointer
        while pointer and pointer not in shown:
            pointer = pointer.rpartition("/")[0]
        by_place.setdefault(pointer, []).append(finding)
    return by_place
