"""The progress line on standard error: what it counts, and when it shows."""

from __future__ import annotations

import io

import pytest

from iia_checker.run import progress
from iia_checker.run.progress import ProgressLine


def test_a_register_counts_its_submissions_as_the_summary_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    stream = io.StringIO()
    line = ProgressLine(2, stream)  # two files; the first is a register of 100
    line.grow(99)
    line(100)
    line(1)
    line.close()
    shown = stream.getvalue()
    assert "checked 100/101 submissions (" in shown
    assert "checked 101/101 submissions (" in shown
    assert "inputs" not in shown
    assert shown.endswith("\r\x1b[K")


def test_a_short_run_shows_nothing() -> None:
    stream = io.StringIO()
    line = ProgressLine(3, stream)
    line(3)
    line.close()
    assert stream.getvalue() == ""
