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
    """Say what a rule checks, why, and how to fix it; with a file, how it went."""
    from iia_checker.ruleset.explain import explain_rule, explain_submission

    loaded = load_configured(params)
    schema, ruleset = loaded.schema, loaded.ruleset
    rule = find_rule(ruleset, rule_id)
    click.echo(explain_rule(rule))
    if submission is not None:
        click.echo(
            explain_submission(rule, submission, schema, as_of or dt.date.today())
        )


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
