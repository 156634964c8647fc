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

from paired import Run, run_once  # bench/ is on the path when run as a script

ROOT = Path(__file__).resolve().parent.parent
#: The baselines' venv (bench/README.md); BENCH_VENV points at another one.
VENV = Path(os.environ.get("BENCH_VENV", ROOT / "bench" / ".venv")) / "bin"
TOOL = [sys.executable, "-m", "iia_checker", "check", "--as-of", "2021-09-01"]
#: Generated registers are complete IIAs: at 10k projects the Evidence sheet has
#: 100k rows, beyond the default limits that protect a reviewer's machine.
BIG = [
    "--max-file-bytes",
    str(2**31),
    "--max-uncompressed-bytes",
    str(2**33),
    "--max-sheet-rows",
    "2000000",
    "--max-sheet-cells",
    str(2**31),
]
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
    """Median seconds and peak RSS in MB of one command, and whether it worked."""

    seconds: float
    mb: float
    ok: bool = True
    #: Median CPU seconds, user and system, of the command and its children.
    cpu: float = 0.0


def measure(
    command: list[str], runs: int, cwd: Path | None = None, ok: t.Collection[int] = (0,)
) -> Figure:
    """Median wall time and peak RSS of ``command`` over ``runs`` fresh runs."""
    times, peaks, cpus, worked = [], [], [], True
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append(usage.ru_utime + usage.ru_stime)
        worked = worked and os.waitstatus_to_exitcode(status) in ok
    median = statistics.median
    return Figure(median(times), median(peaks), worked, median(cpus))


def show(name: str, figure: Figure, base: Figure | None = None, note: str = "") -> None:
    """One line of the table; a command that failed says so."""
    ratio = f"{figure.seconds / base.seconds:6.2f}x" if base else " " * 7
    cpu = f"cpu {figure.cpu:6.2f} s"
    if base and base.cpu:
        cpu += f" {figure.cpu / base.cpu:5.2f}x"
    note = note if figure.ok else f"FAILED (exit code) {note}"
    line = f"{name:44} {figure.seconds:8.2f} s {figure.mb:7.0f} MB {ratio} {cpu} {note}"
    print(line, flush=True)


#: The tool exits 1 when a submission fails the gate: that is a finished run.
CHECKED: t.Final = (0, 1)
#: Seconds per project of each register, for the growth table.
PER_PROJECT: dict[str, float] = {}


def register(path: Path, runs: int, frictionless: bool) -> None:
    """A register: the tool (JSON and XLSX reports) and the three baselines."""
    print(f"\n## {path.name}")
    calamine = measure([str(VENV / "python"), "-c", CALAMINE, str(path)], runs)
    show("python-calamine read (baseline)", calamine)
    fast = None
    if frictionless:  # it refuses absolute paths ("not safe"): run it beside
        command = [str(VENV / "frictionless"), "validate", path.name]
        command += ["--sheet", "Projects"]
        fast = measure(command, runs, cwd=path.parent, ok=CHECKED)
        show("frictionless validate --sheet Projects", fast, calamine)
    openpyxl = measure([str(VENV / "python"), "-c", OPENPYXL, str(path)], runs)
    show("openpyxl read-only read", openpyxl, calamine)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "r.json"
        command = [*TOOL, *BIG, "-f", "json", "-o", str(report), str(path)]
        tool = measure(command, runs, ok=CHECKED)
        projects, findings = _counts(report)
        per = tool.seconds / max(projects, 1)
        PER_PROJECT[path.name] = per
        note = f"{per * 1e3:.2f} ms/project"
        show("iia-check -f json (2 jobs)", tool, calamine, note)
        if fast is not None:
            times = fast.seconds / tool.seconds
            print(f"{'':44} frictionless takes {times:.2f}x the time of iia-check")
        xlsx = Path(scratch) / "r.xlsx"
        command = [*TOOL, *BIG, "-o", f"json:{report}", "-o", str(xlsx), str(path)]
        both = measure(command, runs, ok=CHECKED)
        extra = (both.seconds - tool.seconds) / max(findings, 1) * 1e6
        note = f"{extra:.0f} us/finding row ({findings} findings)"
        show("iia-check json + xlsx report", both, calamine, note)
        command = [*TOOL, *BIG, "-f", "json", "-o", str(report), "--jobs", "1"]
        serial = measure([*command, str(path)], runs, ok=CHECKED)
        show("iia-check -f json --jobs 1", serial, calamine)


def _counts(report: Path) -> tuple[int, int]:
    """Projects and findings in a JSON report (0, 0 when there is none)."""
    if not report.exists():
        return 0, 0
    data = json.loads(report.read_text(encoding="utf-8"))
    submissions = data["submissions"]
    return len(submissions), sum(len(s["findings"]) for s in submissions)


def growth() -> None:
    """Time per project at each register size measured: flat means linear."""
    if len(PER_PROJECT) < 2:
        return
    print("\n## time per project (2 jobs, JSON report)")
    first = next(iter(PER_PROJECT.values()))
    for name, per in PER_PROJECT.items():
        print(f"{name:44} {per * 1e3:8.2f} ms {per / first:6.2f}x of the first")


def forms(folder: Path, runs: int) -> None:
    """A folder of form workbooks, one and two processes."""
    print(f"\n## {folder.name}")
    one = measure([*TOOL, "-f", "json", "--jobs", "1", str(folder)], runs, ok=CHECKED)
    show("iia-check --jobs 1", one)
    two = measure([*TOOL, "-f", "json", "--jobs", "2", str(folder)], runs, ok=CHECKED)
    show("iia-check --jobs 2", two, one, f"speed-up {one.seconds / two.seconds:.2f}x")


def cold_start(runs: int) -> None:
    """One JSON submission: the tool against check-jsonschema, same schema, paired.

    Both run as installed: the baseline's venv is byte-compiled by pip, so the
    package is byte-compiled here too (with PYTHONDONTWRITEBYTECODE=1, as on this
    machine, an editable checkout would otherwise compile ~80 modules per start).
    One run of each first writes the parsed-rules cache; then they alternate.
    """
    print(f"\n## one JSON submission, cold start ({runs} paired runs)")
    package = ROOT / "src" / "iia_checker"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    other = [str(VENV / "check-jsonschema"), "--schemafile", str(SCHEMA), str(SAMPLE)]
    tool = [*TOOL, "--format", "json", str(SAMPLE)]
    pairs = []
    for number in range(runs + 1):  # A B, B A, ...: load falls on both alike
        if number % 2:
            mine, base = run_once(tool, {}), run_once(other, {})
        else:
            base, mine = run_once(other, {}), run_once(tool, {})
        if number:  # the first pair warms up
            pairs.append((base, mine))
    baseline = Figure(*_medians([a for a, _ in pairs]))
    show("check-jsonschema (baseline)", baseline)
    ratios = [b.wall / a.wall for a, b in pairs]
    cpu = statistics.median(b.cpu / a.cpu for a, b in pairs)
    note = f"pairs {', '.join(f'{r:.2f}' for r in ratios)}; CPU {cpu:.2f}x"
    show(
        "iia-check --format json",
        Figure(*_medians([b for _, b in pairs])),
        baseline,
        note,
    )
    print(f"{'':44} median of paired ratios {statistics.median(ratios):.2f}x")


def _medians(runs: list[Run]) -> tuple[float, float, bool]:
    wall = statistics.median(r.wall for r in runs)
    return wall, statistics.median(r.mb for r in runs), all(r.code == 0 for r in runs)


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
        cold_start(max(args.runs, 7))  # a start is short: more pairs
    if args.only in (None, "forms") and (args.data / "forms500").is_dir():
        forms(args.data / "forms500", args.runs)
    for name in ("reg1k", "reg10k", "reg50k"):
        path = args.data / f"{name}.xlsx"
        if args.only in (None, name) and path.exists():
            register(path, args.runs, not args.no_frictionless)
    growth()


if __name__ == "__main__":
    main()
