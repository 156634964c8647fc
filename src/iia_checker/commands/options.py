"""Options shared by check, config show and baseline: which rules, which date, which
exceptions, which limits; and how they map to configuration settings."""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from iia_checker.commands.common import (
    Decorator,
    bundled_option,
    parse_date,
    rules_option,
)
from iia_checker.limits import Limits, limit_fields
from iia_checker.model.findings import BOARDS, Severity
from iia_checker.run.config import find_config
from iia_checker.run.plan import Plan, plan_from_settings

SETTING_OF: t.Final = {
    "rules_dirs": "rules",
    "bundled_rules": "bundled_rules",
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
        bundled_option,
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


def plan_run(params: dict[str, t.Any]) -> Plan:
    """The run's plan from the command's parameters, its config file and profile."""
    return plan_from_settings(
        command_line_settings(params),
        config_path=params.get("config") or find_config(Path.cwd()),
        limits=limits_from(params),
        input_format=params.get("input_format"),
        use_waivers=not params.get("no_waivers"),
    )
