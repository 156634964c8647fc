"""The Python API: ``iia_checker.check`` on files or already parsed submissions.

    >>> from iia_checker import check
    >>> report = check(["submissions/"], as_of=date(2021, 9, 1))
    >>> [f.rule_id for f in report.gating_findings()]
    ['EQ-022', 'EQ-022']

It runs exactly what ``iia-check check`` runs and returns the same ``Report`` that
every reporter renders. It reads no configuration file and prints nothing:
everything is an argument. A path that cannot be read is an ``input.*`` finding
in the report, as on the command line; a broken rule pack or schema raises
``IiaCheckerError`` (``RulesetError``, ``SchemaError``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import typing as t
from pathlib import Path

from iia_checker.limits import DEFAULT_LIMITS, Limits
from iia_checker.loaders import LoadOutcome
from iia_checker.model.findings import BOARDS, Report, Severity
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.ruleset.packs import RuleSetting
from iia_checker.run.baseline import load_baseline
from iia_checker.run.batch import FileResult, build_report, check_file, expand_inputs
from iia_checker.run.check_input import Checker
from iia_checker.run.options import RunOptions
from iia_checker.run.plan import Plan, with_provenance
from iia_checker.run.waivers import load_waivers
from iia_checker.schema.submission import SubmissionSchema, load_schema

PathLike = str | os.PathLike[str]
#: A file or folder to read, a submission's parsed JSON, or a ``Submission``.
Input = PathLike | t.Mapping[str, t.Any] | Submission

__all__ = ["Input", "RuleSetting", "check"]


def check(
    inputs: Input | t.Iterable[Input],
    *,
    as_of: dt.date | None = None,
    rules: t.Sequence[PathLike] = (),
    bundled_rules: bool = True,
    rule_settings: t.Mapping[str, RuleSetting] | None = None,
    schema: PathLike | None = None,
    boards: t.Sequence[str] = BOARDS,
    fail_on: Severity | str = Severity.ERROR,
    waivers: PathLike | None = None,
    baseline: PathLike | None = None,
    new_only: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Check ``inputs`` (in order) and return the report.

    ``rules`` are packs layered on the bundled rules (none with
    ``bundled_rules=False``); ``rule_settings`` change a rule's severity or switch
    it off. ``as_of`` defaults to today. Parsed submissions are named
    ``<submission N>`` in the report, N counting inputs from 1.
    """
    loaded_schema = load_schema(Path(schema) if schema else default_schema_path())
    packs = [default_rules_dir()] if bundled_rules else []
    packs.extend(Path(p) for p in rules)
    ruleset = load_ruleset(
        packs, loaded_schema, settings=rule_settings, settings_source="rule_settings"
    )
    ruleset = ruleset.select(boards=boards)
    options = RunOptions(
        as_of=as_of or dt.date.today(),
        boards=tuple(boards),
        fail_on=Severity(fail_on),
        limits=limits,
        waivers=tuple(load_waivers(Path(waivers))) if waivers else (),
        baseline=frozenset(load_baseline(Path(baseline))) if baseline else None,
        new_only=new_only,
    )
    started = time.perf_counter()
    files = [
        _check_one(item, number, ruleset, loaded_schema, options)
        for number, item in enumerate(_as_list(inputs), start=1)
        for item in _expanded(item)
    ]
    report = build_report(files, ruleset, options, time.perf_counter() - started)
    plan = Plan(
        schema=loaded_schema,
        ruleset=ruleset,
        options=options,
        schema_path=Path(schema) if schema else default_schema_path(),
        waivers_path=Path(waivers) if waivers else None,
        baseline_path=Path(baseline) if baseline else None,
    )
    return with_provenance(plan, report)


def _as_list(inputs: Input | t.Iterable[Input]) -> list[Input]:
    if isinstance(inputs, str | os.PathLike | t.Mapping | Submission):
        return [inputs]
    return list(inputs)


def _expanded(item: Input) -> list[Input]:
    """A folder or pattern becomes its files, as on the command line."""
    if isinstance(item, str | os.PathLike):
        return list(expand_inputs([os.fspath(item)]))
    return [item]


def _check_one(
    item: Input,
    number: int,
    ruleset: Ruleset,
    schema: SubmissionSchema,
    options: RunOptions,
) -> FileResult:
    if isinstance(item, str | os.PathLike):
        return check_file(
            os.fspath(item), ruleset=ruleset, schema=schema, options=options
        )
    submission = item if isinstance(item, Submission) else _parsed(item, number)
    outcome = LoadOutcome(submission.source, [submission])
    result = Checker(ruleset, schema, options, outcome).check(submission)
    return submission.source, None, [result]


def _parsed(data: t.Mapping[str, t.Any], number: int) -> Submission:
    source = f"<submission {number}>"
    return Submission(source, dict(data), PlainLocator(source))
