"""``subset_of: [A, B]`` holds when every item of a list is one of the values.

Pass: ``{field: project.delivery.channels_after, subset_of: [website, online_form]}``
on ``["website"]``. Fail: on ``["website", "telephone"]`` (extra: telephone).
An empty list holds.
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, member


def _test(probe: Probe, allowed: list[Scalar]) -> t.Iterator[Miss]:
    if not isinstance(probe.value, list):
        yield probe.miss(extra=[], allowed=allowed)
        return
    extra = [item for item in probe.value if not member(item, allowed)]
    if extra:
        yield probe.miss(extra=extra, allowed=allowed)


def _holds(value: object, allowed: list[Scalar], scope: Scope) -> bool:
    return isinstance(value, list) and all(member(item, allowed) for item in value)


OPERATOR = Operator(
    name="subset_of",
    options=TypeAdapter(t.Annotated[list[Scalar], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    summary="every item of the list is one of the values",
    placeholders=frozenset({"extra", "allowed"}),
    types=frozenset({"array"}),
    literals=list,
    literals_of="items",
)
