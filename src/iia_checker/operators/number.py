"""``number: {min, max}`` bounds a number (inclusive).

Pass: ``{field: accessibility.testing.outstanding_issues, number: {max: 0}}`` on 0.
Fail: on 3.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scope, is_number
from iia_checker.operators.bounds import Bounds


def _test(probe: Probe, bounds: Bounds) -> t.Iterator[Miss]:
    if not _holds(probe.value, bounds, probe.scope):
        yield probe.miss(**bounds.values())


def _holds(value: object, bounds: Bounds, scope: Scope) -> bool:
    return is_number(value) and not bounds.outside(t.cast(float, value))


OPERATOR = Operator(
    name="number",
    options=TypeAdapter(Bounds),
    test=_test,
    holds=_holds,
    summary="the number is within min and max (inclusive)",
    placeholders=frozenset({"min", "max"}),
    types=frozenset({"integer", "number"}),
)
