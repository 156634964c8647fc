"""A brief for a board pack or a terminal (``check --brief``): each submission's
verdicts, its key issues (rules of rank ``key``: legal duty failures) and its
counts; the full text report (``text``) says what to fix and why."""

from __future__ import annotations

import textwrap
import typing as t

from iia_checker.model.findings import (
    BOARD_NAMES,
    Finding,
    Rank,
    Report,
    Severity,
    SubmissionResult,
)
from iia_checker.model.plural import counted, severity_count
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.safe_text import line_opening, terminal

_WIDTH: t.Final = 88


def render(report: Report, options: RenderOptions) -> str:
    """Verdicts, key issues and counts of every submission, then the run's."""
    blocks = [_result(result) for result in report.results]
    return "\n".join([*blocks, _summary(report)]) + "\n"


def key_issues(result: SubmissionResult) -> list[Finding]:
    """The unwaived findings of key rules, in report order."""
    return [f for f in result.findings if f.rule.rank is Rank.KEY and not f.waiver]


def _result(result: SubmissionResult) -> str:
    source = line_opening(result.source)
    if not result.readable:
        return f"{source}: could not be read\n"
    project = terminal(result.project_id or "(no project id)")
    title = f' "{terminal(result.project_title)}"' if result.project_title else ""
    verdicts = "   ".join(
        f"{BOARD_NAMES.get(board, board)}: {verdict.value.upper()}"
        for board, verdict in result.verdicts().items()
    )
    lines = [f"{source}: {project}{title}", f"  {verdicts}"]
    issues = key_issues(result)
    if issues:
        lines.append(f"  Key issues ({len(issues)}):")
        for number, finding in enumerate(issues, start=1):
            lines.extend(_issue(number, finding))
    else:
        lines.append("  No key issues.")
    lines.append(f"  Findings: {_counts(result.counts())}")
    return "\n".join(lines) + "\n"


def _issue(number: int, finding: Finding) -> list[str]:
    text = terminal(f"{finding.rule.title}: {finding.message}")
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=f"  {number:>3}. ",
        subsequent_indent="       ",
    )


def _counts(counts: t.Mapping[str, int]) -> str:
    """As every other format and the standard-error line count them."""
    return ", ".join(severity_count(counts[s.value], s.value) for s in Severity)


def _summary(report: Report) -> str:
    checked = [r for r in report.results if r.readable]
    failing = sum(1 for r in checked if "fail" in r.verdicts().values())
    keys = sum(len(key_issues(r)) for r in checked)
    parts = [
        f"{counted(len(checked), 'submission')} checked",
        f"{failing} failing a board",
        counted(keys, "key issue"),
        _counts(report.counts()),
    ]
    if report.unreadable:
        parts.append(f"{report.unreadable} unreadable")
    return "Summary: " + "; ".join(parts)
