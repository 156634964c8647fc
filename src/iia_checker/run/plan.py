"""A run's plan: settings resolved from every source, then rules, schema, waivers
and baseline loaded; and running it with provenance attached."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing as t
from dataclasses import dataclass
from pathlib import Path

from iia_checker.commands.common import (
    DETERMINISTIC_ENV,
    load_all,
)
from iia_checker.commands.options import command_line_settings, limits_from
from iia_checker.commands.progress import ProgressLine
from iia_checker.model.findings import BOARDS, Report, Severity
from iia_checker.resources import default_schema_path
from iia_checker.ruleset.loading import Ruleset
from iia_checker.ruleset.selection import select_rules
from iia_checker.run import provenance
from iia_checker.run.batch import RunOptions, check_inputs, expand_inputs
from iia_checker.run.config import Setting, find_config, load_config, resolve
from iia_checker.schema.submission import SubmissionSchema


@dataclass(frozen=True)
class Plan:
    """Everything a run needs, resolved from all sources."""

    settings: dict[str, Setting]
    schema: SubmissionSchema
    ruleset: Ruleset
    options: RunOptions


def plan_run(params: dict[str, t.Any]) -> Plan:
    """Resolve settings, load rules, schema, waivers and baseline."""
    from iia_checker.run.baseline import load_baseline
    from iia_checker.run.waivers import load_waivers

    given = command_line_settings(params)
    config_path = params.get("config") or find_config(Path.cwd())
    from_file = load_config(config_path) if config_path else {}
    early = {**from_file, **given}
    schema, ruleset = load_all(early.get("rules", []), early.get("schema"))
    settings = resolve(given, from_file, str(config_path), ruleset.profiles)
    value = {key: setting.value for key, setting in settings.items()}
    waiver_file = value["waivers"] if not params.get("no_waivers") else None
    baseline_file = value["baseline"]
    options = RunOptions(
        as_of=value["as_of"] or dt.date.today(),
        boards=tuple(value["boards"]) or BOARDS,
        fail_on=Severity(value["fail_on"]),
        limits=limits_from(params),
        input_format=params.get("input_format"),
        waivers=tuple(load_waivers(Path(waiver_file))) if waiver_file else (),
        baseline=frozenset(load_baseline(Path(baseline_file)))
        if baseline_file
        else None,
        new_only=bool(value["new_only"]),
    )
    selected = select_rules(
        ruleset,
        boards=value["boards"],
        tags=value["tags"],
        include=value["select"],
        exclude=value["ignore"],
        min_severity=Severity(value["min_severity"]),
        sources={key: setting.source for key, setting in settings.items()},
    )
    return Plan(settings, schema, selected, options)


def run_plan(
    plan: Plan, inputs: t.Sequence[str], *, jobs: int = 1, progress: bool = False
) -> Report:
    """Check the inputs (over ``jobs`` processes) and attach provenance."""
    paths = expand_inputs(inputs)
    line = ProgressLine(len(paths)) if progress else None
    try:
        report = check_inputs(
            paths, plan.ruleset, plan.schema, plan.options, jobs=jobs, progress=line
        )
    finally:
        if line is not None:
            line.close()
    deterministic = bool(os.environ.get(DETERMINISTIC_ENV))
    value = {key: setting.value for key, setting in plan.settings.items()}
    record = provenance.build(
        ruleset=plan.ruleset,
        schema_path=Path(value["schema"] or default_schema_path()),
        inputs=report.inputs,
        as_of=plan.options.as_of,
        waivers=Path(value["waivers"])
        if value["waivers"] and plan.options.waivers
        else None,
        baseline=Path(value["baseline"]) if value["baseline"] else None,
        run_at=None if deterministic else dt.datetime.now(dt.UTC),
    )
    elapsed = None if deterministic else report.elapsed_seconds
    return dataclasses.replace(report, provenance=record, elapsed_seconds=elapsed)
