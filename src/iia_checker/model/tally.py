"""Counts a person reads first: open failures by severity, kept apart from waived
findings and, against a baseline, from findings that are not new.

Every human format and the one-line run summary use these, so a log never says
"9 errors" when all nine are known or excused.
"""

from __future__ import annotations

import typing as t
from collections import Counter
from dataclasses import dataclass

from iia_checker.model.findings import Finding, Report, Severity

#: A finding's mark in human formats: waived, new or unchanged; "" when none.
MARK_WORDS: t.Final = ("waived", "new", "unchanged")


def mark_of(finding: Finding) -> str:
    """``waived`` when a waiver covers it, else its baseline state, else ``""``."""
    if finding.waiver is not None:
        return "waived"
    return finding.baseline_state or ""


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
        """``2 submissions checked, 1 failing a board; 9 errors, ... (3 waived)``."""
        plural = "s" if self.submissions != 1 else ""
        parts = [
            f"{self.submissions} submission{plural} checked,"
            f" {self.failing} failing a board",
            ", ".join(_count(self.open[s.value], s.value) for s in Severity),
        ]
        text = "; ".join(parts)
        extra = []
        if self.new is not None:
            extra.append(
                f"{self.new} new, {self.unchanged} unchanged since the baseline"
            )
        if self.waived:
            extra.append(f"{self.waived} waived")
        if extra:
            text += f" ({'; '.join(extra)})"
        if self.unreadable:
            text += f"; {self.unreadable} unreadable"
        return text


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


def _count(number: int, severity: str) -> str:
    plural = "s" if number != 1 and severity != "info" else ""
    return f"{number} {severity}{plural}"
