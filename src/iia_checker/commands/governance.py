"""``iia-check config show`` and ``iia-check baseline create|update``."""

from __future__ import annotations

import json
import sys
import typing as t
from pathlib import Path

import click

from iia_checker.commands.exits import EXIT_CLEAN, EXIT_UNREADABLE
from iia_checker.commands.options import plan_run, selection_options
from iia_checker.run.baseline import current_keys, load_baseline, render_baseline
from iia_checker.run.config import find_config
from iia_checker.run.output import write_atomic
from iia_checker.run.plan import run_plan


@click.group()
def config() -> None:
    """Show the effective configuration, or the configuration file's schema."""


@config.command("show")
@selection_options
def config_show(**params: t.Any) -> None:
    """Print every setting, its effective value and where it came from."""
    plan = plan_run(params)
    found = params.get("config") or find_config(Path.cwd())
    click.echo(f"configuration file: {found or '(none found)'}")
    width = max(len(key) for key in plan.settings)
    for key, setting in plan.settings.items():
        value = setting.value
        if isinstance(value, dict):
            value = [f"{rule_id}: {s}" for rule_id, s in value.items()]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        shown = "(not set)" if shown in (None, "") else shown
        click.echo(f"{key.ljust(width)}  {shown}  [{setting.source}]")


@config.command("schema")
def config_schema() -> None:
    """Print the JSON Schema of the configuration file (for editors)."""
    from iia_checker.run.config_file import config_json_schema

    click.echo(json.dumps(config_json_schema(), indent=2))


@click.group()
def baseline() -> None:
    """Record today's failures so that CI gates only on new ones."""


@baseline.command("create")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("inputs", nargs=-1, required=True)
@selection_options
def baseline_create(file: Path, inputs: tuple[str, ...], **params: t.Any) -> None:
    """Write FILE with every current failure of INPUTS."""
    report = run_plan(plan_run({**params, "baseline": None}), inputs)
    keys = current_keys(report)
    write_atomic(file, render_baseline(keys))
    click.echo(f"{file}: {len(keys)} findings recorded")
    sys.exit(EXIT_UNREADABLE if report.unreadable else EXIT_CLEAN)


@baseline.command("update")
@click.argument("file", type=click.Path(path_type=Path, exists=True))
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--add-new",
    is_flag=True,
    help="Also record findings that are new since the baseline.",
)
@selection_options
def baseline_update(
    file: Path, inputs: tuple[str, ...], add_new: bool, **params: t.Any
) -> None:
    """Drop the entries of FILE that are fixed (and, with --add-new, add new ones)."""
    known = load_baseline(file)
    report = run_plan(plan_run({**params, "baseline": None}), inputs)
    current = current_keys(report)
    kept = (known & current) | (current if add_new else set())
    write_atomic(file, render_baseline(kept))
    fixed, added = len(known - current), len(kept - known)
    summary = f"{fixed} fixed and dropped, {added} added"
    click.echo(f"{file}: {len(kept)} findings recorded ({summary})")
    sys.exit(EXIT_UNREADABLE if report.unreadable else EXIT_CLEAN)
