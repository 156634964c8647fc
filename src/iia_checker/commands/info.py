"""``iia-check explain`` and ``iia-check schema``."""

from __future__ import annotations

import datetime as dt
import json
import typing as t
from pathlib import Path

import click

from iia_checker.commands.common import (
    config_rules_option,
    find_rule,
    load_configured,
    parse_date,
)
from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import load_schema


@click.command()
@click.argument("rule_id")
@click.argument("submission", required=False)
@click.option(
    "--as-of", callback=parse_date, help="Assessment date, YYYY-MM-DD. Default: today."
)
@config_rules_option
def explain(
    rule_id: str, submission: str | None, as_of: dt.date | None, **params: t.Any
) -> None:
    """Say what a rule checks, why, and how to fix it; with a file, whether it
    applied there, which condition failed, where and on which value. Knows the
    built-in schema.* and input.* ids too."""
    from iia_checker.run import explain as words

    loaded = load_configured(params)
    date = as_of or dt.date.today()
    info = words.builtin_info(rule_id.lower())
    if info is not None and loaded.ruleset.get(rule_id) is None:
        click.echo(words.explain_info(info) + "\n")
        if submission is not None:
            click.echo(words.explain_builtin(info, submission, loaded.schema))
        return
    rule = find_rule(loaded.ruleset, rule_id)
    click.echo(words.explain_rule(rule))
    if submission is not None:
        click.echo(words.explain_submission(rule, submission, loaded.schema, date))


@click.command("schema")
@click.option(
    "-s",
    "--schema",
    "schema_path",
    type=click.Path(path_type=Path),
    help="Submission schema.",
)
def schema_command(schema_path: Path | None) -> None:
    """Print the submission schema."""
    schema = load_schema(schema_path or default_schema_path())
    click.echo(json.dumps(schema.raw, indent=2, ensure_ascii=False))
