"""Time two commands in alternation and report medians and their ratio.

Figures that reproduce are ratios measured in the same run: A and B take turns,
so load on the machine falls on both alike. Each run is a fresh process; wall
time, CPU time (user + system of the process and its children) and peak RSS
come from ``wait4``.

    python bench/paired.py --runs 5 --a "iia-check check x.xlsx" --b "..."
    python bench/paired.py --runs 3 --a-env PYTHONPATH=/tmp/old/src --a CMD --b CMD
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import time
import typing as t


class Run(t.NamedTuple):
    """One run of one command."""

    wall: float
    cpu: float
    mb: float
    code: int


def run_once(command: list[str], env: dict[str, str]) -> Run:
    """Run ``command`` once, its output discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


#: A command as shell words, and the environment variables it runs with.
Side = tuple[list[str], dict[str, str]]


def sides_from_arguments(description: str) -> tuple[dict[str, Side], int]:
    """Commands A and B with their environments, and how many runs of each."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="command A (shell words)")
    parser.add_argument("--b", required=True, help="command B (shell words)")
    parser.add_argument("--a-env", action="append", default=[], metavar="K=V")
    parser.add_argument("--b-env", action="append", default=[], metavar="K=V")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sides = {
        "A": (shlex.split(args.a), _env(args.a_env)),
        "B": (shlex.split(args.b), _env(args.b_env)),
    }
    return sides, args.runs


def turns(runs: int) -> t.Iterator[tuple[int, str]]:
    """(run number from 1, side) in alternation: A B, B A, A B ..."""
    for number in range(runs):
        for name in ("A", "B") if number % 2 == 0 else ("B", "A"):
            yield number + 1, name


def _env(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def main() -> None:
    """Alternate A and B, then print each run and the medians."""
    sides, count = sides_from_arguments(__doc__)
    runs: dict[str, list[Run]] = {"A": [], "B": []}
    for number, name in turns(count):
        run = run_once(*sides[name])
        runs[name].append(run)
        print(
            f"run {number} {name}: {run.wall:7.2f} s wall"
            f" {run.cpu:7.2f} s cpu {run.mb:6.0f} MB exit {run.code}",
            flush=True,
        )
    medians = {
        name: Run(*(statistics.median(getattr(r, f) for r in rs) for f in Run._fields))
        for name, rs in runs.items()
    }
    for name in ("A", "B"):
        m = medians[name]
        print(f"median {name}: {m.wall:7.2f} s wall {m.cpu:7.2f} s cpu {m.mb:6.0f} MB")
    ratios = [b.wall / a.wall for a, b in zip(runs["A"], runs["B"], strict=True)]
    print(
        f"B/A wall: median {statistics.median(ratios):.3f}"
        f" (pairs: {', '.join(f'{r:.3f}' for r in ratios)})"
    )
    print(f"B/A cpu:  {medians['B'].cpu / medians['A'].cpu:.3f} (of medians)")


if __name__ == "__main__":
    main()
