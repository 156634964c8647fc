"""Explain a rule in plain words, and how it went on one submission."""

from __future__ import annotations

import datetime as dt
import textwrap

import yaml

from iia_checker import loaders
from iia_checker.engine import run_rule
from iia_checker.limits import DEFAULT_LIMITS
from iia_checker.model import suppression
from iia_checker.operators.base import Scope
from iia_checker.ruleset.loading import CompiledRule
from iia_checker.schema.submission import SubmissionSchema, validate_structure

_WIDTH = 88


def explain_rule(rule: CompiledRule) -> str:
    """Purpose, basis, remediation and the condition of ``rule``."""
    info = rule.info
    definition = rule.definition
    parts = [
        f"{info.id}: {info.title}",
        f"Severity: {info.severity.value}    Boards: {', '.join(info.boards)}    "
        f"Duties: {', '.join(info.tags)}",
        _section("Why it matters", info.description),
        _section(
            "Legal and policy basis",
            "\n".join(f"- {r}" for r in info.references),
            wrap=False,
        ),
        _section("What to do", info.remediation),
    ]
    if definition.when is not None:
        parts.append(_section("Applies when", _yaml(definition.when), wrap=False))
    parts.append(_section("Checks", _yaml(definition.check), wrap=False))
    parts.append(f"Defined in {rule.source}")
    return "\n\n".join(parts) + "\n"


def explain_submission(
    rule: CompiledRule, path: str, schema: SubmissionSchema, as_of: dt.date
) -> str:
    """Whether ``rule`` applied to the submission(s) in ``path`` and what failed."""
    outcome = loaders.load(path, DEFAULT_LIMITS)
    lines = [f"On {outcome.source} (as of {as_of.isoformat()}):"]
    lines.extend(
        f"  cannot be read: {p.location}: {p.message}" for p in outcome.problems
    )
    for submission in outcome.submissions:
        scope = Scope.of(submission.data, as_of)
        structural = validate_structure(submission, schema)
        blocking = [f for f in structural if suppression.blocks(f)]
        result = run_rule(rule, submission, scope, blocking)
        lines.append(
            f"  {submission.project_id or '(no project id)'}: {result.status.value}"
        )
        if result.reason:
            lines.append(f"    {result.reason}")
        if rule.when is not None:
            held = not rule.when.misses(scope)
            verdict = "yes (the `when` condition held)" if held else "no"
            lines.append(f"    applies: {verdict}")
        for finding in result.findings:
            lines.append(f"    {finding.location}: {finding.message}")
    return "\n".join(lines) + "\n"


def _section(heading: str, body: str, *, wrap: bool = True) -> str:
    text = textwrap.fill(" ".join(body.split()), _WIDTH - 2) if wrap else body
    return f"{heading}:\n" + textwrap.indent(text, "  ")


def _yaml(condition: object) -> str:
    return yaml.safe_dump(condition, sort_keys=False, default_flow_style=None).rstrip()
