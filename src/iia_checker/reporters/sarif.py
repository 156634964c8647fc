"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format, errata 01).

One run; one ``reportingDescriptor`` per rule; one ``result`` per finding with a real
region for JSON submissions and ``Sheet!B7`` as a logical location for workbooks.
Waivers become ``suppressions`` (§3.35), baselines ``baselineState`` (§3.27.24) and
unreadable inputs also ``toolExecutionNotifications`` (§3.20.21). No timestamps, so
the output can be golden-tested. Message texts and waiver justifications a viewer
shows go through ``safe_text.sarif``; the JSON text through ``safe_text.json_text``
(in ``jsontext``). GitHub's reading of it:
https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
"""

from __future__ import annotations

import hashlib
import typing as t
from collections import Counter

from iia_checker.model.findings import (
    Finding,
    Report,
    RuleInfo,
    Severity,
    SubmissionResult,
)
from iia_checker.reporters import RenderOptions, jsontext, safe_text, sarif_locations
from iia_checker.reporters.rows import all_rules, board_names

SCHEMA_URI: t.Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json"
)
LEVELS: t.Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
#: GitHub's ``problem.severity`` for rules that are not security rules.
PROBLEM_SEVERITY: t.Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
FINGERPRINT_KEY: t.Final = "iiaFinding/v1"

JSON = dict[str, t.Any]


def render(report: Report, options: RenderOptions) -> str:
    """The report as a SARIF log (see ``jsontext``) with a trailing newline."""
    return jsontext.dumps(as_sarif(report))


def as_sarif(report: Report) -> JSON:
    """The report as a SARIF log object."""
    rules = all_rules(report)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = list(_results(report, index))
    run: JSON = {
        "tool": {"driver": _driver(report, rules)},
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": _run_properties(report),
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(report: Report, rules: list[RuleInfo]) -> JSON:
    return {
        "name": "iia-checker",
        "version": report.tool_version,
        "semanticVersion": report.tool_version,
        "rules": [_rule(rule) for rule in rules],
    }


def _rule(rule: RuleInfo) -> JSON:
    return {
        "id": rule.id,
        "name": _pascal(rule.title) or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(dict.fromkeys([*rule.tags, *rule.boards])),
            "duties": list(rule.tags),
            "boards": list(rule.boards),
            "group": rule.group,
            "references": list(rule.references),
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _pascal(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def _help_text(rule: RuleInfo) -> str:
    basis = "".join(f"\n- {ref}" for ref in rule.references)
    boards = board_names(rule.boards)
    return f"{rule.remediation}\n\nBoards: {boards}\nBasis:{basis}"


def _help_markdown(rule: RuleInfo) -> str:
    basis = "".join(f"\n- {ref}" for ref in rule.references)
    duties = ", ".join(rule.tags)
    head = f"**What to do.** {rule.remediation}\n\n**Why.** {rule.description}"
    where = f"**Boards:** {board_names(rule.boards)}. **Duties:** {duties}."
    return f"{head}\n\n{where}\n\n**Basis:**{basis}"


def _results(report: Report, index: dict[str, int]) -> t.Iterator[JSON]:
    seen: Counter[str] = Counter()
    for result in report.results:
        for finding in result.findings:
            key = _fingerprint(finding, result)
            seen[key] += 1
            yield _result(finding, result, index, f"{key}:{seen[key]}")


def _fingerprint(finding: Finding, result: SubmissionResult) -> str:
    """Rule, project and JSON pointer: stable when lines move or rows are inserted."""
    project = result.project_id or result.source
    text = "\x00".join((finding.rule.id, project, finding.location.pointer))
    # surrogatepass: a lone surrogate from a JSON escape still hashes, as itself.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(
    finding: Finding, result: SubmissionResult, index: dict[str, int], print_: str
) -> JSON:
    data: JSON = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": LEVELS[finding.severity],
        "message": {"text": safe_text.sarif(_message(finding, result))},
        "locations": [sarif_locations.location(finding.location)],
        "partialFingerprints": {FINGERPRINT_KEY: print_},
        "properties": _result_properties(finding, result),
    }
    if finding.waiver:
        data["suppressions"] = [_suppression(finding)]
    if finding.baseline_state:
        data["baselineState"] = finding.baseline_state
    return data


def _message(finding: Finding, result: SubmissionResult) -> str:
    where = finding.location
    if not where.sheet:
        return finding.message.rstrip()
    cell = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
    project = f" ({result.project_id})" if result.project_id else ""
    return f"{cell}{project}: {finding.message.rstrip()}"


def _result_properties(finding: Finding, result: SubmissionResult) -> JSON:
    props: JSON = {
        "projectId": result.project_id,
        "projectTitle": result.project_title,
        "severity": finding.severity.value,
        "boards": list(finding.rule.boards),
        "duties": list(finding.rule.tags),
        "pointer": finding.location.pointer,
    }
    if finding.location.field:
        props["field"] = finding.location.field
    return {key: value for key, value in props.items() if value is not None}


def _suppression(finding: Finding) -> JSON:
    waiver = finding.waiver
    assert waiver is not None
    justification = (
        f"{waiver.reason} (approved by {waiver.approved_by}; expires {waiver.expires})"
    )
    props = {"approvedBy": waiver.approved_by, "expires": waiver.expires}
    if waiver.source:
        props["source"] = waiver.source
    return {
        "kind": "external",
        "status": "accepted",
        "justification": safe_text.sarif(justification),
        "properties": props,
    }


def _invocation(report: Report) -> JSON:
    notes = [
        {
            "level": "error",
            "message": {
                "text": safe_text.sarif(f"{result.source}: {finding.message.rstrip()}")
            },
            "locations": [sarif_locations.location(finding.location)],
            "descriptor": {"id": finding.rule.id},
        }
        for result in report.results
        if not result.readable
        for finding in result.findings
    ]
    invocation: JSON = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _run_properties(report: Report) -> JSON:
    props: JSON = {
        "asOf": report.as_of,
        "ruleset": {"name": report.ruleset_name, "version": report.ruleset_version},
        "failOn": report.fail_on.value,
        "submissions": [_submission(result) for result in report.results],
    }
    if report.provenance:
        props["provenance"] = report.provenance
    if report.notices:
        props["notices"] = list(report.notices)
    return props


def _submission(result: SubmissionResult) -> JSON:
    verdicts = {b: v.value for b, v in result.verdicts().items()}
    return {
        "source": result.source,
        "projectId": result.project_id,
        "projectTitle": result.project_title,
        "readable": result.readable,
        "verdicts": verdicts if result.readable else {},
        "counts": result.counts(),
    }
