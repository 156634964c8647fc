"""How long a command takes to end after its last line on standard error.

``iia-check check`` writes its counts to standard error once every report is
written; what follows is the interpreter ending. This times that tail in each run,
A and B in turns (as ``paired.py`` does), so the figure does not move with the
machine's speed as a whole run's does.

    python bench/exit_time.py --runs 3 --a-env PYTHONPATH=/tmp/old/src \
      --a "python -m iia_checker check ... reg10k.xlsx -o a.json" --b "..."
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from paired import sides_from_arguments, turns


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
    sides, count = sides_from_arguments(__doc__)
    tails: dict[str, list[float]] = {"A": [], "B": []}
    for number, name in turns(count):
        tails[name].append(tail_seconds(*sides[name]))
        print(f"run {number} {name}: {tails[name][-1]:6.2f} s after the last line")
    for name, seconds in tails.items():
        print(f"median {name}: {statistics.median(seconds):6.2f} s")


if __name__ == "__main__":
    main()
