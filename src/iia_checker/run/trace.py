"""Why a rule held or failed on one submission, condition by condition, in words.

``explain RULE FILE`` walks the compiled condition beside the rule file's own
condition (the two have the same shape) and says, for each field it tested, the
field's title, where it is (cell or line, and pointer), the value found, what the
rule wants, and whether that held. Lists show the items that failed. This is the
explaining path only: checking never calls it, so it costs the hot path nothing.
"""

from __future__ import annotations

import typing as t

from iia_checker.engine import render_value
from iia_checker.model.findings import Location
from iia_checker.model.plural import counted
from iia_checker.model.submission import Submission
from iia_checker.operators import count
from iia_checker.operators.base import MISSING, Node, Scope
from iia_checker.ruleset.combinators import All, Any, Not, Said
from iia_checker.ruleset.conditions import FieldTest, ForEach
from iia_checker.run.wants import wanted

#: Failing list items described in full; the rest are counted.
ITEMS_SHOWN: t.Final = 10
_INDENT: t.Final = "  "


def trace(
    node: Node,
    raw: object,
    scope: Scope,
    submission: Submission,
    names: t.Mapping[str, str] | None = None,
) -> list[str]:
    """Lines saying how ``node`` (compiled from ``raw``) went in ``scope``; allowed
    values by their labels in ``names`` (code -> label), as messages show them."""
    return _Tracer(submission, names or {}).node(node, raw, scope, 0)


class _Tracer:
    def __init__(self, submission: Submission, names: t.Mapping[str, str]) -> None:
        self.submission = submission
        self.names = names

    def node(self, node: Node, raw: object, scope: Scope, depth: int) -> list[str]:
        spec = raw if isinstance(raw, dict) else {}
        if isinstance(node, Said):  # a branch's own message: trace what it wraps
            return self.node(node.child, raw, scope, depth)
        if isinstance(node, FieldTest):
            return [self._indent(depth) + self._field_test(node, spec, scope)]
        if isinstance(node, ForEach):
            return self._for_each(node, spec.get("for_each", {}), scope, depth)
        if isinstance(node, Not):
            head = _verdict(node.holds(scope)) + " this must not hold:"
            inner = self.node(node.child, spec.get("not"), scope, depth + 1)
            return [self._indent(depth) + head, *inner]
        if isinstance(node, All | Any):
            return self._combination(node, spec, scope, depth)
        return [self._indent(depth) + _verdict(node.holds(scope)) + " (no condition)"]

    def _combination(
        self, node: All | Any, spec: dict[str, t.Any], scope: Scope, depth: int
    ) -> list[str]:
        name = "all" if isinstance(node, All) else "any"
        given = spec.get(name)
        raws: list[object] = given if isinstance(given, list) else []
        wanted = "every one of these" if name == "all" else "at least one of these"
        lines = [f"{self._indent(depth)}{_verdict(node.holds(scope))} {wanted}:"]
        for index, child in enumerate(node.children):
            raw = raws[index] if index < len(raws) else None
            lines.extend(self.node(child, raw, scope, depth + 1))
        return lines

    def _field_test(self, node: FieldTest, spec: dict[str, t.Any], scope: Scope) -> str:
        value, pointer = scope.lookup(node.ref)
        name = node.operator.name
        wants = wanted(name, spec, node.operator.summary, self.names)
        where = self._place(pointer)
        phrase = _value_phrase(value, self.names) + _meeting(node, value, scope)
        held = _verdict(node.holds(scope))
        return f"{held} {node.ref.title} ({where}) {phrase}; it {wants}"

    def _for_each(
        self, node: ForEach, spec: dict[str, t.Any], scope: Scope, depth: int
    ) -> list[str]:
        items, pointer = scope.lookup(node.ref)
        rows = items if isinstance(items, list) else []
        scopes = [scope.item_scope(row, f"{pointer}/{i}") for i, row in enumerate(rows)]
        chosen = [
            (index, inner)
            for index, inner in enumerate(scopes)
            if node.where is None or node.where.holds(inner)
        ]
        failing = [(i, inner) for i, inner in chosen if not node.check.holds(inner)]
        meets = f", {len(chosen)} meeting its condition" if node.where else ""
        head = (
            f"{self._indent(depth)}{_verdict(not failing)} for each item of"
            f" {node.ref.title} ({self._place(pointer)}): {len(rows)} items{meets},"
            f" {len(failing)} failing"
        )
        lines = [head]
        for index, inner in failing[:ITEMS_SHOWN]:
            lines.append(
                f"{self._indent(depth + 1)}item {index + 1}"
                f" ({self._place(inner.item_pointer)}):"
            )
            lines.extend(self.node(node.check, spec.get("check"), inner, depth + 2))
        if len(failing) > ITEMS_SHOWN:
            more = len(failing) - ITEMS_SHOWN
            lines.append(f"{self._indent(depth + 1)}... and {more} more failing items")
        return lines

    def _place(self, pointer: str) -> str:
        return describe_place(self.submission.locate(pointer), pointer)

    @staticmethod
    def _indent(depth: int) -> str:
        return _INDENT * depth


def describe_place(location: Location, pointer: str) -> str:
    """``sheet Actions cell C4, /actions/0/owner`` or ``line 40, /monitoring``."""
    if location.sheet:
        cell = f" cell {location.cell}" if location.cell else ""
        place = f"sheet {location.sheet}{cell}"
    elif location.line is not None:
        place = f"line {location.line}"
    else:
        place = ""
    shown = pointer or "/"
    return f"{place}, {shown}" if place else shown


def _value_phrase(value: object, names: t.Mapping[str, str]) -> str:
    if value is MISSING or value is None:
        return "is not given"
    if value == [] or value == {}:
        return "is empty"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "has " + counted(len(value), "item")
    if isinstance(value, dict):
        return "is filled in"
    return f"is {render_value(value, names)}"


def _meeting(node: FieldTest, value: object, scope: Scope) -> str:
    """For a ``count`` with ``where``, how many items meet it, as for_each says it."""
    options = node.options
    if not isinstance(options, count.Compiled) or options.where is None:
        return ""
    if not isinstance(value, list):
        return ""
    return f", {count.meeting(value, options, scope)} meeting its condition"


def _verdict(held: bool) -> str:
    return "[holds]" if held else "[fails]"
