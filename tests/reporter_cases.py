"""A small hand-built Report that exercises every branch of the reporters."""

from __future__ import annotations

import dataclasses

from iia_checker.model.findings import (
    BOARDS,
    Finding,
    Location,
    Report,
    RuleInfo,
    RuleOutcome,
    Severity,
    Status,
    SubmissionResult,
    Waiver,
)


def rule(
    rule_id: str,
    severity: Severity = Severity.ERROR,
    boards: tuple[str, ...] = BOARDS,
    tags: tuple[str, ...] = ("equality",),
) -> RuleInfo:
    return RuleInfo(
        id=rule_id,
        title=f"Title of {rule_id}",
        severity=severity,
        boards=boards,
        tags=tags,
        references=("Equality Act 2010 s.149", "EHRC guidance"),
        description=f"Why {rule_id} matters.",
        remediation=f"Fix {rule_id}.",
        group="psed",
    )


EQ1 = rule("EQ-001")
EQ2 = rule("EQ-002", Severity.WARNING, ("hub-and-spoke",), ("accessibility",))
EQ3 = rule("EQ-003", Severity.INFO, ("digital-first",), ("fairer-scotland",))
EQ4 = rule("EQ-004")
EQ5 = rule("EQ-005")
UNREADABLE = dataclasses.replace(
    rule("input.unreadable", tags=("structure",)), group="structure"
)
WAIVER = Waiver(
    rule_id="EQ-003",
    project_id="DF-1",
    reason="Agreed at board, 1 June",
    approved_by="Chief Officer",
    expires="2022-01-01",
)


def json_finding(
    r: RuleInfo, message: str, pointer: str, line: int, **kw: object
) -> Finding:
    where = Location(file="sub.json", pointer=pointer, line=line, column=5)
    return Finding(r, r.severity, message, where, **kw)  # type: ignore[arg-type]


def json_result(title: str = "Booking <online>") -> SubmissionResult:
    findings = (
        json_finding(EQ1, "The negative impact has no action.", "/equality/0", 10),
        json_finding(EQ2, "Channel 'phone' | withdrawn\nnext line", "/access", 20),
        json_finding(EQ3, "Consider more.", "/fs", 30, waiver=WAIVER),
        json_finding(
            EQ1, "Second: 100%, sure.", "/equality/1", 40, baseline_state="new"
        ),
    )
    outcomes = (
        RuleOutcome(EQ1, Status.FAIL, (findings[0], findings[3])),
        RuleOutcome(EQ2, Status.FAIL, (findings[1],)),
        RuleOutcome(EQ3, Status.FAIL, (findings[2],)),
        RuleOutcome(EQ4, Status.NOT_APPLICABLE, reason="`when` did not hold"),
        RuleOutcome(EQ5, Status.ERROR, reason="boom"),
    )
    return SubmissionResult("sub.json", "DF-1", title, findings, outcomes)


def workbook_result() -> SubmissionResult:
    where = Location(
        file="book.xlsx",
        pointer="/equality_impacts/2/impact",
        sheet="Impacts",
        cell="B7",
        row=7,
        field="Impact",
    )
    finding = Finding(EQ1, Severity.ERROR, "Impact is blank.", where)
    outcomes = (RuleOutcome(EQ1, Status.FAIL, (finding,)),)
    return SubmissionResult("book.xlsx", "HS-2", "Hubs", (finding,), outcomes)


def unreadable_result() -> SubmissionResult:
    where = Location(file="broken.json", line=4, column=1)
    finding = Finding(UNREADABLE, Severity.ERROR, "malformed JSON", where)
    return SubmissionResult("broken.json", None, None, (finding,), readable=False)


def make_report(*results: SubmissionResult) -> Report:
    return Report(
        results=results or (json_result(), workbook_result(), unreadable_result()),
        rules=(EQ1, EQ2, EQ3, EQ4, EQ5),
        tool_version="9.9.9",
        ruleset_name="test-rules",
        ruleset_version="1.2",
        as_of="2021-09-01",
        provenance={"commit": "abc123"},
    )
