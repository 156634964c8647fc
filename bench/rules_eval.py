"""What rule evaluation alone costs a project: ``engine.evaluate`` timed in one process.

    python bench/rules_eval.py /tmp/bench/reg1k.xlsx             # 5 rounds
    python bench/rules_eval.py /tmp/bench/reg1k.xlsx --rounds 3 --profile 30

Reads the workbook and builds every submission and its schema findings once,
untimed, then runs ``evaluate`` over all of them ROUNDS times and prints the CPU
time (``time.process_time``) of each round per project, and the median. Load on
the machine slows the process less than the wall clock, but still some: state the
load average beside a figure. ``--profile N`` runs one more round under cProfile
and prints its N most expensive functions.

The digest is a SHA-256 over every result's findings and outcomes: two versions
of the engine that print the same digest reached the same verdicts and messages.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import pstats
import statistics
import time
import typing as t

from iia_checker import loaders
from iia_checker.engine import evaluate
from iia_checker.limits import DEFAULT_LIMITS, Deadline
from iia_checker.loaders.problems import merge_structural
from iia_checker.model.findings import Finding, SubmissionResult
from iia_checker.model.submission import Submission
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.schema.submission import load_schema
from iia_checker.schema.validate import validate_structure

AS_OF: t.Final = dt.date(2021, 9, 1)
Work = list[tuple[Submission, list[Finding]]]


def prepare(path: str) -> tuple[Ruleset, Work]:
    """The bundled rules, and every submission of ``path`` with its schema findings."""
    schema = load_schema(default_schema_path())
    ruleset = load_ruleset([default_rules_dir()], schema)
    outcome = loaders.load(path, DEFAULT_LIMITS)
    if outcome.problems:
        raise SystemExit(f"{path}: {outcome.problems[0].message}")
    work = [
        (s, merge_structural(s.problems, validate_structure(s, schema)))
        for s in outcome.submissions
    ]
    return ruleset, work


def one_round(ruleset: Ruleset, work: Work) -> list[SubmissionResult]:
    """Every submission's result, each with the time limit a real run gives it."""
    limit = DEFAULT_LIMITS.max_check_milliseconds
    return [
        evaluate(
            s, ruleset, as_of=AS_OF, structural=found, deadline=Deadline.after(limit)
        )
        for s, found in work
    ]


def digest(results: list[SubmissionResult]) -> str:
    """SHA-256 over every finding and outcome, in order."""
    sha = hashlib.sha256()
    for result in results:
        for f in result.findings:
            line = f"{f.rule.id}|{f.severity}|{f.message}|{f.location}\n"
            sha.update(line.encode())
        for o in result.outcomes:
            sha.update(
                f"{o.rule.id}|{o.status}|{o.reason}|{o.suppressed_by}\n".encode()
            )
    return sha.hexdigest()[:16]


def main() -> None:
    """Time ``evaluate`` over a register's submissions."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a register workbook or a JSON submission")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    ruleset, work = prepare(args.path)
    per_project: list[float] = []
    for _ in range(args.rounds):
        started = time.process_time()
        results = one_round(ruleset, work)
        per_project.append((time.process_time() - started) / len(work) * 1000)
    rounds = ", ".join(f"{ms:.3f}" for ms in per_project)
    print(f"{len(work)} projects, {len(ruleset.rules)} rules")
    print(f"ms a project (CPU), rounds: {rounds}")
    median, least = statistics.median(per_project), min(per_project)
    print(f"median: {median:.3f} ms a project, least: {least:.3f}")
    print(f"digest: {digest(results)}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(one_round, ruleset, work)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
