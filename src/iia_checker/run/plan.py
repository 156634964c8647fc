"""A run's plan, fixed before the first input is read, and running it.

The command line and the web page build the same frozen ``Plan`` (rules, schema,
selection, limits, as-of date, waivers and baseline) and call the same
``run_plan``, which is also the one place where provenance is attached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from iia_checker.limits import DEFAULT_LIMITS, Limits
from iia_checker.model.findings import BOARDS, Report, Severity, Waiver
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.ruleset.packs import RuleSetting
from iia_checker.ruleset.selection import select_rules
from iia_checker.run import provenance
from iia_checker.run.baseline import Key, load_baseline
from iia_checker.run.batch import check_inputs, expand_inputs
from iia_checker.run.config import ConfigError, Setting, load_config, resolve
from iia_checker.run.options import RunOptions
from iia_checker.run.progress import ProgressLine
from iia_checker.run.relabel import relabel
from iia_checker.run.waivers import load_waivers
from iia_checker.schema.submission import SubmissionSchema, load_schema


@dataclass(frozen=True)
class Plan:
    """Everything one run needs, resolved from every source."""

    schema: SubmissionSchema
    #: The selected rules (``--board``, ``--tag``, ``--select`` ... applied).
    ruleset: Ruleset
    options: RunOptions
    schema_path: Path
    waivers_path: Path | None = None
    baseline_path: Path | None = None
    #: Each setting's value and where it came from (``config show``).
    settings: t.Mapping[str, Setting] = field(default_factory=dict)


def load_rules_and_schema(
    rules_dirs: t.Sequence[Path | str],
    schema_path: Path | str | None,
    *,
    bundled: bool = True,
    settings: t.Mapping[str, RuleSetting] | None = None,
    settings_source: str = "configuration",
) -> tuple[SubmissionSchema, Ruleset]:
    """The schema and the compiled rules: the packs layered on the bundled ones."""
    schema = load_schema(Path(schema_path) if schema_path else default_schema_path())
    directories = [default_rules_dir()] if bundled else []
    directories.extend(Path(d) for d in rules_dirs)
    if not directories:
        raise ConfigError("--no-bundled-rules needs at least one --rules DIR")
    ruleset = load_ruleset(
        directories, schema, settings=settings, settings_source=settings_source
    )
    return schema, ruleset


def plan_from_settings(
    given: t.Mapping[str, t.Any],
    *,
    config_path: Path | None,
    limits: Limits = DEFAULT_LIMITS,
    input_format: str | None = None,
    use_waivers: bool = True,
) -> Plan:
    """Resolve ``given`` settings over the config file and profile; load it all."""
    from_file = load_config(config_path) if config_path else {}
    early = {**from_file, **given}
    schema, ruleset = load_rules_and_schema(
        early.get("rules", []),
        early.get("schema"),
        bundled=early.get("bundled_rules", True),
        settings=from_file.get("rule"),
        settings_source=Path(config_path).name if config_path else "configuration",
    )
    settings = resolve(dict(given), from_file, str(config_path), ruleset.profiles)
    value = {key: setting.value for key, setting in settings.items()}
    waivers_path = _path(value["waivers"]) if use_waivers else None
    baseline_path = _path(value["baseline"])
    options = RunOptions(
        as_of=value["as_of"] or dt.date.today(),
        boards=tuple(value["boards"]) or BOARDS,
        fail_on=Severity(value["fail_on"]),
        limits=limits,
        input_format=input_format,
        waivers=_load_waivers(waivers_path),
        baseline=_load_baseline(baseline_path),
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
    schema_path = Path(value["schema"] or default_schema_path())
    return Plan(
        schema, selected, options, schema_path, waivers_path, baseline_path, settings
    )


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _load_waivers(path: Path | None) -> tuple[Waiver, ...]:
    return tuple(load_waivers(path)) if path else ()


def _load_baseline(path: Path | None) -> frozenset[Key] | None:
    return frozenset(load_baseline(path)) if path else None


def run_plan(
    plan: Plan,
    inputs: t.Sequence[str],
    *,
    jobs: int = 1,
    progress: bool = False,
    names: t.Mapping[str, str] | None = None,
) -> Report:
    """Check the inputs over ``jobs`` processes; attach provenance.

    ``names`` shows inputs by the names people gave them (the web page's
    uploads live under temporary paths).
    """
    paths = expand_inputs(inputs)
    line = ProgressLine(len(paths)) if progress else None
    try:
        report = check_inputs(
            paths, plan.ruleset, plan.schema, plan.options, jobs=jobs, progress=line
        )
    finally:
        if line is not None:
            line.close()
    if names:
        report = relabel(report, names)
    return with_provenance(plan, report)


def with_provenance(plan: Plan, report: Report) -> Report:
    """``report`` with the provenance record of ``plan`` (the one place it is made)."""
    deterministic = bool(os.environ.get(provenance.DETERMINISTIC_ENV))
    record = provenance.build(
        ruleset=plan.ruleset,
        schema_path=plan.schema_path,
        inputs=report.inputs,
        as_of=plan.options.as_of,
        waivers=plan.waivers_path if plan.options.waivers else None,
        baseline=plan.baseline_path,
        run_at=None if deterministic else dt.datetime.now(dt.UTC),
    )
    elapsed = None if deterministic else report.elapsed_seconds
    return dataclasses.replace(report, provenance=record, elapsed_seconds=elapsed)
