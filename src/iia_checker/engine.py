"""Evaluate compiled rules on submissions. Pure: no printing, no exits, no click."""

from __future__ import annotations

import datetime as dt
import functools
import typing as t

from iia_checker.limits import Deadline, hint
from iia_checker.model import builtin, pointers
from iia_checker.model.findings import (
    BOARDS,
    Finding,
    RuleOutcome,
    Severity,
    Status,
    SubmissionResult,
)
from iia_checker.model.submission import Submission
from iia_checker.operators.base import MISSING, Miss, Scope
from iia_checker.ruleset.loading import PLACEHOLDER, CompiledRule, Ruleset


def evaluate(
    submission: Submission,
    ruleset: Ruleset,
    *,
    as_of: dt.date,
    structural: t.Sequence[Finding] = (),
    boards: t.Sequence[str] = BOARDS,
    deadline: Deadline | None = None,
) -> SubmissionResult:
    """Run every rule on ``submission``; ``structural`` are its schema findings.

    Past ``deadline`` the remaining rules are not run and an ``input.too-slow``
    error says so: each rule is linear in the submission, so none runs for long.
    """
    scope = Scope.of(submission.data, as_of)
    already = [f.location.pointer for f in structural]
    outcomes: list[RuleOutcome] = []
    late: list[Finding] = []
    for index, rule in enumerate(ruleset.rules):
        if deadline is not None and deadline.passed():
            late.append(_too_slow(submission, deadline, len(ruleset.rules) - index))
            break
        outcomes.append(run_rule(rule, submission, scope, already))
    # Free what the rules shared now: its item scopes refer back to the memo, a
    # cycle only the garbage collector would otherwise break.
    scope.memo.clear()
    rule_findings = [f for o in outcomes for f in o.findings]
    findings = sorted([*structural, *late, *rule_findings], key=Finding.sort_key)
    return SubmissionResult(
        source=submission.source,
        project_id=submission.project_id,
        project_title=submission.project_title,
        findings=tuple(findings),
        outcomes=tuple(outcomes),
        boards=tuple(boards),
    )


def _too_slow(submission: Submission, deadline: Deadline, left: int) -> Finding:
    rules = "rule was" if left == 1 else "rules were"
    unit = "millisecond" if deadline.milliseconds == 1 else "milliseconds"
    message = (
        f"checking this submission took longer than {deadline.milliseconds:,}"
        f" {unit}, so {left} {rules} not run"
        f" ({hint('max_check_milliseconds')})"
    )
    rule = builtin.input_rule("input.too-slow")
    return Finding(rule, Severity.ERROR, message, submission.locate(""))


def run_rule(
    rule: CompiledRule,
    submission: Submission,
    scope: Scope,
    already: t.Sequence[str] = (),
) -> RuleOutcome:
    """The outcome of one rule on one submission."""
    try:
        if rule.when is not None and not rule.when.holds(scope):
            return rule.skipped
        if rule.check.holds(scope):
            return rule.passed
        misses = rule.check.misses(scope)
    except Exception as exc:  # a rule must never stop the batch
        reason = f"the rule could not be evaluated: {type(exc).__name__}: {exc}"
        return RuleOutcome(rule.info, Status.ERROR, reason=reason)
    if not misses:
        return rule.passed
    fresh = [m for m in _unique(misses) if not _reported(m.pointer, already)]
    project = {
        "project.id": submission.project_id,
        "project.title": submission.project_title,
    }
    findings = tuple(_finding(rule, submission, project, miss) for miss in fresh)
    reason = "" if findings else "already reported by the schema check"
    return RuleOutcome(rule.info, Status.FAIL, findings, reason)


def _unique(misses: list[Miss]) -> list[Miss]:
    seen: set[str] = set()
    kept = []
    for miss in misses:
        if miss.pointer not in seen:
            seen.add(miss.pointer)
            kept.append(miss)
    return kept


def _reported(pointer: str, already: t.Sequence[str]) -> bool:
    return any(pointers.is_within(pointer, done) for done in already)


def _finding(
    rule: CompiledRule,
    submission: Submission,
    project: t.Mapping[str, object],
    miss: Miss,
) -> Finding:
    values = {**project, **miss.values}
    # Rule files fold long messages over lines; a finding's message is one line.
    message = " ".join(render_message(rule.definition.message, values).split())
    location = submission.locate(miss.pointer)
    return Finding(rule.info, rule.info.severity, message, location)


def render_message(template: str, values: t.Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders with plain-English renderings of the values."""
    pieces = list(_pieces(template))
    for index in range(1, len(pieces), 2):
        pieces[index] = render_value(values.get(pieces[index], MISSING))
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def _pieces(template: str) -> tuple[str, ...]:
    """Text, placeholder name, text, ..., text: a message split once, not per use."""
    return tuple(PLACEHOLDER.split(template))


def render_value(value: object) -> str:
    """A value as a reader should see it in a message."""
    if value is MISSING or value is None:
        return "(not given)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(render_value(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return "(a group of fields)"
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "..."
