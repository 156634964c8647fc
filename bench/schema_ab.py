"""What a change to the submission schema costs the structural check.

    python bench/schema_ab.py OLD_SCHEMA [NEW_SCHEMA] [PAIRS] [ROUNDS]
    git show HEAD~1:schemas/submission.schema.json > /tmp/old.json
    python bench/schema_ab.py /tmp/old.json schemas/submission.schema.json 5 300

Loads both schemas as ``iia-check`` does (``load_schema``) and runs the compiled
quick check (the path every valid submission takes) over every JSON sample in
``samples/``, ROUNDS times, old then new, PAIRS times in this one process. Prints
each pair's times and ratio (new / old) and the median ratio: the host's drift
moves both sides of a pair alike.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import typing as t
from pathlib import Path

from iia_checker.schema.submission import SubmissionSchema, load_schema

ROOT = Path(__file__).resolve().parent.parent


def _samples() -> list[dict[str, t.Any]]:
    loaded = (json.loads(p.read_text("utf-8")) for p in ROOT.glob("samples/**/*.json"))
    return [doc for doc in loaded if isinstance(doc, dict)]


def _seconds(
    schema: SubmissionSchema, docs: list[dict[str, t.Any]], rounds: int
) -> float:
    check = schema.quick_check
    if check is None:
        sys.exit("this schema has no compiled quick check")
    start = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            check(doc)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    old = load_schema(Path(argv[0]))
    new = load_schema(
        Path(argv[1] if len(argv) > 1 else ROOT / "schemas/submission.schema.json")
    )
    pairs = int(argv[2]) if len(argv) > 2 else 5
    rounds = int(argv[3]) if len(argv) > 3 else 300
    docs = _samples()
    ratios = []
    for _ in range(pairs):
        before, after = _seconds(old, docs, rounds), _seconds(new, docs, rounds)
        ratios.append(after / before)
        print(f"old {before:.3f} s  new {after:.3f} s  ratio {after / before:.3f}")
    median = statistics.median(ratios)
    print(f"median ratio {median:.3f} ({pairs} pairs of {rounds * len(docs):,} checks)")


if __name__ == "__main__":
    main(sys.argv[1:])
