"""The JSON report: stable, versioned, described by ``schemas/report.schema.json``."""

from __future__ import annotations

import operator
import typing as t

from iia_checker.model.findings import (
    BOARDS,
    Finding,
    Location,
    Report,
    RuleInfo,
    SubmissionResult,
    Waiver,
)
from iia_checker.model.tally import board_counts, rule_counts, tally
from iia_checker.reporters import RenderOptions, jsontext

#: 1.1 added ``counts`` (per rule, per board) and ``summary.marks``.
REPORT_VERSION: t.Final = "1.2"
_RULE_ID: t.Final = operator.attrgetter("rule.id")
_STATUS: t.Final = operator.attrgetter("status")


def render(report: Report, options: RenderOptions) -> str:
    """The report as JSON text (see ``jsontext``) with a trailing newline."""
    return "".join(stream(report, options))


def stream(report: Report, options: RenderOptions) -> t.Iterator[str]:
    """``render`` piece by piece: each submission is made as it is written."""
    return jsontext.chunks(
        _document(report, jsontext.Items(map(_result, report.results)))
    )


def _document(report: Report, results: object) -> dict[str, t.Any]:
    return {
        "report_version": REPORT_VERSION,
        "tool": {"name": "iia-checker", "version": report.tool_version},
        "ruleset": {
            "name": report.ruleset_name,
            "version": report.ruleset_version,
            "rules": len(report.rules),
        },
        "as_of": report.as_of,
        "fail_on": report.fail_on.value,
        "summary": _summary(report),
        "counts": {"by_rule": rule_counts(report), "by_board": board_counts(report)},
        "notices": list(report.notices),
        "submissions": results,
        "rules": {rule.id: _rule(rule) for rule in report.rules},
        **({"provenance": report.provenance} if report.provenance else {}),
    }


def _summary(report: Report) -> dict[str, t.Any]:
    verdicts = {
        board: sum(
            1 for r in report.results if r.readable and r.verdict(board) == "fail"
        )
        for board in BOARDS
    }
    return {
        "inputs": len({r.source for r in report.results}),
        "submissions": sum(1 for r in report.results if r.readable),
        "unreadable": report.unreadable,
        "failing_by_board": verdicts,
        "findings": report.counts(),
        "marks": _marks(report),
        "gate": "fail" if report.gating_findings() else "pass",
    }


def _marks(report: Report) -> dict[str, int]:
    """Waived findings; new and unchanged ones too when compared with a baseline."""
    counts = tally(report)
    marks = {"waived": counts.waived}
    if counts.new is not None and counts.unchanged is not None:
        marks.update(new=counts.new, unchanged=counts.unchanged)
    return marks


def _result(result: SubmissionResult) -> dict[str, t.Any]:
    return {
        "source": result.source,
        "project_id": result.project_id,
        "project_title": result.project_title,
        "readable": result.readable,
        "verdicts": {board: v.value for board, v in result.verdicts().items()},
        "counts": result.counts(),
        "findings": [_finding(f) for f in result.findings],
        # Status is a str enum, which JSON writes as its value: no call per outcome.
        "outcomes": dict(
            zip(
                map(_RULE_ID, result.outcomes),
                map(_STATUS, result.outcomes),
                strict=True,
            )
        ),
        "suppressed": {
            o.rule.id: _suppressed_by(o.suppressed_by)
            for o in result.outcomes
            if o.suppressed_by is not None
        },
    }


def _suppressed_by(finding: Finding) -> dict[str, t.Any]:
    """The finding that already says what a suppressed rule found."""
    return {
        "rule_id": finding.rule.id,
        "pointer": finding.location.pointer,
        "message": finding.message,
    }


def _finding(finding: Finding) -> dict[str, t.Any]:
    rule = finding.rule
    return {
        "rule_id": rule.id,
        "title": rule.title,
        "severity": finding.severity.value,
        "rank": rule.rank.value,
        "kind": finding.kind,
        "boards": list(rule.boards),
        "tags": list(rule.tags),
        "message": finding.message,
        "remediation": rule.remediation,
        "references": list(rule.references),
        "location": _location(finding.location),
        "status": finding.status,
        **({"waiver": _waiver(finding.waiver)} if finding.waiver else {}),
        **(
            {"baseline_state": finding.baseline_state} if finding.baseline_state else {}
        ),
    }


def _waiver(waiver: Waiver) -> dict[str, t.Any]:
    return {
        "reason": waiver.reason,
        "approved_by": waiver.approved_by,
        "expires": waiver.expires,
        "source": waiver.source,
    }


def _location(location: Location) -> dict[str, t.Any]:
    data = {
        "file": location.file,
        "pointer": location.pointer,
        "line": location.line,
        "column": location.column,
        "sheet": location.sheet,
        "cell": location.cell,
        "field": location.field,
    }
    return {key: value for key, value in data.items() if value is not None}


def _rule(rule: RuleInfo) -> dict[str, t.Any]:
    return {
        "title": rule.title,
        "severity": rule.severity.value,
        "rank": rule.rank.value,
        "boards": list(rule.boards),
        "tags": list(rule.tags),
        "group": rule.group,
        "references": list(rule.references),
        "description": rule.description,
        "remediation": rule.remediation,
    }
