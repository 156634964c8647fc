"""Leaving a whole section out never turns a failing board verdict into a pass.

An officer who cannot complete a section must not be able to pass a board by
deleting it: where a section's content fails a board, its absence must fail that
board too (for example a channel given up in the project summary with no Access
section, EQ-089; children affected by the project summary with no Children's
rights section, EQ-060). Checked for every top-level section of every bundled
sample and real published assessment.

Sections started but left incomplete are another matter: a started section must be
completed (the schema requires its fields), while a section the project does not
need may be left out, so deleting a single field is not compared here.
"""

from __future__ import annotations

import datetime as dt
import json
import typing as t
from pathlib import Path

import pytest

from iia_checker import check
from iia_checker.model.findings import Verdict

from .test_real_assessments import BY_SLUG, REAL
from .test_samples import SAMPLE_FILES, expected_of

REAL_FILES = sorted(REAL.glob("*.json"))
#: Sections no submission can do without.
KEPT: t.Final = frozenset({"schema_version", "project", "assessment"})

#: (sample, section): why its absence may pass a board its content fails. The
#: catalogue judges a missing human rights consideration a warning (EQ-065), but a
#: recorded interference without justification an error (EQ-067).
ALLOWED: dict[tuple[str, str], str] = {
    ("human-rights-not-considered", "human_rights"): "EQ-065 is a warning",
}


def _as_of(path: Path) -> dt.date:
    if path.parent.name == "real":
        return dt.date.fromisoformat(BY_SLUG[path.stem]["as_of"])
    return dt.date.fromisoformat(str(expected_of(path)["as_of"]))


def _failing(submissions: list[dict[str, t.Any]], as_of: dt.date) -> list[set[str]]:
    """The boards each submission fails, checked in one run."""
    report = check(submissions, as_of=as_of)
    return [
        {
            board
            for board, verdict in result.verdicts().items()
            if verdict is Verdict.FAIL
        }
        for result in report.results
    ]


@pytest.mark.parametrize(
    "path", [*SAMPLE_FILES, *REAL_FILES], ids=lambda path: path.stem
)
def test_leaving_a_section_out_never_passes_a_failing_board(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    sections = [
        section
        for section in sorted(set(data) - KEPT)
        if not section.startswith("x_") and (path.stem, section) not in ALLOWED
    ]
    shorter = [{k: v for k, v in data.items() if k != section} for section in sections]
    failing, *without = _failing([data, *shorter], _as_of(path))
    passed_by_leaving_out = {
        section: sorted(failing - now)
        for section, now in zip(sections, without, strict=True)
        if failing - now
    }
    assert passed_by_leaving_out == {}


@pytest.mark.parametrize(("sample", "section"), sorted(ALLOWED))
def test_each_allowed_exception_still_passes_a_board(sample: str, section: str) -> None:
    """An exception that no longer happens must be removed from ``ALLOWED``."""
    path = next(p for p in SAMPLE_FILES if p.stem == sample)
    data = json.loads(path.read_text(encoding="utf-8"))
    shorter = {key: value for key, value in data.items() if key != section}
    failing, now = _failing([data, shorter], _as_of(path))
    assert failing - now
