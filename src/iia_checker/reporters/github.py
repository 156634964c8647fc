"""GitHub Actions workflow commands: one annotation per finding, and a job summary.

Syntax and escaping follow actions/toolkit ``command.ts`` (``escapeData`` and
``escapeProperty``): https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
Every property and message goes through ``safe_text.github_property`` or
``github_message``, so a value from a submission stays on its annotation's line and
can never start a command (``::error::``, ``::stop-commands::``) of its own.
GitHub shows only 10 annotations of each kind per step, so errors come first and a
notice says how many of a kind were not shown; every finding is still in the job
summary (``$GITHUB_STEP_SUMMARY``) when the runner provides one.
"""

from __future__ import annotations

import os
import typing as t
from pathlib import Path

from iia_checker.model.findings import Finding, Report, Severity, SubmissionResult
from iia_checker.model.plural import counted
from iia_checker.reporters import RenderOptions, markdown
from iia_checker.reporters.rows import board_names, waiver_text
from iia_checker.reporters.safe_text import github_message, github_property

SHOWN_PER_KIND: t.Final = 10
KINDS: t.Final = ("error", "warning", "notice")
_KIND: t.Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}
#: GitHub refuses a job summary over 1 MiB.
SUMMARY_LIMIT: t.Final = 1024 * 1024 - 1024

Annotation = tuple[str, str]


def render(report: Report, options: RenderOptions) -> str:
    """Annotations; appends the job summary when asked for."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as stream:
            stream.write(step_summary(report))
    return workflow_commands(report)


def workflow_commands(report: Report) -> str:
    """The workflow commands for every finding, at most 10 shown per kind."""
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for result in report.results:
        for finding in result.findings:
            kind, line = _annotation(finding, result, report.new_only)
            by_kind[kind].append(line)
    lines = [*_shown(by_kind, "error"), *_shown(by_kind, "warning")]
    overflow = [
        _overflow(kind, len(by_kind[kind]) - SHOWN_PER_KIND)
        for kind in ("error", "warning")
        if len(by_kind[kind]) > SHOWN_PER_KIND
    ]
    room = SHOWN_PER_KIND - len(overflow)
    notices = by_kind["notice"]
    if len(notices) > room:
        room -= 1
        overflow.append(_overflow("notice", len(notices) - room))
    lines.extend([*overflow, *notices[:room]])
    # No summary line: the command prints it on standard error, as for every format.
    return "\n".join(lines) + "\n" if lines else ""


def _shown(by_kind: dict[str, list[str]], kind: str) -> list[str]:
    return by_kind[kind][:SHOWN_PER_KIND]


def _overflow(kind: str, hidden: int) -> str:
    text = (
        f"{counted(hidden, f'more {kind} annotation')} not shown (GitHub shows"
        f" {SHOWN_PER_KIND} per kind); see the job summary or the full report."
    )
    return f"::notice title=iia-check::{github_message([text])}"


def _annotation(
    finding: Finding, result: SubmissionResult, new_only: bool
) -> Annotation:
    known = new_only and finding.baseline_state == "unchanged"
    kind = "notice" if finding.waiver or known else _KIND[finding.severity]
    where = finding.location
    props = {"file": where.file}
    if where.line is not None and not where.sheet:
        props["line"] = str(where.line)
        props["col"] = str(where.column or 1)
    props["title"] = f"{finding.rule.id} {finding.rule.title}"
    fields = ",".join(f"{k}={github_property(v)}" for k, v in props.items())
    return kind, f"::{kind} {fields}::{github_message(_message(finding, result))}"


def _message(finding: Finding, result: SubmissionResult) -> list[str]:
    rule, where = finding.rule, finding.location
    head = finding.message.rstrip()
    if where.sheet:
        head = f"{where.sheet}!{where.cell or ''}: {head}"
    if finding.waiver:
        head = f"Waived ({waiver_text(finding.waiver)}): {head}"
    elif finding.baseline_state:
        head = f"{finding.baseline_state.capitalize()} since the baseline: {head}"
    project = result.project_id or result.source
    return [
        head,
        f"Project: {project}  Severity: {finding.severity.value}"
        f"  Pointer: {where.pointer or '/'}",
        f"Boards: {board_names(rule.boards)}  Duties: {', '.join(rule.tags)}",
        f"Fix: {rule.remediation}",
        *(f"Basis: {ref}" for ref in rule.references),
    ]


def step_summary(report: Report) -> str:
    """The job summary: a table of every project's verdicts and of every finding."""
    findings = [f for result in report.results for f in result.findings]
    projects = [r.project_id or r.source for r in report.results for _ in r.findings]
    parts = [
        "# IIA check",
        markdown.submissions_table(report),
        "## Findings",
        markdown.findings_table(findings, projects) if findings else "No findings.",
    ]
    text = "\n\n".join(parts) + "\n"
    if len(text.encode("utf-8")) <= SUMMARY_LIMIT:
        return text
    note = "\n\n_The summary was cut at GitHub's 1 MiB limit; see the full report._\n"
    cut = text.encode("utf-8")[: SUMMARY_LIMIT - len(note)]
    return cut.decode("utf-8", "ignore").rsplit("\n", 1)[0] + note
