"""``holds`` is the fast yes/no of ``misses``: they must agree on every node of every
bundled rule, on the samples and on every rule example."""

from __future__ import annotations

import datetime as dt
import json
import typing as t

import pytest
from hypothesis import given, settings

from iia_checker.operators import OPERATORS, count
from iia_checker.operators.base import MISSING, Node, Scope
from iia_checker.ruleset.combinators import All, Any, Not, Said
from iia_checker.ruleset.conditions import FieldTest, ForEach
from iia_checker.ruleset.loading import Ruleset

from .conftest import SAMPLES
from .test_schema_quick import mutated

AS_OF = dt.date(2021, 9, 1)


def _documents(ruleset: Ruleset) -> list[object]:
    samples = [json.loads(p.read_text()) for p in sorted(SAMPLES.rglob("*.json"))]
    examples = [
        fragment
        for rule in ruleset.rules
        for fragments in rule.definition.examples.model_dump().values()
        for fragment in fragments
    ]
    return [*samples, *examples]


def _items(node: Node, scope: Scope) -> t.Iterator[tuple[Node, Scope]]:
    """Each sub-node with each scope it is evaluated in."""
    if isinstance(node, All | Any):
        yield from ((child, scope) for child in node.children)
    elif isinstance(node, Not | Said):
        yield node.child, scope
    elif isinstance(node, ForEach):
        for inner in _item_scopes(scope.value(node.ref), scope):
            yield from ((n, inner) for n in (node.where, node.check) if n is not None)
    elif isinstance(node, FieldTest) and isinstance(node.options, count.Compiled):
        where = node.options.where
        for inner in _item_scopes(scope.value(node.ref), scope) if where else []:
            yield where, inner


def _item_scopes(items: object, scope: Scope) -> list[Scope]:
    listed = items if isinstance(items, list) else []
    return [scope.item_scope(item, f"/{index}") for index, item in enumerate(listed)]


def _disagreements(node: Node, scope: Scope) -> t.Iterator[str]:
    if node.holds(scope) != (not node.misses(scope)):
        yield f"{node!r} on {scope.item!r}"
    for child, inner in _items(node, scope):
        yield from _disagreements(child, inner)


def test_holds_agrees_with_misses_on_every_rule(ruleset: Ruleset) -> None:
    documents = _documents(ruleset)
    assert len(documents) > 200
    found = [
        problem
        for rule in ruleset.rules
        for node in (rule.when, rule.check)
        if node is not None
        for data in documents
        for problem in _disagreements(node, Scope.of(data, AS_OF))
    ]
    assert found == []


@settings(max_examples=150, deadline=None)
@given(mutated())
def test_holds_agrees_with_misses_on_mutated_samples(
    ruleset: Ruleset, data: dict[str, t.Any]
) -> None:
    scope = Scope.of(data, AS_OF)
    for rule in ruleset.rules:
        for node in (rule.when, rule.check):
            if node is not None:
                assert list(_disagreements(node, scope)) == []


#: Values that tell text, booleans, numbers and nothing apart.
AWKWARD: t.Final[list[object]] = [
    *("neutral", "Neutral", "", "  ", "1", "true"),
    *(True, False, 1, 0, 1.0, 0.0, 2),
    *(None, MISSING, [], ["neutral"], {}, {"a": 1}),
]
BOUND_OPTIONS: t.Final = [
    ("equals", ["neutral", True, False, None, 1, 0, 1.5]),
    ("one_of", [["neutral", "mixed"], [True, "x"], [1, 2], [0, "neutral"]]),
    ("non_empty", [True, False]),
]


@pytest.mark.parametrize(("name", "choices"), BOUND_OPTIONS)
def test_a_bound_operator_answers_as_its_holds(
    name: str, choices: list[object]
) -> None:
    operator = OPERATORS[name]
    scope = Scope.of({}, AS_OF)
    assert operator.holds is not None
    bound_any = False
    for options in choices:
        bound = operator.bound(options)
        if bound is None:  # these options keep ``holds``
            continue
        bound_any = True
        for value in AWKWARD:
            expected = operator.holds(value, options, scope)
            assert bound(value) is expected, (options, value)
    assert bound_any
