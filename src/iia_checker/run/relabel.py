"""Show uploaded files by the names people gave them, not by their temporary paths."""

from __future__ import annotations

import dataclasses
import typing as t

from iia_checker.model.findings import Finding, Report, RuleOutcome, SubmissionResult


def relabel(report: Report, names: t.Mapping[str, str]) -> Report:
    """``report`` with every temporary path in ``names`` replaced by its name."""
    results = tuple(_result(result, names) for result in report.results)
    inputs = tuple((_swap(source, names), digest) for source, digest in report.inputs)
    notices = tuple(_swap(notice, names) for notice in report.notices)
    return dataclasses.replace(report, results=results, inputs=inputs, notices=notices)


def _swap(text: str, names: t.Mapping[str, str]) -> str:
    for path, name in names.items():
        text = text.replace(path, name)
    return text


def _finding(finding: Finding, names: t.Mapping[str, str]) -> Finding:
    location = dataclasses.replace(
        finding.location, file=_swap(finding.location.file, names)
    )
    return dataclasses.replace(
        finding, location=location, message=_swap(finding.message, names)
    )


def _outcome(outcome: RuleOutcome, names: t.Mapping[str, str]) -> RuleOutcome:
    if not outcome.findings:  # most are the rule's shared pass: keep it shared
        return outcome
    findings = tuple(_finding(f, names) for f in outcome.findings)
    return dataclasses.replace(outcome, findings=findings)


def _result(result: SubmissionResult, names: t.Mapping[str, str]) -> SubmissionResult:
    return dataclasses.replace(
        result,
        source=_swap(result.source, names),
        findings=tuple(_finding(f, names) for f in result.findings),
        outcomes=tuple(_outcome(o, names) for o in result.outcomes),
    )
