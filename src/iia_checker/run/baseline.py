"""Baselines: the failures a register already had, keyed by meaning, not position.

A finding's key is rule id + project id (or the file, for an unreadable input) +
JSON pointer: never a line or row number, so reordering a register changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import typing as t
from pathlib import Path

from iia_checker.errors import IiaCheckerError
from iia_checker.limits import Limits
from iia_checker.loaders import json_
from iia_checker.model.findings import Finding, Report, SubmissionResult
from iia_checker.regular_files import read_text

Key = tuple[str, str, str]
BASELINE_VERSION: t.Final = 1


class BaselineError(IiaCheckerError):
    """The baseline file cannot be used."""


def key_of(result: SubmissionResult, finding: Finding) -> Key:
    """The identity of a finding across runs."""
    owner = result.project_id or result.source
    return (finding.rule_id, owner, finding.location.pointer)


def current_keys(report: Report) -> set[Key]:
    """Keys of every unwaived finding in ``report``."""
    return {
        key_of(result, finding)
        for result in report.results
        for finding in result.findings
        if not finding.waiver
    }


def load_baseline(path: Path) -> set[Key]:
    """The keys recorded in a baseline file (a key written twice is refused)."""
    try:
        text = read_text(path)
        data = json_.load_text(text, str(path), Limits(max_json_depth=8)).data
        entries = data["entries"]
        return {(e["rule"], e["project"], e["pointer"]) for e in entries}
    except json_.InputProblem as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise BaselineError(f"{where}: cannot read the baseline: {exc}") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
    except (KeyError, TypeError):
        raise BaselineError(
            f"{path}: not a baseline file (expected entries of rule, project, pointer)"
        ) from None


def render_baseline(keys: t.Iterable[Key]) -> str:
    """A baseline file's text, sorted so that diffs stay small."""
    entries = [{"rule": r, "project": p, "pointer": ptr} for r, p, ptr in sorted(keys)]
    document = {"baseline_version": BASELINE_VERSION, "entries": entries}
    return json.dumps(document, indent=2) + "\n"


def mark(
    results: t.Sequence[SubmissionResult], known: set[Key]
) -> list[SubmissionResult]:
    """Set every finding's baseline state: ``unchanged`` if known, else ``new``."""
    return [
        dataclasses.replace(
            result,
            findings=tuple(
                dataclasses.replace(
                    finding,
                    baseline_state="unchanged"
                    if key_of(result, finding) in known
                    else "new",
                )
                for finding in result.findings
            ),
        )
        for result in results
    ]
