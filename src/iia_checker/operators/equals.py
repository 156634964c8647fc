"""``equals: VALUE`` holds when the field equals a fixed value.

Pass: ``{field: assessment.stage, equals: full}`` on ``"full"``.
Fail: on ``"screening"``.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import (
    Bound,
    Miss,
    Operator,
    Probe,
    Scalar,
    Scope,
    same,
)


def _test(probe: Probe, expected: Scalar) -> t.Iterator[Miss]:
    if not same(probe.value, expected):
        yield probe.miss(expected=expected)


def _holds(value: object, expected: Scalar, scope: Scope) -> bool:
    return same(value, expected)


def _bind(expected: Scalar) -> Bound | None:
    # Only a text equals text, and only ``true`` is ``true``: ``same`` without its
    # number-against-boolean care. A number keeps it.
    if isinstance(expected, str):
        return lambda value: value == expected
    if isinstance(expected, bool) or expected is None:
        return lambda value: value is expected
    return None


OPERATOR = Operator(
    name="equals",
    options=TypeAdapter(Scalar),
    test=_test,
    holds=_holds,
    bind=_bind,
    summary="the field equals the given value",
    placeholders=frozenset({"expected"}),
    literals=lambda expected: [expected],
)
