"""The result model every reporter renders: locations, findings, outcomes, reports."""

from __future__ import annotations

import enum
import typing as t
from collections import Counter
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    """How much a failed rule matters; ``error`` fails the board gate."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(enum.StrEnum):
    """The outcome of one rule on one submission."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    ERROR = "error"
    #: Failed only where another finding already says so (``suppressed_by``).
    SUPPRESSED = "suppressed"


class Rank(enum.StrEnum):
    """How much a finding matters to a board, to put key issues first."""

    #: A failure of a legal duty (unassessed channel withdrawal, unmitigated harm).
    KEY = "key"
    STANDARD = "standard"
    #: Advice and local-alignment notes.
    ADVICE = "advice"

    @property
    def order(self) -> int:
        """Lower comes first."""
        return {"key": 0, "standard": 1, "advice": 2}[self.value]


class Verdict(enum.StrEnum):
    """A board's verdict on one submission."""

    PASS = "pass"
    FAIL = "fail"


BOARDS: t.Final = ("digital-first", "hub-and-spoke")
BOARD_NAMES: t.Final = {
    "digital-first": "Digital First",
    "hub-and-spoke": "Hub and Spoke",
}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What every report needs to say about a rule, built-in or declarative."""

    id: str
    title: str
    severity: Severity
    boards: tuple[str, ...]
    tags: tuple[str, ...]
    references: tuple[str, ...]
    description: str
    remediation: str
    group: str = ""
    rank: Rank = Rank.STANDARD


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: a JSON pointer plus what the input format can add."""

    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    #: The field's title as the user sees it (a column header in a workbook).
    field: str | None = None
    #: 1-based row in ``sheet``; with ``cell`` it orders findings in workbooks.
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet:
            cell = f"!{self.cell}" if self.cell else ""
            place = f"{self.file}!{self.sheet}{cell}"
        elif self.line is not None:
            place = f"{self.file}:{self.line}:{self.column or 1}"
        else:
            place = self.file
        return f"{place} {self.pointer}" if self.pointer else place


@dataclass(frozen=True, slots=True)
class Waiver:
    """An approved, time-limited exception for one rule on one project."""

    rule_id: str
    project_id: str
    reason: str
    approved_by: str
    expires: str
    pointer: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed check at one place."""

    rule: RuleInfo
    severity: Severity
    message: str
    location: Location
    #: The waiver that covers this finding, if any: it no longer gates.
    waiver: Waiver | None = None
    #: ``new`` or ``unchanged`` when compared with a baseline, else None.
    baseline_state: str | None = None
    #: Other places this finding speaks for: the further fields a grouped
    #: "required fields are empty" finding names (``suppression``).
    also: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``waived`` when a waiver covers it, else ``fail``."""
        return "waived" if self.waiver else "fail"

    @property
    def rule_id(self) -> str:
        """The id of the rule that produced this finding."""
        return self.rule.id

    @property
    def kind(self) -> str:
        """``input``, ``schema`` or ``rule``."""
        head = self.rule.id.split(".", 1)[0]
        return head if head in ("input", "schema") else "rule"

    def sort_key(self) -> tuple[int, int, str, int, str, str]:
        """Key issues first and advice last, most severe first within each, then in
        the order of the input, then by rule."""
        where = self.location
        position = where.line if where.line is not None else (where.row or 0)
        return (
            self.rule.rank.order,
            -self.severity.rank,
            where.sheet or "",
            position,
            where.pointer,
            self.rule.id,
        )


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One rule on one submission: its status and, when it failed, its findings."""

    rule: RuleInfo
    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    #: With ``SUPPRESSED``: the finding that already says what this rule found.
    suppressed_by: Finding | None = None


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    """Everything found about one submission (or one unreadable input)."""

    source: str
    project_id: str | None
    project_title: str | None
    findings: tuple[Finding, ...]
    outcomes: tuple[RuleOutcome, ...] = ()
    readable: bool = True
    boards: tuple[str, ...] = BOARDS

    def counts(self) -> dict[str, int]:
        """Failures by severity (waived findings not counted)."""
        found = Counter(f.severity.value for f in self.findings if not f.waiver)
        return {sev.value: found.get(sev.value, 0) for sev in Severity}

    def verdict(self, board: str) -> Verdict:
        """Fail when any unwaived error-severity finding concerns ``board``."""
        for finding in self.findings:
            failing = finding.severity is Severity.ERROR and not finding.waiver
            if failing and board in finding.rule.boards:
                return Verdict.FAIL
        return Verdict.PASS

    def verdicts(self) -> dict[str, Verdict]:
        """The verdict of every board this result covers."""
        return {board: self.verdict(board) for board in self.boards}


@dataclass(frozen=True, slots=True)
class Report:
    """All results of one run, in input order, with what was used to produce them."""

    results: tuple[SubmissionResult, ...]
    rules: tuple[RuleInfo, ...]
    tool_version: str
    ruleset_name: str
    ruleset_version: str
    as_of: str
    fail_on: Severity = Severity.ERROR
    elapsed_seconds: float | None = None
    #: What was checked with what: versions, hashes, the time of the run.
    provenance: dict[str, t.Any] = field(default_factory=dict)
    #: Only findings new since the baseline gate (``--new-only``).
    new_only: bool = False
    #: Problems of the run itself, such as waivers that matched nothing.
    notices: tuple[str, ...] = ()
    #: Each input read and the SHA-256 of its bytes (None if unreadable).
    inputs: tuple[tuple[str, str | None], ...] = ()

    def findings(self) -> t.Iterator[Finding]:
        """Every finding of every result."""
        for result in self.results:
            yield from result.findings

    def counts(self) -> dict[str, int]:
        """Failures by severity over the whole run (waived findings not counted)."""
        found = Counter(f.severity.value for f in self.findings() if not f.waiver)
        return {sev.value: found.get(sev.value, 0) for sev in Severity}

    @property
    def unreadable(self) -> int:
        """How many inputs could not be read."""
        return sum(1 for r in self.results if not r.readable)

    def gating_findings(self) -> list[Finding]:
        """Unwaived findings at or above ``fail_on`` (only new ones with new_only)."""
        return [
            f
            for f in self.findings()
            if f.severity.rank >= self.fail_on.rank
            and not f.waiver
            and not (self.new_only and f.baseline_state == "unchanged")
        ]
