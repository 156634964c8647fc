"""Standard output of ``iia-check check``: pieces joined into few writes, unchanged."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from iia_checker.commands.check import _joined

from .conftest import VALID_SAMPLE


def test_pieces_are_joined_in_order_without_mixing_text_and_bytes() -> None:
    pieces: list[str | bytes] = ["a", "b", b"c", b"d", "e"]
    assert list(_joined(pieces)) == ["ab", b"cd", "e"]


def test_a_run_is_cut_near_the_size() -> None:
    pieces = ["x" * 10] * 100
    joined = list(_joined(pieces, size=100))
    assert joined == ["x" * 100] * 10


def test_nothing_gives_nothing() -> None:
    assert list(_joined([])) == []


def _stderr_with_stdout_on(terminal: bool, *args: str) -> str:
    """Standard error of ``iia-check check`` whose standard output is a terminal
    (a pseudo-terminal) or a pipe."""
    command = [sys.executable, "-m", "iia_checker", "check", *args]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True).stderr
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            command, stdout=follower, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(follower)
        os.close(leader)
    return done.stderr


def test_a_text_report_on_the_terminal_is_not_summarised_twice() -> None:
    args = (str(VALID_SAMPLE), "--as-of", "2021-09-01")
    counts = "iia-check: 1 submission checked"
    assert counts in _stderr_with_stdout_on(False, *args)
    assert counts not in _stderr_with_stdout_on(True, *args)
    # A format without a summary of its own still gets the line.
    assert counts in _stderr_with_stdout_on(True, *args, "-f", "csv")
