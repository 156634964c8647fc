"""Human text: grouped by submission, failures first, each with what to fix and why.

Each line is made from data through ``safe_text.terminal`` before it is coloured, so
a value never acts on the terminal nor starts a line of its own.
"""

from __future__ import annotations

import textwrap
import typing as t

from iia_checker.model.findings import (
    BOARD_NAMES,
    Finding,
    Report,
    Status,
    SubmissionResult,
)
from iia_checker.model.tally import mark_of, tally
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.provenance import provenance_line
from iia_checker.reporters.safe_text import line_opening, terminal

_COLOURS: t.Final = {
    "error": "31",
    "warning": "33",
    "info": "36",
    "pass": "32",
    "fail": "31",
    "waived": "33",
    "new": "1;31",
    "unchanged": "2",
}
_WIDTH: t.Final = 88


def render(report: Report, options: RenderOptions) -> str:
    """The whole report as text."""
    paint = _painter(options.color)
    blocks = [_result(result, paint, options) for result in report.results]
    summary = _summary(report, paint)
    if len(report.results) < 2:
        return "\n".join([*blocks, summary]) + "\n"
    # A batch is long: the summary opens it too, so it is seen before scrolling.
    ending = [summary, provenance_line(report), *([HINT] if options.hints else [])]
    return "\n".join([summary + "\n", *blocks, *ending]) + "\n"


#: Where a newcomer goes next, after a long report.
HINT: t.Final = (
    "Tip: --brief shows only verdicts and key issues; for a report to read in a"
    " browser, add -f html -o report.html; for the self-check web page, run"
    " iia-check serve."
)


def _painter(color: bool) -> t.Callable[[str, str], str]:
    def paint(text: str, key: str) -> str:
        code = _COLOURS.get(key)
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else text

    return paint


def _result(
    result: SubmissionResult, paint: t.Callable[[str, str], str], options: RenderOptions
) -> str:
    lines = [_heading(result)]
    if result.readable:
        verdicts = "   ".join(
            f"{BOARD_NAMES.get(board, board)}: {paint(v.value.upper(), v.value)}"
            for board, v in result.verdicts().items()
        )
        lines.append(f"  {verdicts}")
    for finding in result.findings:
        lines.extend(_finding(finding, paint))
    if not result.findings:
        lines.append("  No findings.")
    errors = [o for o in result.outcomes if o.status is Status.ERROR]
    lines.extend(
        terminal(f"  rule {o.rule.id} could not run: {o.reason}") for o in errors
    )
    if options.show_passes:
        passed = [o.rule.id for o in result.outcomes if o.status is Status.PASS]
        lines.append(terminal("  Passed: " + (", ".join(passed) or "none")))
    return "\n".join(lines) + "\n"


def _heading(result: SubmissionResult) -> str:
    source = line_opening(result.source)
    if not result.readable:
        return f"{source}: could not be read"
    project = result.project_id or "(no project id)"
    title = f' "{result.project_title}"' if result.project_title else ""
    return source + terminal(f": {project}{title}")


def _finding(finding: Finding, paint: t.Callable[[str, str], str]) -> list[str]:
    severity = finding.severity.value
    mark = mark_of(finding)
    tag = f"[{paint(mark, mark)}] " if mark else ""
    where = terminal(f"{finding.rule_id}  {finding.location}")
    head = f"  {paint(severity.ljust(7), severity)} {tag}{where}"
    body = [finding.message]
    if finding.kind == "rule":
        body = [f"{finding.rule.title}: {finding.message}"]
        body.append(f"Fix: {finding.rule.remediation}")
        body.append("Basis: " + "; ".join(finding.rule.references))
    if finding.waiver:
        # Not rows.waiver_text: rows imports openpyxl, which a text report avoids.
        waiver = finding.waiver
        body.append(
            f"Waived: {waiver.reason} (approved by {waiver.approved_by};"
            f" expires {waiver.expires})"
        )
    wrapped = [
        line
        for part in body
        for line in textwrap.wrap(
            terminal(part.rstrip()),
            _WIDTH - 10,
            initial_indent="          ",
            subsequent_indent="            ",
        )
    ]
    return [head, *wrapped]


def _summary(report: Report, paint: t.Callable[[str, str], str]) -> str:
    parts = tally(report).parts()
    if report.unreadable:
        parts.append(paint(f"{report.unreadable} unreadable", "error"))
    line = "Summary: " + "; ".join(parts)
    if report.elapsed_seconds is not None:
        line += f" (in {report.elapsed_seconds:.2f} s)"
    return line
