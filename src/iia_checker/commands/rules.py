"""``iia-check rules``: list, show, validate, test, document and describe the rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from iia_checker.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    find_rule,
    load_all,
    rules_option,
)
from iia_checker.model.findings import BOARDS
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
@rules_option
def rules_list(
    fmt: str,
    boards: tuple[str, ...],
    tags: tuple[str, ...],
    rules_dirs: tuple[Path, ...],
    schema_path: Path | None,
) -> None:
    """List the rules: id, severity, boards and title."""
    _, ruleset = load_all(rules_dirs, schema_path)
    chosen = select_rules(
        ruleset, boards=boards, tags=tags, sources={"tags": "command line"}
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
            }
            for r in chosen
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for rule in chosen:
        info = rule.info
        boards_text = ",".join(info.boards)
        click.echo(
            f"{info.id}  {info.severity.value:<7}  {boards_text:<27}  {info.title}"
        )
    click.echo(f"{len(chosen)} rules ({ruleset.name} {ruleset.version})")


@rules.command("show")
@click.argument("rule_id")
@rules_option
def rules_show(
    rule_id: str, rules_dirs: tuple[Path, ...], schema_path: Path | None
) -> None:
    """Print one rule file as written."""
    _, ruleset = load_all(rules_dirs, schema_path)
    rule = find_rule(ruleset, rule_id)
    click.echo(Path(rule.source).read_text(encoding="utf-8"), nl=False)


@rules.command("validate")
@rules_option
def rules_validate(rules_dirs: tuple[Path, ...], schema_path: Path | None) -> None:
    """Check the rule files; one line per problem, exit 2 when there is any."""
    _, ruleset = load_all(rules_dirs, schema_path)
    click.echo(f"{len(ruleset.rules)} rules valid ({ruleset.name} {ruleset.version})")


@rules.command("test")
@rules_option
def rules_test(rules_dirs: tuple[Path, ...], schema_path: Path | None) -> None:
    """Run every rule's pass and fail examples; exit 1 when any misbehaves."""
    from iia_checker.ruleset.examples import run_examples

    schema, ruleset = load_all(rules_dirs, schema_path)
    problems = run_examples(ruleset, schema)
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
@rules_option
def rules_docs(
    output: Path | None, rules_dirs: tuple[Path, ...], schema_path: Path | None
) -> None:
    """Write the rule catalogue in Markdown, generated from the rules."""
    from iia_checker.ruleset.docs import render_catalogue

    _, ruleset = load_all(rules_dirs, schema_path)
    text = render_catalogue(ruleset)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
