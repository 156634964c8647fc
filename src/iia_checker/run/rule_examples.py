"""Run every rule's pass and fail examples, and check the examples use real fields."""

from __future__ import annotations

import copy
import datetime as dt
import typing as t
from dataclasses import dataclass

from jsonschema import Draft202012Validator

from iia_checker.engine import NOT_GIVEN, run_rule
from iia_checker.model import pointers
from iia_checker.model.findings import RuleOutcome, Status
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.operators.base import Scope
from iia_checker.ruleset.loading import CompiledRule, Ruleset
from iia_checker.schema.submission import SubmissionSchema

#: Examples are evaluated as of this date, so date-relative examples never drift.
EXAMPLES_AS_OF: t.Final = dt.date(2025, 1, 1)


@dataclass(frozen=True, slots=True)
class ExampleProblem:
    """An example that does not behave as its rule says."""

    rule_id: str
    source: str
    pointer: str
    message: str

    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.pointer}: {self.message}"


def run_examples(ruleset: Ruleset, schema: SubmissionSchema) -> list[ExampleProblem]:
    """Problems with any rule's examples; empty when every example behaves."""
    fragment_validator = Draft202012Validator(_relaxed(schema.raw))
    problems: list[ExampleProblem] = []
    for rule in ruleset.rules:
        problems.extend(_rule_problems(rule, fragment_validator))
    return problems


def _rule_problems(
    rule: CompiledRule, validator: Draft202012Validator
) -> list[ExampleProblem]:
    problems = []
    examples = rule.definition.examples
    for expected, fragments in (
        (Status.PASS, examples.pass_),
        (Status.FAIL, examples.fail),
    ):
        key = "pass" if expected is Status.PASS else "fail"
        for index, fragment in enumerate(fragments):
            where = f"/examples/{key}/{index}"
            problems.extend(_shape_problems(rule, fragment, where, validator))
            outcome = example_outcome(rule, fragment)
            status = outcome.status
            if (status is Status.FAIL) != (
                expected is Status.FAIL
            ) or status is Status.ERROR:
                message = (
                    f"expected the rule to {key} on this example,"
                    f" but it gave {status.value}"
                )
                problems.append(
                    ExampleProblem(rule.info.id, rule.source, where, message)
                )
            problems.extend(_blank_placeholders(rule, outcome, where))
    return [_with_line(rule, p) for p in problems]


def _with_line(rule: CompiledRule, problem: ExampleProblem) -> ExampleProblem:
    pointer = problem.pointer
    while pointer not in rule.lines and pointer:
        pointer = pointers.parent(pointer)
    line = rule.lines.get(pointer)
    return ExampleProblem(
        problem.rule_id, problem.source, problem.pointer, problem.message, line
    )


def example_status(rule: CompiledRule, fragment: dict[str, t.Any]) -> Status:
    """The rule's status on one example fragment."""
    return example_outcome(rule, fragment).status


def example_outcome(rule: CompiledRule, fragment: dict[str, t.Any]) -> RuleOutcome:
    """The rule's outcome on one example fragment."""
    submission = Submission(rule.source, fragment, PlainLocator(rule.source))
    scope = Scope.of(fragment, EXAMPLES_AS_OF)
    return run_rule(rule, submission, scope)


def _blank_placeholders(
    rule: CompiledRule, outcome: RuleOutcome, where: str
) -> list[ExampleProblem]:
    """A failing message that fills a blank with "(not given)" states an absence
    as a fact: give the branch that fails on an absent value its own message."""
    return [
        ExampleProblem(
            rule.info.id,
            rule.source,
            where,
            f"the failing message has a placeholder with no value: {f.message!r};"
            " add a message to the failing branch or if_present: true",
        )
        for f in outcome.findings
        if NOT_GIVEN in f.message
    ]


def _shape_problems(
    rule: CompiledRule,
    fragment: dict[str, t.Any],
    where: str,
    validator: Draft202012Validator,
) -> list[ExampleProblem]:
    problems = []
    for error in validator.iter_errors(fragment):
        inner = pointers.join(where, *error.absolute_path)
        message = f"example does not fit the submission schema: {error.message}"
        problems.append(ExampleProblem(rule.info.id, rule.source, inner, message))
    return problems


def _relaxed(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    """The schema without ``required``, size minimums and conditions, for
    partial fragments: a condition's ``then`` only asks for more when it holds."""
    relaxed = copy.deepcopy(schema)
    stack: list[t.Any] = [relaxed]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for keyword in ("required", "minItems", "const", "if", "then"):
                node.pop(keyword, None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return relaxed
