"""``iia-check check``: settings from the command line, configuration and profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import click

from iia_checker import provenance
from iia_checker.commands.common import (
    DETERMINISTIC_ENV,
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_HELP,
    EXIT_UNREADABLE,
    Decorator,
    load_all,
    parse_date,
    rules_option,
)
from iia_checker.commands.progress import ProgressLine, wanted
from iia_checker.config import Setting, find_config, load_config, resolve
from iia_checker.findings import BOARDS, Report, Severity
from iia_checker.limits import Limits, limit_fields
from iia_checker.loaders import LOADERS
from iia_checker.output import output_targets, write_atomic
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.resources import default_schema_path
from iia_checker.ruleset import Ruleset
from iia_checker.runner import RunOptions, check_inputs, expand_inputs
from iia_checker.schema import SubmissionSchema

#: Command-line parameter name -> setting name (as in the configuration file).
SETTING_OF: t.Final = {
    "rules_dirs": "rules",
    "schema_path": "schema",
    "profile": "profile",
    "boards": "boards",
    "tags": "tags",
    "include": "select",
    "exclude": "ignore",
    "fail_on": "fail_on",
    "min_severity": "min_severity",
    "as_of": "as_of",
    "waivers": "waivers",
    "baseline": "baseline",
    "new_only": "new_only",
    "fmt": "format",
    "outputs": "outputs",
}
SEVERITIES: t.Final = click.Choice([s.value for s in Severity])


def selection_options(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Options that decide which rules run, on what date, with which exceptions."""
    options: list[Decorator] = [
        click.option(
            "--config",
            type=click.Path(path_type=Path),
            help="Configuration file. Default: the nearest iia-checker.toml, or"
            " pyproject.toml with [tool.iia-checker].",
        ),
        click.option(
            "--profile",
            help="Named profile from the rules: self-check, board-review or ci-gate.",
        ),
        click.option(
            "--board",
            "boards",
            multiple=True,
            type=click.Choice(BOARDS),
            help="Only rules for this board (repeatable).",
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            help="Only rules with this duty tag (repeatable).",
        ),
        click.option(
            "--select",
            "include",
            multiple=True,
            help="Only rules whose id matches (glob, repeatable).",
        ),
        click.option(
            "--ignore",
            "exclude",
            multiple=True,
            help="Skip rules whose id matches (glob, repeatable).",
        ),
        click.option(
            "--fail-on",
            type=SEVERITIES,
            help="Lowest severity that makes the exit code 1. Default: error.",
        ),
        click.option(
            "--min-severity",
            type=SEVERITIES,
            help="Only run rules of at least this severity. Default: info.",
        ),
        click.option(
            "--as-of",
            callback=parse_date,
            help="Assessment date for date rules, YYYY-MM-DD. Default: today.",
        ),
        click.option(
            "--waivers", type=click.Path(path_type=Path), help="Waiver file (YAML)."
        ),
        click.option(
            "--no-waivers", is_flag=True, help="Ignore every waiver (audit mode)."
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path),
            help="Baseline file: mark findings new or unchanged.",
        ),
        click.option(
            "--new-only/--all-findings",
            "new_only",
            default=None,
            help="Gate only on findings not in the baseline.",
        ),
        rules_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def limit_options(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """One option per input limit, named after it (``--max-sheet-rows``)."""
    for limit in reversed(limit_fields()):
        func = click.option(
            "--" + limit.name.replace("_", "-"),
            limit.name,
            type=click.IntRange(min=1, max=limit.metadata["max"]),
            help=f"{limit.metadata['help']} Default: {limit.default:,}.",
        )(func)
    return func


def limits_from(params: dict[str, t.Any]) -> Limits:
    """The limits with any given on the command line."""
    given = {f.name: params[f.name] for f in limit_fields() if params.get(f.name)}
    return Limits(**given)


@dataclass(frozen=True)
class Plan:
    """Everything a run needs, resolved from all sources."""

    settings: dict[str, Setting]
    schema: SubmissionSchema
    ruleset: Ruleset
    options: RunOptions


def plan_run(params: dict[str, t.Any]) -> Plan:
    """Resolve settings, load rules, schema, waivers and baseline."""
    from iia_checker.baseline import load_baseline
    from iia_checker.waivers import load_waivers

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
    selected = ruleset.select(
        boards=value["boards"],
        tags=value["tags"],
        include=value["select"],
        exclude=value["ignore"],
        min_severity=Severity(value["min_severity"]),
    )
    return Plan(settings, schema, selected, options)


def command_line_settings(params: dict[str, t.Any]) -> dict[str, t.Any]:
    """The settings given on the command line (absent ones left out)."""
    given = {}
    for name, setting in SETTING_OF.items():
        value = params.get(name)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        given[setting] = str(value) if isinstance(value, Path) else value
    return given


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


@click.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    help="Report format for standard output and for -o PATH without a format."
    " Default: text (github when GITHUB_ACTIONS=true).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]PATH",
    help="Write a report to PATH, atomically (repeatable). The format is FORMAT,"
    " else --format, else the one PATH's suffix implies.",
)
@selection_options
@click.option(
    "--input-format",
    type=click.Choice(sorted(LOADERS)),
    help="Read inputs as this format whatever their names.",
)
@limit_options
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output. Default: only on a terminal.",
)
@click.option("--show-passes", is_flag=True, help="List passed rules in text output.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes for batches. Results are the same whatever the number.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress on standard error. Default: only on a terminal, never in CI.",
)
def check(**params: t.Any) -> None:
    """Check submissions: files, folders of them, or - for standard input."""
    plan = plan_run(params)
    report = run_plan(
        plan, params["inputs"], jobs=params["jobs"], progress=wanted(params["progress"])
    )
    for notice in report.notices:
        click.echo(f"iia-check: warning: {notice}", err=True)
    value = {key: setting.value for key, setting in plan.settings.items()}
    _write_reports(report, value["format"], value["outputs"], params)
    sys.exit(exit_code(report))


def _write_reports(
    report: Report, fmt: str | None, outputs: t.Sequence[str], params: dict[str, t.Any]
) -> None:
    """Render every requested report first, then write them: all or nothing."""
    default = fmt or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    try:
        targets = output_targets(tuple(outputs), fmt, default)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    colour = params.get("color")
    if colour is None:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    rendered = [
        (
            path,
            REPORTERS[name](
                report,
                RenderOptions(
                    color=bool(colour) and path is None,
                    show_passes=params.get("show_passes", False),
                ),
            ),
        )
        for name, path in targets
    ]
    for path, content in rendered:
        if path is None:
            click.echo(content, nl=False)
        else:
            write_atomic(path, content)


def exit_code(report: Report) -> int:
    """3 if an input was unreadable, else 1 if findings gate, else 0."""
    if report.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if report.gating_findings() else EXIT_CLEAN
