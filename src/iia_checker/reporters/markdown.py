"""Markdown for a board paper, a pull-request comment or a GitHub job summary.

GitHub Flavored Markdown tables (https://github.github.com/gfm/#tables-extension-):
a cell cannot hold a newline, and ``|`` must be escaped even inside code, so every
piece of text goes through ``cell`` (``safe_text.markdown``), so submission text
is only text: no HTML, link, image or mention in a rendered comment.
"""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import BOARD_NAMES, Finding, Report, SubmissionResult
from iia_checker.model.tally import tally
from iia_checker.reporters import RenderOptions, safe_text
from iia_checker.reporters.provenance import provenance_line
from iia_checker.reporters.rows import (
    board_names,
    place,
    report_boards,
    summary_headers,
    summary_values,
    waiver_text,
)

FINDING_COLUMNS: t.Final = (
    "Severity",
    "Rule",
    "Boards / duties",
    "Location",
    "Message",
    "What to do",
    "Basis",
)


def render(report: Report, options: RenderOptions) -> str:
    """Submissions with verdicts, then findings grouped by submission."""
    parts = ["# IIA check report", submissions_table(report)]
    parts.append("## Findings")
    parts.extend(_result_findings(result) for result in report.results)
    parts.append(_provenance(report))
    return "\n\n".join(parts) + "\n"


def cell(value: object) -> str:
    """``value`` safe inside a table cell or heading: one line, only text."""
    return safe_text.markdown(str(value))


def table(headers: t.Sequence[str], rows: t.Iterable[t.Sequence[object]]) -> str:
    """A GitHub Flavored Markdown table."""
    lines = [_row(headers), "|" + "---|" * len(headers)]
    lines.extend(_row(row) for row in rows)
    return "\n".join(lines)


def _row(values: t.Sequence[object]) -> str:
    return "| " + " | ".join(cell(value) for value in values) + " |"


def submissions_table(report: Report) -> str:
    """One row per submission: source, project, counts, waived, verdict per board."""
    boards = report_boards(report)
    rows = [summary_values(result, boards) for result in report.results]
    counts = report.counts()
    totals = ", ".join(f"{number} {sev}" for sev, number in counts.items())
    checked = sum(1 for result in report.results if result.readable)
    unreadable = f"; {report.unreadable} unreadable" if report.unreadable else ""
    aside = tally(report).aside()
    heading = (
        f"## Submissions\n\n{checked} checked{unreadable}; findings: {totals}{aside}."
    )
    return f"{heading}\n\n{table(summary_headers(boards), rows)}"


def findings_table(
    findings: t.Sequence[Finding], projects: t.Sequence[str] | None = None
) -> str:
    """One row per finding; ``projects`` (one per finding) adds a Project column."""
    rows = [_finding_row(finding) for finding in findings]
    if projects is None:
        return table(FINDING_COLUMNS, rows)
    paired = [[project, *row] for project, row in zip(projects, rows, strict=True)]
    return table(["Project", *FINDING_COLUMNS], paired)


def _result_findings(result: SubmissionResult) -> str:
    project = result.project_id or result.source
    title = f": {result.project_title}" if result.project_title else ""
    heading = "### " + cell(f"{project}{title}")
    if not result.readable:
        heading += f"\n\n{cell(result.source)} could not be read."
    elif result.findings:
        verdicts = "; ".join(
            f"{BOARD_NAMES.get(b, b)}: **{v.value.upper()}**"
            for b, v in result.verdicts().items()
        )
        heading += f"\n\n{verdicts}"
    if not result.findings:
        return f"{heading}\n\nNo findings."
    return f"{heading}\n\n{findings_table(result.findings)}"


def _finding_row(finding: Finding) -> list[str]:
    rule = finding.rule
    severity = finding.severity.value
    if finding.waiver:
        severity += f" (waived: {waiver_text(finding.waiver)})"
    elif finding.baseline_state:
        severity += f" ({finding.baseline_state})"
    where = place(finding.location)
    pointer = finding.location.pointer
    return [
        severity,
        f"{rule.id} {rule.title}",
        f"{board_names(rule.boards)}; {', '.join(rule.tags)}",
        f"{where} {pointer}" if pointer else where,
        finding.message.rstrip(),
        rule.remediation,
        "; ".join(rule.references),
    ]


def _provenance(report: Report) -> str:
    return "---\n\n" + cell(provenance_line(report))
