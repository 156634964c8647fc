"""Hostile and broken inputs: a clear one-line error, the right exit code, no
traceback, within 10 seconds and 1 GB, and the good files in a batch still checked.

Runs the real entry point (``python -m iia_checker``) in a subprocess whose address
space is capped at 1 GiB, so running out of memory fails the test instead of the
machine. Small bad files are committed in tests/data/bad/; big ones are generated.
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import hostile_files
from .conftest import DATA, ROOT, VALID_SAMPLE

BAD = DATA / "bad"
ONE_GIB = 1024**3
SECONDS = 10


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ONE_GIB, ONE_GIB))


def iia_check(*args: str) -> Outcome:
    done = subprocess.run(
        [sys.executable, "-m", "iia_checker", *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_cap_memory,
        cwd=ROOT,
        env={"IIA_CHECK_DETERMINISTIC": "1", "PATH": "/usr/bin:/bin"},
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_no_traceback(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert "internal error" not in outcome.stderr


BAD_INPUTS = sorted(p for p in BAD.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def huge_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 500 MB JSON file, sparse on disk."""
    path = tmp_path_factory.mktemp("big") / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"project": "')
        handle.seek(500 * 1024 * 1024)
        handle.write(b'"}')
    return path


@pytest.fixture(scope="module")
def large_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Workbooks only small when compressed: a zip bomb, a million rows, a 10 MB cell."""
    folder = tmp_path_factory.mktemp("large")
    made = {}
    for name, make in hostile_files.LARGE.items():
        made[name] = folder / name
        made[name].write_bytes(make())
    return made


def findings_of(outcome: Outcome) -> list[dict[str, t.Any]]:
    report = json.loads(outcome.stdout)
    return [f for s in report["submissions"] for f in s["findings"]]


@pytest.mark.parametrize("path", BAD_INPUTS, ids=[p.name for p in BAD_INPUTS])
def test_a_bad_input_is_one_clear_input_error(path: Path) -> None:
    outcome = iia_check("check", str(path), "-f", "json", "--as-of", "2021-09-01")
    assert_no_traceback(outcome)
    assert outcome.code == 3, outcome.stderr
    [finding] = findings_of(outcome)
    assert finding["rule_id"].startswith("input.")
    assert finding["location"]["file"] == str(path)
    assert "\n" not in finding["message"] and finding["message"]


REFUSED = sorted(set(hostile_files.LARGE) - {"xlsx-ten-megabyte-cell.xlsx"})


@pytest.mark.parametrize("name", REFUSED)
def test_a_large_hostile_workbook_is_refused_within_the_limits(
    large_workbooks: dict[str, Path], name: str
) -> None:
    outcome = iia_check("check", str(large_workbooks[name]), "-f", "json")
    assert_no_traceback(outcome)
    assert outcome.code == 3, outcome.stderr
    [finding] = findings_of(outcome)
    assert finding["rule_id"] == "input.too-large"
    assert "raise it with --max-" in finding["message"]


def test_a_ten_megabyte_cell_is_reported_at_its_cell(
    large_workbooks: dict[str, Path],
) -> None:
    path = large_workbooks["xlsx-ten-megabyte-cell.xlsx"]
    outcome = iia_check("check", str(path), "-f", "json", "--as-of", "2021-09-01")
    assert_no_traceback(outcome)
    [finding] = [f for f in findings_of(outcome) if f["rule_id"] == "input.cell-value"]
    assert finding["location"]["cell"] == "B1"
    assert "10,000,000 characters" in finding["message"]
    assert "raise it with --max-cell-chars" in finding["message"]
    assert outcome.code == 1


def test_the_committed_corpus_is_what_the_generator_makes() -> None:
    for name, data in hostile_files.small_files().items():
        assert (BAD / name).read_bytes() == data, (
            f"run: python -m tests.hostile_files ({name})"
        )


def test_a_500_mb_json_file_stops_at_the_size_limit(huge_json: Path) -> None:
    outcome = iia_check("check", str(huge_json), "-f", "json")
    assert outcome.code == 3
    [finding] = findings_of(outcome)
    assert finding["rule_id"] == "input.too-large"
    assert "--max-file-bytes" in finding["message"]


RULE_CASES = sorted(p for p in (BAD / "rules").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", RULE_CASES, ids=[p.name for p in RULE_CASES])
def test_a_hostile_rule_file_is_a_rule_error(folder: Path) -> None:
    outcome = iia_check("rules", "validate", "--rules", str(folder))
    assert_no_traceback(outcome)
    assert outcome.code == 2
    [line] = outcome.stderr.splitlines()
    assert line.startswith(f"{folder}/EQ-900.yaml")


def test_a_batch_of_bad_and_good_files_checks_every_good_one(huge_json: Path) -> None:
    inputs = [
        str(VALID_SAMPLE),
        *map(str, BAD_INPUTS),
        str(huge_json),
        str(VALID_SAMPLE),
    ]
    outcome = iia_check("check", *inputs, "-f", "json", "--as-of", "2021-09-01")
    assert outcome.code == 3
    report = json.loads(outcome.stdout)
    sources = [s["source"] for s in report["submissions"]]
    assert sources == inputs
    readable = [s for s in report["submissions"] if s["readable"]]
    assert [s["project_id"] for s in readable] == ["DF-2021-014", "DF-2021-014"]


def test_input_files_are_never_modified(huge_json: Path) -> None:
    import hashlib

    files = [VALID_SAMPLE, *BAD_INPUTS]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    iia_check("check", *map(str, files), "-o", "json:/dev/null")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == before


def test_the_entry_point_exits_with_the_documented_codes(tmp_path: Path) -> None:
    assert iia_check("check", str(VALID_SAMPLE), "--as-of", "2021-09-01").code == 0
    assert iia_check("check", "--bogus").code == 2
    assert iia_check("rules", "validate", "--rules", str(tmp_path)).code == 2
    deficient = ROOT / "samples" / "deficient" / "unmitigated-negative-impacts.json"
    assert iia_check("check", str(deficient), "--as-of", "2021-09-01").code == 1


def test_an_interrupted_run_exits_130_and_leaves_no_report(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    text = VALID_SAMPLE.read_text()
    for index in range(1500):
        (batch / f"s{index:04}.json").write_text(text)
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "iia_checker", "check", str(batch), "--jobs", "2"]
    with subprocess.Popen(
        [*command, "-o", f"json:{out}/r.json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as process:
        _wait_for_workers(process.pid)
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=SECONDS)
        finally:
            process.kill()
    assert process.returncode == 130
    assert stderr.strip() == "iia-check: interrupted; no report was written"
    assert list(out.iterdir()) == []


def _wait_for_workers(pid: int) -> None:
    """Wait until the run has forked its workers, i.e. is checking files."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        if children.exists() and children.read_text().strip():
            time.sleep(0.3)
            return
        time.sleep(0.05)
