"""``contains_any: [A, B]`` holds when a list includes at least one of the values.

Pass: ``{field: accessibility.inclusive_communication.formats, contains_any:
[easy_read, large_print]}`` on ``["easy_read"]``. Fail: on ``["online"]``.
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, member


def _test(probe: Probe, wanted: list[Scalar]) -> t.Iterator[Miss]:
    if not _holds(probe.value, wanted, probe.scope):
        yield probe.miss(expected=wanted)


def _holds(value: object, wanted: list[Scalar], scope: Scope) -> bool:
    items = value if isinstance(value, list) else []
    return any(member(one, items) for one in wanted)


OPERATOR = Operator(
    name="contains_any",
    options=TypeAdapter(t.Annotated[list[Scalar], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    summary="the list includes at least one of the values",
    placeholders=frozenset({"expected"}),
    types=frozenset({"array"}),
    literals=list,
    literals_of="items",
)
