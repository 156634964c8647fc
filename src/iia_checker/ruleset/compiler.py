"""Compile rule conditions into the nodes of ``conditions``, checking every field
path against the submission schema (``fields``) and every option against
its operator."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from pydantic import ValidationError

from iia_checker.operators import OPERATORS
from iia_checker.operators.base import FieldRef, Node, Operator
from iia_checker.ruleset.combinators import All, Any, Not, Said
from iia_checker.ruleset.conditions import (
    BASE_PLACEHOLDERS,
    COMBINATORS,
    FOR_EACH,
    IF_PRESENT,
    MESSAGE,
    WHEN_ABSENT,
    FieldTest,
    ForEach,
)
from iia_checker.ruleset.fields import FieldChecker
from iia_checker.ruleset.leaf_problems import (
    LEAF_KEYS,
    leaf_problems,
    option_problems,
    unknown_operator,
)
from iia_checker.schema import names
from iia_checker.schema.submission import Schema, SubmissionSchema


@dataclass(frozen=True, slots=True)
class Problem:
    """A mistake in a condition: a pointer inside the rule file and a message."""

    pointer: str
    message: str


class ConditionCompiler:
    """Compiles conditions of one rule, collecting problems and placeholders."""

    def __init__(self, schema: SubmissionSchema) -> None:
        self.schema = schema
        self.problems: list[Problem] = []
        self.placeholders: set[str] = set()
        #: Each branch message and where it is in the rule file.
        self.messages: list[tuple[str, str]] = []
        self._fields = FieldChecker(schema, self.problem)
        #: The schema of the field compiled last, whose items ``for_items`` uses.
        self._current: Schema | None = None

    def compile(self, raw: object, where: str) -> Node:
        """Compile one condition found at ``where`` in the rule file."""
        if not isinstance(raw, dict) or not raw:
            self.problem(
                where, "a condition is a mapping such as {field: ..., equals: ...}"
            )
            return All(())
        if MESSAGE in raw:
            return self._said(raw, where)
        combinator = [key for key in COMBINATORS if key in raw]
        if combinator:
            return self._combination(raw, where, combinator[0])
        return self._leaf(raw, where)

    def problem(self, where: str, message: str) -> None:
        """Record a mistake."""
        self.problems.append(Problem(where, message))

    def field(self, path: str, where: str, *, absolute: bool = False) -> FieldRef:
        """Check a dotted path against the schema and compile it."""
        ref, node = self._fields.resolve(path, where, absolute=absolute)
        self._current = node
        return ref

    def for_items(self, raw: object, where: str) -> Node:
        """Compile a condition on each item of the field compiled last."""
        items = self._fields.items_of(self._current, where)
        return self._within(items, raw, where)

    def item_labels(self, key: str | None, where: str) -> dict[str, str]:
        """The labels of ``key``'s allowed values in the items of the field compiled
        last (of the items themselves without ``key``), from the schema."""
        items = self._fields.items_of(self._current, where)
        if items is None:
            return {}
        node = items if key is None else self.schema.properties(items).get(key)
        return names.labels(self.schema.deref(node)) if node else {}

    def _said(self, raw: dict[str, t.Any], where: str) -> Node:
        message = raw[MESSAGE]
        rest = {key: value for key, value in raw.items() if key != MESSAGE}
        node = self.compile(rest, where)
        if not isinstance(message, str) or len(message.strip()) < 10:
            self.problem(
                f"{where}/{MESSAGE}",
                "a branch message is a sentence saying what failed (10+ characters)",
            )
            return node
        self.messages.append((f"{where}/{MESSAGE}", message))
        return Said(node, " ".join(message.split()))

    def _combination(self, raw: dict[str, t.Any], where: str, name: str) -> Node:
        others = sorted(set(raw) - {name})
        if others:
            self.problem(
                where,
                f'"{name}" must be alone in its condition;'
                f" also found: {', '.join(others)}",
            )
        value = raw[name]
        if name == "not":
            return Not(self.compile(value, f"{where}/not"))
        if not isinstance(value, list) or not value:
            self.problem(
                f"{where}/{name}", f'"{name}" takes a non-empty list of conditions'
            )
            return All(())
        children = tuple(
            self.compile(item, f"{where}/{name}/{i}") for i, item in enumerate(value)
        )
        return All(children) if name == "all" else Any(children)

    def _leaf(self, raw: dict[str, t.Any], where: str) -> Node:
        operators = [key for key in raw if key not in LEAF_KEYS]
        if "field" not in raw or len(operators) != 1:
            for suffix, message in leaf_problems(raw, operators):
                self.problem(where + suffix, message)
            return All(())
        name = operators[0]
        if not isinstance(raw["field"], str):
            self.problem(
                f"{where}/field",
                "field must be a dotted field name such as project.title",
            )
            return All(())
        ref, node = self._fields.resolve(raw["field"], f"{where}/field")
        if name == FOR_EACH:
            return self._for_each(ref, node, raw[name], f"{where}/{name}")
        operator = OPERATORS.get(name)
        if operator is None:
            self.problem(f"{where}/{name}", unknown_operator(name))
            return All(())
        test = self._operator(operator, ref, node, raw[name], f"{where}/{name}")
        return self._absence(raw, where, test)

    def _absence(self, raw: dict[str, t.Any], where: str, test: Node) -> Node:
        """``test`` with ``if_present`` and ``when_absent`` applied."""
        if_present = raw.get(IF_PRESENT, False)
        said = raw.get(WHEN_ABSENT)
        if not isinstance(if_present, bool):
            self.problem(f"{where}/{IF_PRESENT}", "if_present is true or false")
        if said is not None and (not isinstance(said, str) or len(said) < 10):
            self.problem(
                f"{where}/{WHEN_ABSENT}",
                "when_absent is a sentence saying what is not recorded",
            )
            said = None
        if if_present is True and said is not None:
            self.problem(where, "give if_present or when_absent, not both")
        if said is not None:
            self.messages.append((f"{where}/{WHEN_ABSENT}", said))
            said = " ".join(said.split())
        if not isinstance(test, FieldTest) or (if_present is not True and not said):
            return test
        return FieldTest(
            test.ref,
            test.operator,
            test.options,
            if_present=if_present is True,
            absent_message=said,
        )

    def _operator(
        self,
        operator: Operator,
        ref: FieldRef,
        node: Schema | None,
        raw: object,
        where: str,
    ) -> Node:
        try:
            options = operator.options.validate_python(raw)
        except ValidationError as exc:
            for suffix, message in option_problems(exc):
                self.problem(where + suffix, message)
            return All(())
        self._fields.check_types(operator, ref, node, where)
        self._fields.check_literals(operator, options, ref, node, where)
        self.placeholders |= BASE_PLACEHOLDERS | operator.placeholders
        self._current = node
        prepared = operator.prepare(options, self, where)
        return FieldTest(ref, operator, prepared)

    def _for_each(
        self, ref: FieldRef, node: Schema | None, raw: object, where: str
    ) -> Node:
        if (
            not isinstance(raw, dict)
            or "check" not in raw
            or set(raw) - {"where", "check"}
        ):
            self.problem(
                where,
                "for_each takes {check: CONDITION} and optionally where: CONDITION",
            )
            return All(())
        items = self._fields.items_of(node, where)
        filter_node = (
            self._within(items, raw["where"], f"{where}/where")
            if "where" in raw
            else None
        )
        check = self._within(items, raw["check"], f"{where}/check")
        self.placeholders.add("index")
        if items is not None:
            self.placeholders |= {
                f"item.{name}" for name in self.schema.properties(items)
            }
        return ForEach(ref, filter_node, check)

    def _within(self, items: Schema | None, raw: object, where: str) -> Node:
        with self._fields.within(items):
            return self.compile(raw, where)
