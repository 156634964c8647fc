"""Rows of the batch counts (``model.tally``) shared by the XLSX and HTML reports:
how each rule went over every submission, and each board's verdicts."""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import BOARD_NAMES, Report
from iia_checker.model.tally import board_counts, rule_counts
from iia_checker.reporters.rows import all_rules

RULE_COUNT_HEADERS: t.Final = (
    "Rule id",
    "Title",
    "Severity",
    "Passed",
    "Failed",
    "Not applicable",
    "Could not run",
    "Suppressed",
    "Findings",
    "Waived",
    "New",
    "Unchanged",
)
_RULE_KEYS: t.Final = (
    "pass",
    "fail",
    "not-applicable",
    "error",
    "suppressed",
    "findings",
    "waived",
    "new",
    "unchanged",
)
BOARD_COUNT_HEADERS: t.Final = ("Board", "Pass", "Fail", "Not checked")


def rule_count_rows(report: Report) -> list[list[str | int]]:
    """One row per rule that ran or found something, in the Rules sheet's order."""
    counts = rule_counts(report)
    return [
        [rule.id, rule.title, rule.severity.value]
        + [counts[rule.id][key] for key in _RULE_KEYS]
        for rule in all_rules(report)
        if rule.id in counts
    ]


def board_count_rows(report: Report) -> list[list[str | int]]:
    """One row per board: submissions that pass, fail, or were not checked."""
    return [
        [BOARD_NAMES.get(board, board), c["pass"], c["fail"], c["not-checked"]]
        for board, c in board_counts(report).items()
    ]
