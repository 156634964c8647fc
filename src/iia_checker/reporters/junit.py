"""JUnit XML as GitLab, Jenkins and Azure DevOps read it (there is no formal standard).

One ``testsuite`` per submission, one ``testcase`` per rule: ``failure`` when it
failed, ``skipped`` when it did not apply or a waiver covers it, ``error`` when the
rule could not run or the input could not be read. Names follow the de-facto schema
of the Jenkins JUnit plugin and GitLab's parser:
https://github.com/testmoapp/junitxml and
https://docs.gitlab.com/ee/ci/testing/unit_test_reports.html
Written with ``xml.etree`` so the file is well-formed whatever the messages hold;
each line of a failure's text and every attribute is made one line in which
nothing acts (``safe_text.xml_line``), and every text valid XML 1.0 (``xml``).
"""

from __future__ import annotations

import typing as t
import xml.etree.ElementTree as ET

from iia_checker.model.findings import (
    Finding,
    Report,
    RuleInfo,
    RuleOutcome,
    Status,
    SubmissionResult,
)
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.rows import board_names, place, waiver_text
from iia_checker.reporters.safe_text import xml, xml_line

_COUNTS: t.Final = ("tests", "failures", "errors", "skipped")


def render(report: Report, options: RenderOptions) -> str:
    """The report as an indented JUnit XML document."""
    root = ET.Element("testsuites", name="iia-checker")
    for result in report.results:
        root.append(_suite(result, report))
    _total(root)
    _readable(root)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _readable(root: ET.Element) -> None:
    for element in root.iter():
        for key, value in list(element.attrib.items()):
            if (clean := xml_line(value)) is not value:
                element.set(key, clean)
        if element.text:
            element.text = xml(element.text)


def _suite(result: SubmissionResult, report: Report) -> ET.Element:
    name = result.project_id or result.source
    suite = ET.Element("testsuite", name=name, time="0")
    suite.append(_properties(result, report))
    cases = (
        _unreadable(result) if not result.readable else _cases(result, report.new_only)
    )
    suite.extend(_unique_names(cases))
    for key in _COUNTS:
        suite.set(key, str(_count(suite, key)))
    return suite


def _count(suite: ET.Element, key: str) -> int:
    cases = suite.findall("testcase")
    if key == "tests":
        return len(cases)
    tag = key.rstrip("s") if key != "skipped" else key
    return sum(1 for case in cases if case.find(tag) is not None)


def _total(root: ET.Element) -> None:
    for key in _COUNTS:
        total = sum(int(suite.get(key, "0")) for suite in root)
        root.set(key, str(total))


def _properties(result: SubmissionResult, report: Report) -> ET.Element:
    values = {
        "source": result.source,
        "project_id": result.project_id or "",
        "project_title": result.project_title or "",
        "as_of": report.as_of,
        "ruleset": f"{report.ruleset_name} {report.ruleset_version}",
        "tool_version": report.tool_version,
    }
    if result.readable:
        for board, verdict in result.verdicts().items():
            values[f"verdict.{board}"] = verdict.value
    props = ET.Element("properties")
    for key, value in values.items():
        ET.SubElement(props, "property", name=key, value=value)
    return props


def _cases(result: SubmissionResult, new_only: bool) -> list[ET.Element]:
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule.id, []).append(finding)
    ran = {outcome.rule.id for outcome in result.outcomes}
    built_in = [
        _case(found[0].rule, result, Status.FAIL, found, "", new_only)
        for rule_id, found in by_rule.items()
        if rule_id not in ran
    ]
    outcomes = [_outcome_case(o, result, by_rule, new_only) for o in result.outcomes]
    return [*built_in, *outcomes]


def _outcome_case(
    outcome: RuleOutcome,
    result: SubmissionResult,
    by_rule: dict[str, list[Finding]],
    new_only: bool,
) -> ET.Element:
    found = by_rule.get(outcome.rule.id, [])
    return _case(outcome.rule, result, outcome.status, found, outcome.reason, new_only)


def _case(
    rule: RuleInfo,
    result: SubmissionResult,
    status: Status,
    found: list[Finding],
    reason: str,
    new_only: bool = False,
) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=rule.group or result.source,
        name=f"{rule.id} {rule.title}",
        time="0",
    )
    failing = [f for f in found if not f.waiver and not _known(f, new_only)]
    if status is Status.ERROR:
        _child(case, "error", f"rule could not run: {reason}", "rule-error", "")
    elif status is Status.NOT_APPLICABLE:
        _child(case, "skipped", f"not applicable: {reason or 'condition not met'}")
    elif status is Status.SUPPRESSED:
        _child(case, "skipped", f"suppressed: {reason}")
    elif failing:
        _failure(case, failing, found)
    elif found and all(f.waiver for f in found):
        waivers = "; ".join(dict.fromkeys(waiver_text(f.waiver) for f in found))
        _child(case, "skipped", f"waived: {waivers}", None, _body(found))
    elif found:
        message = "unchanged since the baseline (not gating with --new-only)"
        _child(case, "skipped", message, None, _body(found))
    return case


def _known(finding: Finding, new_only: bool) -> bool:
    """Only new findings gate with --new-only; the rest are reported as skipped."""
    return new_only and finding.baseline_state == "unchanged"


def _failure(case: ET.Element, failing: list[Finding], found: list[Finding]) -> None:
    top = max(failing, key=lambda f: f.severity.rank)
    more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
    message = failing[0].message.rstrip() + more
    _child(case, "failure", message, top.severity.value, _body(found))


def _child(
    case: ET.Element,
    tag: str,
    message: str,
    kind: str | None = None,
    body: str = "",
) -> None:
    element = ET.SubElement(case, tag, message=message)
    if kind is not None:
        element.set("type", kind)
    if body:
        element.text = body


def _body(found: list[Finding]) -> str:
    rule = found[0].rule
    lines = [
        f"Rule: {rule.id} {rule.title}",
        f"Boards: {board_names(rule.boards)}",
        f"Duties: {', '.join(rule.tags)}",
    ]
    for finding in found:
        pointer = f" {finding.location.pointer}" if finding.location.pointer else ""
        lines.append("")
        lines.append(f"{finding.severity.value} at {place(finding.location)}{pointer}")
        lines.append(f"  {finding.message.rstrip()}")
        if finding.waiver:
            lines.append(f"  Waived: {waiver_text(finding.waiver)}")
        elif finding.baseline_state:
            lines.append(f"  {finding.baseline_state.capitalize()} since the baseline")
    lines.extend(["", f"Fix: {rule.remediation}"])
    lines.extend(f"Basis: {ref}" for ref in rule.references)
    return "\n".join(map(xml_line, lines))


def _unreadable(result: SubmissionResult) -> list[ET.Element]:
    if not result.findings:
        return []
    first = result.findings[0]
    case = ET.Element(
        "testcase",
        classname=result.source,
        name=f"{first.rule.id} {first.rule.title}",
        time="0",
    )
    message = "; ".join(f.message.rstrip() for f in result.findings)
    _child(case, "error", message, first.rule.id, _body(list(result.findings)))
    return [case]


def _unique_names(cases: list[ET.Element]) -> list[ET.Element]:
    seen: dict[str, int] = {}
    for case in cases:
        name = case.get("name", "")
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            case.set("name", f"{name} ({seen[name]})")
    return cases
