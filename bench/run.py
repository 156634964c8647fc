"""Time the checker on generated workloads next to baselines measured in the same run.

Each figure is the median of ``--runs`` runs, each a fresh subprocess; peak memory
is that subprocess's ``ru_maxrss`` (os.wait4), the largest process of a run.

    python bench/run.py --data /tmp/bench [--runs 3] [--only register10k]

``--data`` holds what bench/generate.py wrote: reg1k.xlsx, reg10k.xlsx,
reg50k.xlsx, forms500/ (any may be missing; it is then skipped). Baselines run
from the bench venv (bench/README.md): python-calamine, openpyxl read-only,
``frictionless validate`` and ``check-jsonschema``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venv" / "bin"
TOOL = [sys.executable, "-m", "iia_checker", "check", "--as-of", "2021-09-01"]
BIG = ["--max-file-bytes", str(2**31)]
SAMPLE = ROOT / "samples" / "valid" / "digital-appointments.json"
SCHEMA = ROOT / "src" / "iia_checker" / "data" / "schemas" / "submission.schema.json"
CALAMINE = """import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).to_python():
        pass
"""
OPENPYXL = """import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for ws in book.worksheets:
    for row in ws.iter_rows(values_only=True):
        pass
"""


class Figure(t.NamedTuple):
    """Median seconds and peak RSS in MB of one command."""

    seconds: float
    mb: float


def measure(command: list[str], runs: int, cwd: Path | None = None) -> Figure:
    """Median wall time and peak RSS of ``command`` over ``runs`` fresh runs."""
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
        )
        _, _, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
    return Figure(statistics.median(times), statistics.median(peaks))


def show(name: str, figure: Figure, base: Figure | None = None, note: str = "") -> None:
    """One line of the table."""
    ratio = f"{figure.seconds / base.seconds:6.2f}x" if base else " " * 7
    line = f"{name:44} {figure.seconds:8.2f} s {figure.mb:7.0f} MB {ratio} {note}"
    print(line, flush=True)


def register(path: Path, runs: int, frictionless: bool) -> None:
    """A register: the tool (JSON and XLSX reports) and the three baselines."""
    print(f"\n## {path.name}")
    calamine = measure([str(VENV / "python"), "-c", CALAMINE, str(path)], runs)
    show("python-calamine read (baseline)", calamine)
    if frictionless:  # it refuses absolute paths ("not safe"): run it beside
        command = [str(VENV / "frictionless"), "validate", path.name]
        command += ["--sheet", "Projects"]
        figure = measure(command, runs, cwd=path.parent)
        show("frictionless validate --sheet Projects", figure, calamine)
    openpyxl = measure([str(VENV / "python"), "-c", OPENPYXL, str(path)], runs)
    show("openpyxl read-only read", openpyxl, calamine)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "r.json"
        tool = measure([*TOOL, *BIG, "-f", "json", "-o", str(report), str(path)], runs)
        data = json.loads(report.read_text(encoding="utf-8"))
        projects = len(data["submissions"])
        findings = sum(len(s["findings"]) for s in data["submissions"])
        per = tool.seconds / projects * 1000
        show("iia-check -f json (2 jobs)", tool, calamine, f"{per:.2f} ms/project")
        xlsx = Path(scratch) / "r.xlsx"
        both = measure(
            [*TOOL, *BIG, "-o", f"json:{report}", "-o", str(xlsx), str(path)], runs
        )
        extra = (both.seconds - tool.seconds) / max(findings, 1) * 1e6
        show(
            "iia-check json + xlsx report",
            both,
            calamine,
            f"{extra:.0f} us/finding row ({findings} findings)",
        )
        serial = measure(
            [*TOOL, *BIG, "-f", "json", "-o", str(report), "--jobs", "1", str(path)],
            runs,
        )
        show("iia-check -f json --jobs 1", serial, calamine)


def forms(folder: Path, runs: int) -> None:
    """A folder of form workbooks, one and two processes."""
    print(f"\n## {folder.name}")
    one = measure([*TOOL, "-f", "json", "--jobs", "1", str(folder)], runs)
    show("iia-check --jobs 1", one)
    two = measure([*TOOL, "-f", "json", "--jobs", "2", str(folder)], runs)
    show("iia-check --jobs 2", two, one, f"speed-up {one.seconds / two.seconds:.2f}x")


def cold_start(runs: int) -> None:
    """One JSON submission: the tool against check-jsonschema, same schema."""
    print("\n## one JSON submission, cold start")
    other = measure(
        [str(VENV / "check-jsonschema"), "--schemafile", str(SCHEMA), str(SAMPLE)], runs
    )
    show("check-jsonschema (baseline)", other)
    show(
        "iia-check --format json",
        measure([*TOOL, "--format", "json", str(SAMPLE)], runs),
        other,
    )


def main() -> None:
    """Run every workload whose data exists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="one of: cold, forms, reg1k, reg10k, reg50k")
    parser.add_argument("--no-frictionless", action="store_true")
    args = parser.parse_args()
    print(f"{'workload':44} {'median':>10} {'peak RSS':>10} {'ratio':>7}")
    if args.only in (None, "cold"):
        cold_start(args.runs)
    if args.only in (None, "forms") and (args.data / "forms500").is_dir():
        forms(args.data / "forms500", args.runs)
    for name in ("reg1k", "reg10k", "reg50k"):
        path = args.data / f"{name}.xlsx"
        if args.only in (None, name) and path.exists():
            register(path, args.runs, not args.no_frictionless)


if __name__ == "__main__":
    main()
