"""What several commands share: exit codes, common options, loading rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import typing as t
from dataclasses import dataclass
from pathlib import Path

import click

from iia_checker.ruleset.loading import CompiledRule, Ruleset
from iia_checker.run.plan import load_rules_and_schema
from iia_checker.schema.submission import SubmissionSchema

Decorator = t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]


def bundled_option(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Add ``--bundled-rules/--no-bundled-rules`` (None when not given)."""
    return click.option(
        "--bundled-rules/--no-bundled-rules",
        "bundled_rules",
        default=None,
        help="Whether the bundled rules are the bottom layer. Default: they are.",
    )(func)


def rules_option(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """Add ``--rules DIR`` (repeatable) and ``--schema FILE``."""
    func = click.option(
        "-r",
        "--rules",
        "rules_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="A rule pack (directory) to layer on the bundled rules (repeatable).",
    )(func)
    return click.option(
        "-s",
        "--schema",
        "schema_path",
        type=click.Path(path_type=Path),
        help="Submission schema. Default: the bundled schema.",
    )(func)


def config_rules_option(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """``rules_option``, ``bundled_option`` and ``--config``, for commands that
    only need the rules."""
    func = bundled_option(rules_option(func))
    return click.option(
        "--config",
        type=click.Path(path_type=Path),
        help="Configuration file. Default: the nearest iia-checker.toml, or"
        " pyproject.toml with [tool.iia-checker].",
    )(func)


@dataclass(frozen=True)
class Loaded:
    """The schema, the layered rules, and the packs named (by option or config)."""

    schema: SubmissionSchema
    ruleset: Ruleset
    packs: tuple[Path, ...]

    def own_rules(self) -> Ruleset:
        """The rules of the named packs alone; all rules when none was named."""
        if not self.packs:
            return self.ruleset
        named = {p.resolve() for p in self.packs}
        packs = [p for p in self.ruleset.packs if Path(p.directory).resolve() in named]
        kept = tuple(
            rule
            for rule in self.ruleset.rules
            if Path(self.ruleset.origin[rule.info.id].directory).resolve() in named
        )
        top = packs[-1] if packs else None
        return dataclasses.replace(
            self.ruleset,
            rules=kept,
            name=top.name if top else self.ruleset.name,
            version=top.version if top else self.ruleset.version,
        )


def load_configured(params: t.Mapping[str, t.Any]) -> Loaded:
    """Rules and schema as the options say, else as the configuration file says."""
    from iia_checker.run.config import find_config, load_config

    path = params.get("config") or find_config(Path.cwd())
    from_file = load_config(Path(path)) if path else {}
    packs = params.get("rules_dirs") or from_file.get("rules", [])
    bundled = params.get("bundled_rules")
    schema, ruleset = load_rules_and_schema(
        packs,
        params.get("schema_path") or from_file.get("schema"),
        bundled=from_file.get("bundled_rules", True) if bundled is None else bundled,
        settings=from_file.get("rule"),
        settings_source=Path(path).name if path else "configuration",
    )
    return Loaded(schema, ruleset, tuple(Path(p) for p in packs))


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
