"""Waivers: reviewed, time-limited exceptions for one rule on one project.

A waiver file is YAML: ``waivers: [{rule, project, pointer?, reason, approved_by,
expires}]``. A waived finding stays in every report, marked waived; it no longer
gates. An expired waiver no longer applies and the finding says so. A waiver that
matches nothing is reported, so stale exceptions do not pile up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing as t
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iia_checker.errors import IiaCheckerError
from iia_checker.model import pointers
from iia_checker.model.findings import Finding, SubmissionResult, Waiver
from iia_checker.regular_files import read_text
from iia_checker.ruleset import yaml_positions


class WaiverFileError(IiaCheckerError):
    """The waiver file cannot be used; each line names the entry."""


class WaiverEntry(BaseModel):
    """One waiver as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(min_length=1, description="Rule id, e.g. EQ-017.")
    project: str = Field(min_length=1, description="Project id, e.g. DF-2021-014.")
    pointer: str | None = Field(default=None, pattern=r"^(/.*)?$")
    reason: str = Field(min_length=10, description="Why the exception is accepted.")
    approved_by: str = Field(min_length=2, description="Who approved it.")
    expires: dt.date = Field(description="The last day it applies, YYYY-MM-DD.")


class WaiverFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[WaiverEntry]


def load_waivers(path: Path) -> list[Waiver]:
    """The waivers in ``path``, or raise ``WaiverFileError`` naming each bad entry."""
    try:
        data, lines = yaml_positions.load(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverFileError(f"{path}: cannot read the waiver file: {exc}") from None
    except yaml_positions.YamlProblem as exc:
        raise WaiverFileError(f"{path}:{exc.line or 1}: {exc.message}") from None
    try:
        parsed = WaiverFile.model_validate(data)
    except ValidationError as exc:
        raise WaiverFileError(_problems(path, exc, lines)) from None
    return [
        Waiver(
            rule_id=entry.rule,
            project_id=entry.project,
            reason=entry.reason.strip(),
            approved_by=entry.approved_by,
            expires=entry.expires.isoformat(),
            pointer=entry.pointer,
            source=f"{path}:{lines.get(f'/waivers/{index}', 1)}",
        )
        for index, entry in enumerate(parsed.waivers)
    ]


def _problems(path: Path, exc: ValidationError, lines: dict[str, int]) -> str:
    found = []
    for error in exc.errors():
        pointer = "".join(f"/{part}" for part in error["loc"])
        line = yaml_positions.line_of(lines, pointer) or 1
        kind = error.get("type")
        message = {"missing": "missing required key", "extra_forbidden": "unknown key"}
        found.append(
            f"{path}:{line}: {pointer}: {message.get(str(kind), error['msg'])}"
        )
    return "\n".join(found)


def apply_waivers(
    results: t.Sequence[SubmissionResult], waivers: t.Sequence[Waiver], as_of: dt.date
) -> tuple[list[SubmissionResult], list[str]]:
    """Mark covered findings waived; notices for expired and unused waivers."""
    used: set[int] = set()
    expired: set[int] = set()
    updated = []
    for result in results:
        findings = []
        for finding in result.findings:
            index = _match(finding, result.project_id, waivers)
            if index is None:
                findings.append(finding)
                continue
            used.add(index)
            findings.append(_waive(finding, waivers[index], as_of, expired, index))
        updated.append(dataclasses.replace(result, findings=tuple(findings)))
    return updated, _notices(waivers, used, expired)


def _match(
    finding: Finding, project_id: str | None, waivers: t.Sequence[Waiver]
) -> int | None:
    for index, waiver in enumerate(waivers):
        if waiver.rule_id != finding.rule_id or waiver.project_id != project_id:
            continue
        if waiver.pointer is None or pointers.is_within(
            finding.location.pointer, waiver.pointer
        ):
            return index
    return None


def _waive(
    finding: Finding, waiver: Waiver, as_of: dt.date, expired: set[int], index: int
) -> Finding:
    if dt.date.fromisoformat(waiver.expires) >= as_of:
        return dataclasses.replace(finding, waiver=waiver)
    expired.add(index)
    note = f" (the waiver at {waiver.source} expired on {waiver.expires})"
    return dataclasses.replace(finding, message=finding.message + note)


def _notices(
    waivers: t.Sequence[Waiver], used: set[int], expired: set[int]
) -> list[str]:
    notices = []
    for index, waiver in enumerate(waivers):
        what = f"waiver for {waiver.rule_id} on {waiver.project_id} ({waiver.source})"
        if index not in used:
            notices.append(f"{what} matched no finding; remove it or correct it")
        elif index in expired:
            notices.append(
                f"{what} expired on {waiver.expires}; the finding fails again"
            )
    return notices
