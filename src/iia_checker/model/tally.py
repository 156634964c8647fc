"""Counts a person reads first: open failures by severity, kept apart from waived
findings and, against a baseline, from findings that are not new.

Every human format and the one-line run summary use these, so a log never says
"9 errors" when all nine are known or excused.
"""

from __future__ import annotations

import functools
import itertools
import operator
import typing as t
from collections import Counter
from dataclasses import dataclass

from iia_checker.model.findings import (
    BOARDS,
    Finding,
    Report,
    RuleOutcome,
    Severity,
    Status,
)
from iia_checker.model.plural import counted, severity_count

#: Outcomes a rule shares over a batch (pass, not applicable), removed in C.
SHARED_PER_RULE: t.Final = 3
#: A finding's mark in human formats: waived, new or unchanged; "" when none.
MARK_WORDS: t.Final = ("waived", "new", "unchanged")


def mark_of(finding: Finding) -> str:
    """``waived`` when a waiver covers it, else its baseline state, else ``""``."""
    if finding.waiver is not None:
        return "waived"
    return finding.baseline_state or ""


def status_text(finding: Finding) -> str:
    """A finding's status for tables: ``waived``, ``fail``, ``fail, new`` or
    ``fail, unchanged`` (compared with a baseline)."""
    if finding.waiver is not None:
        return "waived"
    state = finding.baseline_state
    return f"fail, {state}" if state else "fail"


@dataclass(frozen=True, slots=True)
class Tally:
    """Findings of a run, counted the way its summary line reads them."""

    submissions: int
    failing: int
    unreadable: int
    #: Unwaived findings by severity (new and unchanged alike).
    open: dict[str, int]
    waived: int
    #: Against a baseline: unwaived findings that are new, and those unchanged.
    new: int | None
    unchanged: int | None

    def sentence(self) -> str:
        """``2 submissions checked; 1 failing a board; 9 errors, ... (3 waived)``."""
        parts = self.parts()
        if self.unreadable:
            parts.append(f"{self.unreadable} unreadable")
        return "; ".join(parts)

    def parts(self) -> list[str]:
        """The sentence's parts before the unreadable count, with ``aside``."""
        return [
            f"{counted(self.submissions, 'submission')} checked",
            f"{self.failing} failing a board",
            ", ".join(severity_count(self.open[s.value], s.value) for s in Severity)
            + self.aside(),
        ]

    def aside(self) -> str:
        """`` (2 new, 7 unchanged since the baseline; 3 waived)``, or ``""``."""
        extra = []
        if self.new is not None:
            extra.append(
                f"{self.new} new, {self.unchanged} unchanged since the baseline"
            )
        if self.waived:
            extra.append(f"{self.waived} waived")
        return f" ({'; '.join(extra)})" if extra else ""


def tally(report: Report) -> Tally:
    """The counts of ``report``."""
    marks: Counter[str] = Counter()
    for finding in report.findings():
        marks[mark_of(finding)] += 1
    readable = [r for r in report.results if r.readable]
    compared = any(f.baseline_state for f in report.findings())
    return Tally(
        submissions=len(readable),
        failing=sum(1 for r in readable if "fail" in r.verdicts().values()),
        unreadable=report.unreadable,
        open=report.counts(),
        waived=marks["waived"],
        new=marks["new"] if compared else None,
        unchanged=marks["unchanged"] if compared else None,
    )


def rule_counts(report: Report) -> dict[str, dict[str, int]]:
    """Per rule id, over the batch: submissions by outcome status, and findings
    in all, waived, new and unchanged. Rules that ran come first, in id order."""
    statuses = _status_counts(report)
    found: Counter[tuple[str, str]] = Counter()
    for finding in report.findings():
        found[finding.rule.id, "findings"] += 1
        mark = mark_of(finding)
        if mark:
            found[finding.rule.id, mark] += 1
    ids = [rule.id for rule in report.rules]
    extra = sorted({rule_id for rule_id, _ in found} - set(ids))
    return {
        rule_id: {
            **{status.value: statuses[rule_id, status] for status in Status},
            **{key: found[rule_id, key] for key in ("findings", *MARK_WORDS)},
        }
        for rule_id in [*ids, *extra]
    }


def _status_counts(report: Report) -> Counter[tuple[str, str]]:
    """How many outcomes each (rule id, status) has over the batch.

    A batch of 10,000 submissions has a million outcomes, nearly all the few
    hundred shared pass and not-applicable ones (``CompiledRule.passed``, sent
    back from workers by name). Every checked submission has one outcome per
    rule, in the rules' order, so each rule's outcomes form a column; in a column
    the shared outcomes are removed by identity in C (``filter``), leaving a Python
    step only for the rest: failures, errors, and copies that are not shared.
    """
    rows = [result.outcomes for result in report.results if result.outcomes]
    statuses: Counter[tuple[str, str]] = Counter()
    if len({len(row) for row in rows}) > 1:  # not one ruleset: no columns to use
        every = itertools.chain.from_iterable(rows)
        return Counter((outcome.rule.id, outcome.status) for outcome in every)
    for column in zip(*rows, strict=True):
        for status, number in _column_counts(column).items():
            statuses[column[0].rule.id, status] += number
    return statuses


def _column_counts(column: t.Sequence[RuleOutcome]) -> Counter[str]:
    counts: Counter[str] = Counter()
    rest = list(column)
    for _ in range(SHARED_PER_RULE):
        if not rest:
            break
        common = rest[0]
        kept = list(filter(functools.partial(operator.is_not, common), rest))
        counts[common.status] += len(rest) - len(kept)
        rest = kept
    for outcome in rest:
        counts[outcome.status] += 1
    return counts


def board_counts(report: Report) -> dict[str, dict[str, int]]:
    """Per board: submissions that pass, that fail, and that were not checked."""
    counts = {board: {"pass": 0, "fail": 0, "not-checked": 0} for board in BOARDS}
    for result in report.results:
        verdicts = result.verdicts() if result.readable else {}
        for board in BOARDS:
            verdict = verdicts.get(board)
            counts[board][verdict.value if verdict else "not-checked"] += 1
    return counts
