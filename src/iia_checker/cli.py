"""The ``iia-check`` command line: gathers options, calls the core, picks exit codes.

Exit codes: 0 clean; 1 findings at or above --fail-on (or failing rule examples);
2 usage, configuration, schema or rule-file error; 3 some input unreadable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import typing as t
from pathlib import Path

import click

from iia_checker import __version__
from iia_checker.errors import IiaCheckerError, RulesetError
from iia_checker.findings import BOARDS, Report, Severity
from iia_checker.limits import Limits
from iia_checker.loaders import LOADERS
from iia_checker.output import output_targets, write_atomic
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset import Ruleset, load_ruleset
from iia_checker.schema import SubmissionSchema, load_schema

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
DETERMINISTIC_ENV: t.Final = "IIA_CHECK_DETERMINISTIC"

EXIT_HELP = """\b
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration, schema or rule-file error
  3  some input could not be read (the others are still checked and reported)"""


def _rules_option(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    func = click.option(
        "-r",
        "--rules",
        "rules_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Rules directory (repeatable). Default: the bundled rules.",
    )(func)
    return click.option(
        "-s",
        "--schema",
        "schema_path",
        type=click.Path(path_type=Path),
        help="Submission schema. Default: the bundled schema.",
    )(func)


def _load(
    rules_dirs: t.Sequence[Path], schema_path: Path | None
) -> tuple[SubmissionSchema, Ruleset]:
    schema = load_schema(schema_path or default_schema_path())
    ruleset = load_ruleset(list(rules_dirs) or [default_rules_dir()], schema)
    return schema, ruleset


def _parse_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date written YYYY-MM-DD"
        ) from None


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> t.Any:
        try:
            return super().invoke(ctx)
        except IiaCheckerError as exc:
            click.echo(_one_line_errors(exc), err=True)
            ctx.exit(exc.exit_code)


def _one_line_errors(exc: IiaCheckerError) -> str:
    if isinstance(exc, RulesetError):
        return "\n".join(str(p) for p in exc.problems)
    return f"iia-check: {exc}"


@click.group(cls=_Group, epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="iia-check")
def cli() -> None:
    """Check Integrated Impact Assessments before they reach a council board."""


@cli.command(epilog=EXIT_HELP)
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
    " else the one --format names, else the one PATH's suffix implies.",
)
@click.option(
    "--board",
    "boards",
    multiple=True,
    type=click.Choice(BOARDS),
    help="Only rules for this board (repeatable).",
)
@click.option(
    "--tag", "tags", multiple=True, help="Only rules with this duty tag (repeatable)."
)
@click.option(
    "--select",
    "include",
    multiple=True,
    help="Only rules whose id matches (glob, repeatable).",
)
@click.option(
    "--ignore",
    "exclude",
    multiple=True,
    help="Skip rules whose id matches (glob, repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--as-of",
    callback=_parse_date,
    help="Assessment date for date rules, YYYY-MM-DD. Default: today.",
)
@click.option(
    "--input-format",
    type=click.Choice(sorted(LOADERS)),
    help="Read inputs as this format whatever their names.",
)
@click.option(
    "--max-file-bytes",
    type=click.IntRange(min=1),
    default=Limits().max_file_bytes,
    show_default=True,
    help="Largest input file read.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output. Default: only on a terminal.",
)
@click.option("--show-passes", is_flag=True, help="List passed rules in text output.")
@_rules_option
def check(**params: t.Any) -> None:
    """Check submissions (JSON files, folders of them, or - for standard input)."""
    from iia_checker.runner import RunOptions, check_inputs, expand_inputs

    schema, ruleset = _load(params["rules_dirs"], params["schema_path"])
    boards = tuple(params["boards"]) or BOARDS
    selected = ruleset.select(
        boards=params["boards"],
        tags=params["tags"],
        include=params["include"],
        exclude=params["exclude"],
    )
    options = RunOptions(
        as_of=params["as_of"],
        boards=boards,
        fail_on=Severity(params["fail_on"]),
        limits=Limits(max_file_bytes=params["max_file_bytes"]),
        input_format=params["input_format"],
    )
    report = check_inputs(expand_inputs(params["inputs"]), selected, schema, options)
    if os.environ.get(DETERMINISTIC_ENV):
        report = _without_timing(report)
    _write_reports(report, params)
    sys.exit(exit_code(report))


def _write_reports(report: Report, params: dict[str, t.Any]) -> None:
    """Render every requested report first, then write them: all or nothing."""
    default = params["fmt"] or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    try:
        targets = output_targets(params["outputs"], params["fmt"], default)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    to_terminal = any(path is None for _, path in targets) and sys.stdout.isatty()
    colour = params["color"]
    if colour is None:
        colour = to_terminal and "NO_COLOR" not in os.environ
    rendered = [
        (
            path,
            REPORTERS[fmt](
                report,
                RenderOptions(
                    color=bool(colour and path is None),
                    show_passes=params["show_passes"],
                ),
            ),
        )
        for fmt, path in targets
    ]
    for path, content in rendered:
        if path is None:
            click.echo(content, nl=False)
        else:
            write_atomic(path, content)


def _without_timing(report: Report) -> Report:
    import dataclasses

    return dataclasses.replace(report, elapsed_seconds=None)


def exit_code(report: Report) -> int:
    """3 if an input was unreadable, else 1 if findings gate, else 0."""
    if report.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if report.gating_findings() else EXIT_CLEAN


@cli.group()
def rules() -> None:
    """List, show, validate and test the rules."""


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
@_rules_option
def rules_list(
    fmt: str,
    boards: tuple[str, ...],
    tags: tuple[str, ...],
    rules_dirs: tuple[Path, ...],
    schema_path: Path | None,
) -> None:
    """List the rules: id, severity, boards and title."""
    _, ruleset = _load(rules_dirs, schema_path)
    chosen = ruleset.select(boards=boards, tags=tags).rules
    if fmt == "json":
        rows = [
            {
                "id": r.info.id,
                "title": r.info.title,
                "severity": r.info.severity.value,
                "boards": list(r.info.boards),
                "tags": list(r.info.tags),
            }
            for r in chosen
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for rule in chosen:
        boards_text = ",".join(rule.info.boards)
        click.echo(
            f"{rule.info.id}  {rule.info.severity.value:<7}  {boards_text:<27}"
            f"  {rule.info.title}"
        )
    click.echo(f"{len(chosen)} rules ({ruleset.name} {ruleset.version})")


@rules.command("show")
@click.argument("rule_id")
@_rules_option
def rules_show(
    rule_id: str, rules_dirs: tuple[Path, ...], schema_path: Path | None
) -> None:
    """Print one rule file as written."""
    _, ruleset = _load(rules_dirs, schema_path)
    rule = _find_rule(ruleset, rule_id)
    click.echo(Path(rule.source).read_text(encoding="utf-8"), nl=False)


@rules.command("validate")
@_rules_option
def rules_validate(rules_dirs: tuple[Path, ...], schema_path: Path | None) -> None:
    """Check the rule files; one line per problem, exit 2 when there is any."""
    _, ruleset = _load(rules_dirs, schema_path)
    click.echo(f"{len(ruleset.rules)} rules valid ({ruleset.name} {ruleset.version})")


@rules.command("test")
@_rules_option
def rules_test(rules_dirs: tuple[Path, ...], schema_path: Path | None) -> None:
    """Run every rule's pass and fail examples; exit 1 when any misbehaves."""
    from iia_checker.ruletest import run_examples

    schema, ruleset = _load(rules_dirs, schema_path)
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
    from iia_checker.rule_schema import rule_json_schema

    click.echo(json.dumps(rule_json_schema(), indent=2))


@cli.command()
@click.argument("rule_id")
@click.argument("submission", required=False)
@click.option(
    "--as-of", callback=_parse_date, help="Assessment date, YYYY-MM-DD. Default: today."
)
@_rules_option
def explain(
    rule_id: str,
    submission: str | None,
    as_of: dt.date,
    rules_dirs: tuple[Path, ...],
    schema_path: Path | None,
) -> None:
    """Say what a rule checks, why, and how to fix it; with a file, how it went."""
    from iia_checker.explain import explain_rule, explain_submission

    schema, ruleset = _load(rules_dirs, schema_path)
    rule = _find_rule(ruleset, rule_id)
    click.echo(explain_rule(rule))
    if submission is not None:
        click.echo(explain_submission(rule, submission, schema, as_of))


@cli.command("schema")
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


def _find_rule(ruleset: Ruleset, rule_id: str) -> t.Any:
    rule = ruleset.get(rule_id) or ruleset.get(rule_id.upper())
    if rule is None:
        import difflib

        guess = difflib.get_close_matches(
            rule_id.upper(), [r.info.id for r in ruleset.rules], 1
        )
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        raise click.UsageError(f"no rule {rule_id}{hint}; see `iia-check rules list`")
    return rule


def main() -> None:
    """Entry point of the ``iia-check`` console script."""
    try:
        cli.main(prog_name="iia-check", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo("iia-check: interrupted; no report was written", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("IIA_CHECK_DEBUG"):
            raise
        click.echo(
            f"iia-check: internal error: {type(exc).__name__}: {exc}"
            " (set IIA_CHECK_DEBUG=1 to see where)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
