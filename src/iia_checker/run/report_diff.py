"""Compare two JSON reports: per project, which findings are new, fixed and still
failing.

A finding is known across runs by rule id and JSON pointer within its project
(project id, else the input's name), as in a baseline: never by line or row, so
a reordered register compares cleanly. Waived findings are left out, as they do
not gate; a project in only one report has all its findings new or fixed.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from iia_checker.errors import IiaCheckerError

Key = tuple[str, str]


class ReportFileError(IiaCheckerError):
    """A file given to ``diff`` is not a readable JSON report."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One finding as a diff lists it."""

    rule_id: str
    severity: str
    pointer: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """For the JSON output."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "pointer": self.pointer,
            "message": self.message,
        }


@dataclass(slots=True)
class ProjectDiff:
    """What changed for one project between the two reports."""

    project: str
    title: str
    new: list[Entry] = field(default_factory=list)
    fixed: list[Entry] = field(default_factory=list)
    still_failing: list[Entry] = field(default_factory=list)

    def as_dict(self) -> dict[str, t.Any]:
        """For the JSON output."""
        return {
            "project": self.project,
            "title": self.title,
            "new": [e.as_dict() for e in self.new],
            "fixed": [e.as_dict() for e in self.fixed],
            "still_failing": [e.as_dict() for e in self.still_failing],
        }


Findings = dict[str, dict[Key, Entry]]


def read_report(path: Path) -> tuple[dict[str, t.Any], Findings, dict[str, str]]:
    """A JSON report's document, its unwaived findings by project, and titles."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return document, *_findings(document)
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFileError(f"{path}: cannot read: {exc}") from None
    except ValueError as exc:
        raise ReportFileError(f"{path}: not JSON: {exc}") from None
    except (KeyError, TypeError, AttributeError):
        raise ReportFileError(
            f"{path}: not an iia-check JSON report (write one with -f json)"
        ) from None


def _findings(document: dict[str, t.Any]) -> tuple[Findings, dict[str, str]]:
    found: Findings = {}
    titles: dict[str, str] = {}
    for result in document["submissions"]:
        project = result["project_id"] or result["source"]
        titles[project] = result.get("project_title") or ""
        entries = found.setdefault(project, {})
        for finding in result["findings"]:
            if finding.get("status") == "waived":
                continue
            entry = Entry(
                finding["rule_id"],
                finding["severity"],
                finding["location"]["pointer"],
                finding["message"].strip(),
            )
            entries[entry.rule_id, entry.pointer] = entry
    return found, titles


def compare(old: Findings, new: Findings, titles: dict[str, str]) -> list[ProjectDiff]:
    """Per project, in the new report's order then projects it no longer has."""
    projects = [*new, *(p for p in old if p not in new)]
    diffs = []
    for project in projects:
        before, after = old.get(project, {}), new.get(project, {})
        diff = ProjectDiff(project, titles.get(project, ""))
        diff.new = [after[k] for k in sorted(after.keys() - before.keys())]
        diff.fixed = [before[k] for k in sorted(before.keys() - after.keys())]
        diff.still_failing = [after[k] for k in sorted(after.keys() & before.keys())]
        diffs.append(diff)
    return diffs


def totals(diffs: t.Sequence[ProjectDiff]) -> dict[str, int]:
    """How many findings are new, fixed and still failing, over every project."""
    return {
        "new": sum(len(d.new) for d in diffs),
        "fixed": sum(len(d.fixed) for d in diffs),
        "still_failing": sum(len(d.still_failing) for d in diffs),
        "projects": len(diffs),
    }
