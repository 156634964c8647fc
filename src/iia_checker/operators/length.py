"""``length: {min, max}`` bounds the length of a text, ignoring surrounding spaces.

Pass: ``{field: project.summary_of_change, length: {min: 100}}`` on a paragraph.
Fail: on ``"New system"``.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scope
from iia_checker.operators.bounds import Bounds


def _test(probe: Probe, bounds: Bounds) -> t.Iterator[Miss]:
    if not isinstance(probe.value, str):
        yield probe.miss(length=0, **bounds.values())
        return
    length = len(probe.value.strip())
    if bounds.outside(length):
        yield probe.miss(length=length, **bounds.values())


def _holds(value: object, bounds: Bounds, scope: Scope) -> bool:
    return isinstance(value, str) and not bounds.outside(len(value.strip()))


OPERATOR = Operator(
    name="length",
    options=TypeAdapter(Bounds),
    test=_test,
    holds=_holds,
    summary="the text length (ignoring surrounding spaces) is within min and max",
    placeholders=frozenset({"length", "min", "max"}),
    types=frozenset({"string"}),
)
