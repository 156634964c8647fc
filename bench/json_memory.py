"""Peak memory and time of checking one big JSON submission, per shape.

Each shape is the valid sample with one hostile part added: a 10 MB or 30 MB
string, or an array of one million numbers. ``iia-check check FILE -f json`` runs
in a child process; its peak resident size comes from ``os.wait4``'s rusage (the
child alone, not this script), its time from the wall clock. Medians of ``--runs``.

    python bench/json_memory.py            # all shapes, 3 runs each
    python bench/json_memory.py --only string-10mb --runs 1
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
SAMPLE = ROOT / "samples" / "valid" / "digital-appointments.json"


def _with(extra: t.Callable[[dict[str, t.Any]], None]) -> str:
    data = json.loads(SAMPLE.read_text("utf-8"))
    extra(data)
    return json.dumps(data)


def _long_summary(size: int) -> t.Callable[[dict[str, t.Any]], None]:
    def put(data: dict[str, t.Any]) -> None:
        data["project"]["summary"] = "word " * (size // 5)

    return put


def _many_items(count: int) -> t.Callable[[dict[str, t.Any]], None]:
    def put(data: dict[str, t.Any]) -> None:
        data["x_numbers"] = list(range(count))

    return put


SHAPES: dict[str, t.Callable[[dict[str, t.Any]], None]] = {
    "sample": lambda data: None,
    "string-10mb": _long_summary(10_000_000),
    "string-30mb": _long_summary(30_000_000),
    "array-1m": _many_items(1_000_000),
}


def measure(path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one check of ``path`` in a child process."""
    command = [sys.executable, "-m", "iia_checker", "check", str(path), "-f", "json"]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in (0, 1) or "damaged" in errors:
        raise SystemExit(f"{path.name}: exit {child.returncode}: {errors.strip()}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SHAPES))
    args = parser.parse_args()
    names = [args.only] if args.only else list(SHAPES)
    print("| shape | file MB | time (median) | peak RSS MB (median) | RSS / file |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            path = Path(folder) / f"{name}.json"
            path.write_text(_with(SHAPES[name]), encoding="utf-8")
            size = path.stat().st_size / 1e6
            runs = [measure(path) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs)
            print(
                f"| {name} | {size:.1f} | {seconds:.2f} s | {peak:.0f} |"
                f" {peak / size:.1f}x |"
            )
            path.unlink()


if __name__ == "__main__":
    main()
