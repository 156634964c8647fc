"""``equals: VALUE`` holds when the field equals a fixed value.

Pass: ``{field: assessment.stage, equals: full}`` on ``"full"``.
Fail: on ``"screening"``.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, same


def _test(probe: Probe, expected: Scalar) -> t.Iterator[Miss]:
    if not same(probe.value, expected):
        yield probe.miss(expected=expected)


def _holds(value: object, expected: Scalar, scope: Scope) -> bool:
    return same(value, expected)


OPERATOR = Operator(
    name="equals",
    options=TypeAdapter(Scalar),
    test=_test,
    holds=_holds,
    summary="the field equals the given value",
    placeholders=frozenset({"expected"}),
    literals=lambda expected: [expected],
)
