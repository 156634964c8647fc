"""Explain a rule in plain words, and how it went on one submission: whether it
applied, which condition failed, where, and on which value. Built-in ``input.*``
and ``schema.*`` ids are explained from ``builtin`` and the reader's findings."""

from __future__ import annotations

import datetime as dt
import textwrap

from iia_checker import loaders
from iia_checker.engine import run_rule
from iia_checker.limits import DEFAULT_LIMITS
from iia_checker.model import builtin, suppression
from iia_checker.model.findings import RuleInfo, Status
from iia_checker.model.plural import counted
from iia_checker.model.submission import Submission
from iia_checker.operators.base import Scope
from iia_checker.ruleset.conditions_yaml import condition_yaml
from iia_checker.ruleset.loading import CompiledRule
from iia_checker.run.trace import describe_place, trace
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure

_WIDTH = 88


def builtin_info(rule_id: str) -> RuleInfo | None:
    """The ``RuleInfo`` of a built-in ``input.*`` or ``schema.*`` id, if it is one."""
    if rule_id in builtin.INPUT_RULES:
        return builtin.input_rule(rule_id)
    if rule_id in builtin.CELL_RULES:
        return builtin.cell_rule(rule_id)
    keyword = rule_id.removeprefix("schema.")
    if keyword != rule_id and keyword:
        camel = "".join(
            part.capitalize() if i else part
            for i, part in enumerate(keyword.split("-"))
        )
        return builtin.schema_rule(camel)
    return None


def builtin_ids() -> list[str]:
    """Every built-in id with its own title (``schema.*`` has more, generically)."""
    schema_ids = [builtin.schema_rule(k).id for k in builtin.SCHEMA_HINTS]
    return [*builtin.INPUT_RULES, *builtin.CELL_RULES, *schema_ids]


def explain_info(info: RuleInfo) -> str:
    """Title, severity, boards, purpose, basis and remediation of any rule."""
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
    return "\n\n".join(parts)


def explain_rule(rule: CompiledRule) -> str:
    """Purpose, basis, remediation and the condition of ``rule``."""
    definition = rule.definition
    parts = [explain_info(rule.info)]
    if definition.when is not None:
        parts.append(_section("Applies when", _yaml(definition.when), wrap=False))
    parts.append(_section("Checks", _yaml(definition.check), wrap=False))
    parts.append(f"Defined in {rule.source}")
    return "\n\n".join(parts) + "\n"


def explain_submission(
    rule: CompiledRule, path: str, schema: SubmissionSchema, as_of: dt.date
) -> str:
    """Whether ``rule`` applied to the submission(s) in ``path``, and why it held
    or failed: each condition, the field's place and value."""
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
        # What the officer reads first; then how the rule came to it.
        lines.extend(f"    Finding: {f.message}" for f in result.findings)
        if result.reason and result.status is not Status.NOT_APPLICABLE:
            lines.append(f"    Note: {result.reason}")  # "Applies: no" says that
        lines.extend(_why(rule, scope, submission))
    return "\n".join(lines) + "\n"


def _why(rule: CompiledRule, scope: Scope, submission: Submission) -> list[str]:
    """Each condition of ``rule`` on ``submission``: whether it applies, and why
    the check held or failed, field by field."""
    names = rule.value_names
    if rule.when is None:
        lines = ["    Applies: always (the rule has no condition for when)."]
    else:
        held = rule.when.holds(scope)
        lines = [f"    Applies: {'yes' if held else 'no'}, because"]
        lines += _deeper(
            trace(rule.when, rule.definition.when, scope, submission, names)
        )
        if not held:
            return lines
    lines.append("    Checks:")
    check = trace(rule.check, rule.definition.check, scope, submission, names)
    return lines + _deeper(check)


def explain_builtin(info: RuleInfo, path: str, schema: SubmissionSchema) -> str:
    """The findings of a built-in id in ``path``: each with its place and message."""
    outcome = loaders.load(path, DEFAULT_LIMITS)
    found = [p for p in outcome.problems if p.rule_id == info.id]
    for submission in outcome.submissions:
        problems = [*submission.problems, *validate_structure(submission, schema)]
        found.extend(p for p in problems if p.rule_id == info.id)
    lines = [f"On {outcome.source}: {counted(len(found), 'finding')} of {info.id}"]
    lines.extend(
        f"  cannot be read: {p.location}: {p.message}"
        for p in outcome.problems
        if p.rule_id != info.id
    )
    for finding in found:
        where = describe_place(finding.location, finding.location.pointer)
        field = finding.location.field
        lines.append(f"  {field} ({where}):" if field else f"  At {where}:")
        lines.append(f"    {finding.message}")
    return "\n".join(lines) + "\n"


def _deeper(lines: list[str]) -> list[str]:
    return [f"      {line}" for line in lines]


def _section(heading: str, body: str, *, wrap: bool = True) -> str:
    text = textwrap.fill(" ".join(body.split()), _WIDTH - 2) if wrap else body
    return f"{heading}:\n" + textwrap.indent(text, "  ")


def _yaml(condition: object) -> str:
    return condition_yaml(condition).rstrip()
