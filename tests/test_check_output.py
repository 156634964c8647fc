"""Standard output of ``iia-check check``: pieces joined into few writes, unchanged."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from iia_checker.cli import _status
from iia_checker.commands.check import _joined
from iia_checker.commands.exits import EXIT_FINDINGS

from .conftest import SAMPLES, VALID_SAMPLE


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


def test_a_report_on_standard_output_is_whole_when_the_command_ends() -> None:
    """The command ends without freeing its objects (``cli._leave``): what it wrote
    to standard output and standard error must all be out first."""
    command = [sys.executable, "-m", "iia_checker", "check", str(SAMPLES), "-f", "json"]
    done = subprocess.run([*command, "--jobs", "2"], capture_output=True, text=True)
    assert done.returncode == EXIT_FINDINGS
    assert len(json.loads(done.stdout)["submissions"]) == 40
    assert done.stderr.endswith("30 info\n")


def test_standard_output_closed_early_ends_quietly_with_the_checks_code() -> None:
    """``iia-check check ... | head -1``: no broken-pipe noise, the same exit code."""
    command = [sys.executable, "-m", "iia_checker", "check", str(SAMPLES)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        assert run.stdout is not None and run.stderr is not None
        run.stdout.readline()
        run.stdout.close()
        errors = run.stderr.read().decode()
        assert run.wait() == EXIT_FINDINGS
    assert errors.startswith("iia-check: 40 submissions checked")
    assert "Error" not in errors


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3), ("bad", 1)])
def test_the_exit_status_is_the_one_python_would_give(
    code: object, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _status(code) == status
    assert capsys.readouterr().err == ("bad\n" if code == "bad" else "")
