"""``contains_all: [A, B]`` holds when a list includes every one of the values.

Pass: ``{field: accessibility.user_research_with, contains_all: [disabled_people,
low_digital_skills]}`` on both. Fail: on ``["disabled_people"]`` (missing:
low_digital_skills).
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, member


def _test(probe: Probe, wanted: list[Scalar]) -> t.Iterator[Miss]:
    items = probe.value if isinstance(probe.value, list) else []
    missing = [value for value in wanted if not member(value, items)]
    if missing:
        yield probe.miss(missing=missing, expected=wanted)


def _holds(value: object, wanted: list[Scalar], scope: Scope) -> bool:
    items = value if isinstance(value, list) else []
    return all(member(one, items) for one in wanted)


OPERATOR = Operator(
    name="contains_all",
    options=TypeAdapter(t.Annotated[list[Scalar], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    summary="the list includes every one of the values",
    placeholders=frozenset({"missing", "expected"}),
    types=frozenset({"array"}),
    literals=list,
    literals_of="items",
)
