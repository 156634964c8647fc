"""Evaluate compiled rules on submissions. Pure: no printing, no exits, no click."""

from __future__ import annotations

import datetime as dt
import functools
import math
import time
import typing as t

from iia_checker.limits import Deadline, hint
from iia_checker.model import builtin, suppression
from iia_checker.model.findings import (
    BOARDS,
    Finding,
    RuleOutcome,
    Severity,
    Status,
    SubmissionResult,
)
from iia_checker.model.shorten import OwnWords, shortened
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
    blocking = [f for f in structural if suppression.blocks(f)]
    ran, late, explained = _run_rules(ruleset, submission, scope, blocking, deadline)
    # Free what the rules shared now: its item scopes refer back to the memo, a
    # cycle only the garbage collector would otherwise break.
    scope.memo.clear()
    if explained:
        outcomes = suppression.collapse(ran, structural, submission.data)
        rule_findings = [f for o in outcomes for f in o.findings]
    else:  # every rule passed or did not apply: nothing to collapse or collect
        outcomes, rule_findings = tuple(ran), []
    findings = sorted([*structural, *late, *rule_findings], key=Finding.sort_key)
    return SubmissionResult(
        source=submission.source,
        project_id=submission.project_id,
        project_title=submission.project_title,
        findings=tuple(findings),
        outcomes=tuple(outcomes),
        boards=tuple(boards),
    )


def _run_rules(
    ruleset: Ruleset,
    submission: Submission,
    scope: Scope,
    blocking: t.Sequence[Finding],
    deadline: Deadline | None,
) -> tuple[list[RuleOutcome], list[Finding], bool]:
    """Each rule's outcome until ``deadline``, the finding saying it passed (if
    it did), and whether any rule's check failed, so ``run_rule`` explained it."""
    ran: list[RuleOutcome] = []
    explained = False
    # ``deadline.passed()`` inlined: this runs for every rule.
    stop_at = math.inf if deadline is None else deadline.at
    for index, rule in enumerate(ruleset.rules):
        if time.monotonic() > stop_at:
            assert deadline is not None
            late = _too_slow(submission, deadline, len(ruleset.rules) - index)
            return ran, [late], explained
        try:  # the path almost every rule takes, without a call to ``run_rule``
            when = rule.when
            if when is not None and not when.holds(scope):
                ran.append(rule.skipped)
                continue
            if rule.check.holds(scope):
                ran.append(rule.passed)
                continue
        except Exception:  # ``run_rule`` runs it again and says why it failed
            pass
        ran.append(run_rule(rule, submission, scope, blocking))
        explained = True
    return ran, [], explained


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
    blocking: t.Sequence[Finding] = (),
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
    unique = _unique(misses)
    fresh = [m for m in unique if suppression.covering(m.pointer, blocking) is None]
    if not fresh:
        by = suppression.covering(unique[0].pointer, blocking)
        assert by is not None  # every miss was covered, the first one too
        return suppression.suppressed(RuleOutcome(rule.info, Status.FAIL), by)
    project = {
        "project.id": submission.project_id,
        "project.title": submission.project_title,
        "as_of": scope.as_of.isoformat(),
    }
    findings = tuple(_finding(rule, submission, project, miss) for miss in fresh)
    return RuleOutcome(rule.info, Status.FAIL, findings)


def _unique(misses: list[Miss]) -> list[Miss]:
    seen: set[str] = set()
    kept = []
    for miss in misses:
        if miss.pointer not in seen:
            seen.add(miss.pointer)
            kept.append(miss)
    return kept


def _finding(
    rule: CompiledRule,
    submission: Submission,
    project: t.Mapping[str, object],
    miss: Miss,
) -> Finding:
    values = {**project, **miss.values}
    # Rule files fold long messages over lines; a finding's message is one line.
    template = miss.message or rule.definition.message
    message = " ".join(render_message(template, values, rule.value_names).split())
    location = submission.locate(miss.pointer)
    return Finding(rule.info, rule.info.severity, message, location)


def render_message(
    template: str,
    values: t.Mapping[str, object],
    names: t.Mapping[str, str] | None = None,
) -> str:
    """Fill ``{name}`` placeholders with plain-English renderings of the values,
    an allowed value by its label in ``names`` (code -> label)."""
    pieces = list(_pieces(template))
    for index in range(1, len(pieces), 2):
        name = pieces[index]
        value = values.get(name, MISSING)
        if (value is MISSING or value is None) and name.startswith("item."):
            # An item without the field that names it (or with null, which the
            # schema reports) is named by its number.
            value = f"item {values['index']}" if "index" in values else value
        pieces[index] = render_value(value, names)
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def _pieces(template: str) -> tuple[str, ...]:
    """Text, placeholder name, text, ..., text: a message split once, not per use."""
    return tuple(PLACEHOLDER.split(template))


#: What a placeholder with no value renders as; a rule whose failing message
#: shows it states an absence as a fact (``rules test`` refuses it).
NOT_GIVEN: t.Final = "(not given)"


def render_value(value: object, names: t.Mapping[str, str] | None = None) -> str:
    """A value as a reader should see it in a message: an allowed value by its
    label in ``names`` (code -> label), when given."""
    if value is MISSING or value is None:
        return NOT_GIVEN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        # A null in a list is the schema's to report; the message lists the rest.
        shown = [render_value(v, names) for v in value if v is not None]
        return ", ".join(shown) if shown else "(none)"
    if isinstance(value, dict):
        return "(a group of fields)"
    if names and isinstance(value, str) and value in names:
        return names[value]
    if isinstance(value, OwnWords):
        return str(value)
    text = " ".join(str(value).split())
    return shortened(text, 80)
