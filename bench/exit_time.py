"""How long a command takes to end after its last line on standard error.

``iia-check check`` writes its counts to standard error once every report is
written; what follows is the interpreter ending. This times that tail in each run,
A and B in turns (as ``paired.py`` does), so the figure does not move with the
machine's speed as a whole run's does.

    python bench/exit_time.py --runs 3 --a-env PYTHONPATH=/tmp/old/src \
      --a "python -m iia_checker check ... reg10k.xlsx -o a.json" --b "..."
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import time


def tail_seconds(command: list[str], env: dict[str, str]) -> float:
    """Seconds from the command's last line on standard error to its end."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )
    assert process.stderr is not None
    last = time.perf_counter()
    for _ in process.stderr:
        last = time.perf_counter()
    process.wait()
    return time.perf_counter() - last


def main() -> None:
    """Alternate A and B, then print each tail and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="command A (shell words)")
    parser.add_argument("--b", required=True, help="command B (shell words)")
    parser.add_argument("--a-env", action="append", default=[], metavar="K=V")
    parser.add_argument("--b-env", action="append", default=[], metavar="K=V")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sides = {
        "A": (shlex.split(args.a), dict(p.split("=", 1) for p in args.a_env)),
        "B": (shlex.split(args.b), dict(p.split("=", 1) for p in args.b_env)),
    }
    tails: dict[str, list[float]] = {"A": [], "B": []}
    for run in range(args.runs):
        for side in ("AB" if run % 2 == 0 else "BA"):
            tails[side].append(tail_seconds(*sides[side]))
            print(f"run {run + 1} {side}: {tails[side][-1]:6.2f} s after the last line")
    for side, seconds in tails.items():
        print(f"median {side}: {statistics.median(seconds):6.2f} s")


if __name__ == "__main__":
    main()
