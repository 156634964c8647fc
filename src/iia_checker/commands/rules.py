"""``iia-check rules``: list, show, validate, test, document and describe the rules.

Every subcommand reads the configuration file as ``check`` does, so the rules it
lists are the rules a check runs. ``validate``, ``test`` and ``docs`` work on the
packs named (by ``--rules`` or ``rules = [...]``) on their own, layered on the
bundled rules so that their overrides are checked; with none named, on all rules.
"""

from __future__ import annotations

import json
import sys
import typing as t
from pathlib import Path

import click

from iia_checker.commands.common import (
    config_rules_option,
    find_rule,
    load_configured,
)
from iia_checker.commands.exits import EXIT_CLEAN, EXIT_FINDINGS
from iia_checker.model.findings import BOARDS
from iia_checker.ruleset.loading import Ruleset
from iia_checker.ruleset.selection import select_rules
from iia_checker.run.output import write_atomic


@click.group()
def rules() -> None:
    """List, show, validate, test and document the rules."""


@rules.command("list")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--board", "boards", multiple=True, type=click.Choice(BOARDS))
@click.option("--tag", "tags", multiple=True)
@config_rules_option
def rules_list(fmt: str, **params: t.Any) -> None:
    """List the rules (id, severity, boards, title) and every change packs made."""
    ruleset = load_configured(params).ruleset
    chosen = select_rules(
        ruleset,
        boards=params["boards"],
        tags=params["tags"],
        sources={"tags": "command line"},
    ).rules
    if fmt == "json":
        rows = [
            {
                "id": r.info.id,
                "title": r.info.title,
                "severity": r.info.severity.value,
                "boards": list(r.info.boards),
                "tags": list(r.info.tags),
                "group": r.info.group,
                "pack": ruleset.origin[r.info.id].name,
            }
            for r in chosen
        ]
        changes = [change.as_dict() for change in ruleset.changes]
        click.echo(json.dumps({"rules": rows, "changes": changes}, indent=2))
        return
    for rule in chosen:
        info = rule.info
        boards_text = ",".join(info.boards)
        click.echo(
            f"{info.id}  {info.severity.value:<7}  {boards_text:<27}  {info.title}"
        )
    click.echo(f"{len(chosen)} rules ({_packs(ruleset)})")
    for change in ruleset.changes:
        click.echo(f"  {change}")


def _packs(ruleset: Ruleset) -> str:
    return " + ".join(f"{p.name} {p.version}" for p in ruleset.packs)


@rules.command("show")
@click.argument("rule_id")
@config_rules_option
def rules_show(rule_id: str, **params: t.Any) -> None:
    """Print one rule file as written."""
    rule = find_rule(load_configured(params).ruleset, rule_id)
    click.echo(Path(rule.source).read_text(encoding="utf-8"), nl=False)


@rules.command("validate")
@config_rules_option
def rules_validate(**params: t.Any) -> None:
    """Check the rule files; one line per problem, exit 2 when there is any."""
    ruleset = load_configured(params).own_rules()
    click.echo(f"{len(ruleset.rules)} rules valid ({ruleset.name} {ruleset.version})")


@rules.command("test")
@config_rules_option
def rules_test(**params: t.Any) -> None:
    """Run every rule's pass and fail examples; exit 1 when any misbehaves."""
    from iia_checker.run.rule_examples import run_examples

    loaded = load_configured(params)
    ruleset = loaded.own_rules()
    problems = run_examples(ruleset, loaded.schema)
    for problem in problems:
        click.echo(str(problem))
    examples = sum(
        len(r.definition.examples.pass_) + len(r.definition.examples.fail)
        for r in ruleset.rules
    )
    failing = len({p.rule_id for p in problems})
    click.echo(
        f"{len(ruleset.rules) - failing} passed, {failing} failed ({examples} examples)"
    )
    sys.exit(EXIT_FINDINGS if problems else EXIT_CLEAN)


@rules.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (for editors)."""
    from iia_checker.ruleset.json_schema import rule_json_schema

    click.echo(json.dumps(rule_json_schema(), indent=2))


@rules.command("docs")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here (atomically) instead of standard output, e.g. docs/rules.md.",
)
@config_rules_option
def rules_docs(output: Path | None, **params: t.Any) -> None:
    """Write the rule catalogue in Markdown, generated from the rules."""
    from iia_checker.ruleset.docs import render_catalogue

    text = render_catalogue(load_configured(params).own_rules())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
