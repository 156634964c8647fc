"""What several commands share: exit codes, common options, loading rules."""

from __future__ import annotations

import datetime as dt
import difflib
import typing as t
from pathlib import Path

import click

from iia_checker.ruleset.loading import CompiledRule, Ruleset

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_INTERRUPTED: t.Final = 130

EXIT_HELP = """\b
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration, schema or rule-file error
  3  some input could not be read (the others are still checked and reported)"""

Decorator = t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]


def rules_option(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Add ``--rules DIR`` (repeatable) and ``--schema FILE``."""
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


def parse_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date | None:
    """A click callback for YYYY-MM-DD options."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date written YYYY-MM-DD"
        ) from None


def find_rule(ruleset: Ruleset, rule_id: str) -> CompiledRule:
    """The rule with this id (any case), or a usage error with a suggestion."""
    rule = ruleset.get(rule_id) or ruleset.get(rule_id.upper())
    if rule is None:
        ids = [r.info.id for r in ruleset.rules]
        guess = difflib.get_close_matches(rule_id.upper(), ids, 1)
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        raise click.UsageError(f"no rule {rule_id}{hint}; see `iia-check rules list`")
    return rule
