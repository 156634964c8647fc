"""Flat rows of a report shared by the tabular formats (XLSX, CSV, Markdown, HTML).

Each format decides how to style them and makes their text safe (``safe_text``);
this module only decides what a row says, so every table names the same columns
in the same order.
"""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import (
    BOARD_NAMES,
    BOARDS,
    Finding,
    Location,
    Report,
    RuleInfo,
    SubmissionResult,
    Waiver,
)
from iia_checker.model.tally import status_text

#: Columns of the Findings sheet, the CSV report and the HTML findings table.
FINDING_HEADERS: t.Final = (
    "Project id",
    "Project title",
    "Rule id",
    "Rule title",
    "Severity",
    "Boards",
    "Duties",
    "Status",
    "Location",
    "JSON pointer",
    "Field",
    "Message",
    "Remediation",
    "References",
    "Waiver",
)
RULE_HEADERS: t.Final = (
    "Rule id",
    "Title",
    "Severity",
    "Boards",
    "Duties",
    "Group",
    "References",
    "Description",
    "Remediation",
)
NOT_CHECKED: t.Final = "NOT CHECKED"


def report_boards(report: Report) -> tuple[str, ...]:
    """The boards any result covers, in the order of ``BOARDS``."""
    covered = {board for result in report.results for board in result.boards}
    return tuple(b for b in BOARDS if b in covered) or BOARDS


def board_names(boards: t.Iterable[str]) -> str:
    """``Digital First, Hub and Spoke``."""
    return ", ".join(BOARD_NAMES.get(board, board) for board in boards)


def place(location: Location) -> str:
    """``file!Sheet!B7`` for a workbook cell, else ``file:line:column`` or ``file``."""
    if location.sheet:
        cell = f"!{location.cell}" if location.cell else ""
        return f"{location.file}!{location.sheet}{cell}"
    if location.line is not None:
        return f"{location.file}:{location.line}:{location.column or 1}"
    return location.file


def waiver_text(waiver: Waiver | None) -> str:
    """The waiver's reason, who approved it and when it expires; empty if none."""
    if waiver is None:
        return ""
    return (
        f"{waiver.reason} (approved by {waiver.approved_by}; expires {waiver.expires})"
    )


def verdict_labels(result: SubmissionResult, boards: t.Sequence[str]) -> list[str]:
    """``PASS`` or ``FAIL`` per board; ``NOT CHECKED`` for an unreadable input."""
    if not result.readable:
        return [NOT_CHECKED for _ in boards]
    verdicts = result.verdicts()
    return [verdicts[b].value.upper() if b in verdicts else NOT_CHECKED for b in boards]


def waived_count(result: SubmissionResult) -> int:
    """How many findings of ``result`` a waiver covers."""
    return sum(1 for finding in result.findings if finding.waiver)


def summary_headers(boards: t.Sequence[str]) -> list[str]:
    """Columns of one row per submission."""
    verdicts = [BOARD_NAMES.get(board, board) for board in boards]
    fixed = ["Source", "Project id", "Project title", "Errors", "Warnings", "Info"]
    return [*fixed, "Waived", *verdicts]


def summary_values(
    result: SubmissionResult, boards: t.Sequence[str]
) -> list[str | int]:
    """One submission: source, project, failure counts, waived, verdict per board."""
    counts = result.counts()
    return [
        result.source,
        result.project_id or "",
        result.project_title or "",
        counts["error"],
        counts["warning"],
        counts["info"],
        waived_count(result),
        *verdict_labels(result, boards),
    ]


def finding_values(result: SubmissionResult, finding: Finding) -> list[str]:
    """One finding as the strings of ``FINDING_HEADERS``."""
    rule, where = finding.rule, finding.location
    return [
        result.project_id or "",
        result.project_title or "",
        rule.id,
        rule.title,
        finding.severity.value,
        board_names(rule.boards),
        ", ".join(rule.tags),
        status_text(finding),
        place(where),
        where.pointer,
        where.field or "",
        finding.message.rstrip(),
        rule.remediation,
        "; ".join(rule.references),
        waiver_text(finding.waiver),
    ]


def iter_finding_rows(report: Report) -> t.Iterator[list[str]]:
    """``finding_values`` of every finding, submissions in input order."""
    for result in report.results:
        for finding in result.findings:
            yield finding_values(result, finding)


def rule_values(rule: RuleInfo) -> list[str]:
    """One rule as the strings of ``RULE_HEADERS``."""
    return [
        rule.id,
        rule.title,
        rule.severity.value,
        board_names(rule.boards),
        ", ".join(rule.tags),
        rule.group,
        "; ".join(rule.references),
        rule.description,
        rule.remediation,
    ]


def all_rules(report: Report) -> list[RuleInfo]:
    """``report.rules``, then built-in rules (input, schema) that found something."""
    known = {rule.id for rule in report.rules}
    extra: dict[str, RuleInfo] = {}
    for finding in report.findings():
        if finding.rule.id not in known:
            extra.setdefault(finding.rule.id, finding.rule)
    return [*report.rules, *(extra[key] for key in sorted(extra))]


def provenance_items(report: Report) -> list[tuple[str, str]]:
    """What produced the report: tool, ruleset, as-of date and ``report.provenance``.

    Keys the first four rows already give, and files not used (an empty hash),
    are left out.
    """
    items = [
        ("Tool", f"iia-checker {report.tool_version}"),
        ("Ruleset", f"{report.ruleset_name} {report.ruleset_version}"),
        ("As of", report.as_of),
        ("Fail on", report.fail_on.value),
    ]
    items.extend(
        (str(k), _plain(v))
        for k, v in sorted(report.provenance.items())
        if k not in _SHOWN and v not in (None, "", [], {})
    )
    return items


#: Provenance keys the first rows of ``provenance_items`` already show.
_SHOWN: t.Final = frozenset({"as_of", "tool_version"})


def _plain(value: t.Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)
