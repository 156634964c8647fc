"""Batches over several processes give the same report as one process."""

from __future__ import annotations

import datetime as dt
import faulthandler
import json
import os
import pickle
import shutil
import typing as t
from pathlib import Path

import pytest

from iia_checker.model.findings import Status
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.batch import check_inputs
from iia_checker.run.options import RunOptions
from iia_checker.run.parallel import fork_available, map_ordered
from iia_checker.schema.submission import SubmissionSchema

from .conftest import SAMPLES, Run
from .test_scale import write_register

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork()")


def _square_or_abort(item: int) -> int:
    if item == 13:
        faulthandler.disable()  # keep pytest's crash dump out of the log
        os.abort()  # what a reader killed by SIGABRT looks like to the pool
    return item * item


def test_results_come_back_in_order_and_a_crash_costs_one_item() -> None:
    items = list(range(40))
    results = map_ordered(_square_or_abort, items, jobs=2, on_crash=lambda i: -i)
    assert results == [(-i if i == 13 else i * i) for i in items]


def test_progress_counts_every_item() -> None:
    seen: list[int] = []
    map_ordered(
        abs, list(range(-50, 50)), jobs=2, on_crash=lambda i: 0, progress=seen.append
    )
    assert sum(seen) == 100


def test_the_report_is_identical_whatever_the_number_of_jobs(
    run: t.Callable[..., Run], tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(SAMPLES / "deficient", batch / "deficient")
    shutil.copytree(SAMPLES / "valid", batch / "valid")
    (batch / "broken.json").write_text("{not json")
    outputs = {
        jobs: run(
            "check",
            str(batch),
            "--as-of",
            "2021-09-01",
            "-f",
            "json",
            "--jobs",
            str(jobs),
        ).stdout
        for jobs in (1, 2, 3)
    }
    assert outputs[1] == outputs[2] == outputs[3]
    assert '"readable": false' in outputs[1]


def test_a_register_spread_over_processes_gives_the_same_report(
    run: t.Callable[..., Run], tmp_path: Path
) -> None:
    register = tmp_path / "register.xlsx"
    write_register(register, 150)  # enough projects to be spread over processes
    outputs = {
        jobs: run(
            "check",
            str(register),
            "--as-of",
            "2021-09-01",
            "-f",
            "json",
            "--jobs",
            str(jobs),
        ).stdout
        for jobs in (1, 2, 3)
    }
    assert outputs[1] == outputs[2] == outputs[3]
    report = json.loads(outputs[1])
    assert len(report["submissions"]) == 150
    assert "input.orphan-row" in outputs[1]


def test_results_from_workers_hold_the_parents_rule_objects(
    ruleset: Ruleset, schema: SubmissionSchema
) -> None:
    files = sorted(str(p) for p in (SAMPLES / "deficient").glob("*.json"))
    options = RunOptions(as_of=dt.date(2021, 9, 1))
    report = check_inputs(files, ruleset, schema, options, jobs=2)
    rules = {rule.info.id: rule for rule in ruleset.rules}
    outcomes = [o for r in report.results for o in r.outcomes]
    assert len(outcomes) == len(files) * len(ruleset.rules)
    for outcome in outcomes:
        assert outcome.rule is rules[outcome.rule.id].info
        if outcome.status is Status.PASS:
            assert outcome is rules[outcome.rule.id].passed
    findings = [f for r in report.results for f in r.findings if f.kind == "rule"]
    assert findings and all(f.rule is rules[f.rule.id].info for f in findings)


def test_outside_a_worker_rule_objects_pickle_by_value(ruleset: Ruleset) -> None:
    info = ruleset.rules[0].info
    copy = pickle.loads(pickle.dumps(info))
    assert copy == info and copy is not info
