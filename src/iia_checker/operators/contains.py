"""``contains: VALUE`` holds when a list includes the value.

Pass: ``{field: project.boards, contains: hub_and_spoke}`` on
``["digital_first", "hub_and_spoke"]``. Fail: on ``["digital_first"]``.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, member


def _test(probe: Probe, expected: Scalar) -> t.Iterator[Miss]:
    items = probe.value if isinstance(probe.value, list) else []
    if not member(expected, items):
        yield probe.miss(expected=expected)


def _holds(value: object, expected: Scalar, scope: Scope) -> bool:
    return isinstance(value, list) and member(expected, value)


OPERATOR = Operator(
    name="contains",
    options=TypeAdapter(Scalar),
    test=_test,
    holds=_holds,
    summary="the list includes the value",
    placeholders=frozenset({"expected"}),
    types=frozenset({"array"}),
    literals=lambda expected: [expected],
    literals_of="items",
)
