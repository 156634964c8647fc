"""``one_of: [A, B]`` holds when the field equals one of the listed values.

Pass: ``{field: accessibility.wcag_target, one_of: [wcag_2_2_aa, wcag_2_1_aa]}`` on
``"wcag_2_2_aa"``. Fail: on ``"other"``.
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import (
    Bound,
    Miss,
    Operator,
    Probe,
    Scalar,
    Scope,
    member,
)


def _test(probe: Probe, allowed: list[Scalar]) -> t.Iterator[Miss]:
    if not member(probe.value, allowed):
        yield probe.miss(allowed=allowed)


def _holds(value: object, allowed: list[Scalar], scope: Scope) -> bool:
    return member(value, allowed)


def _bind(allowed: list[Scalar]) -> Bound | None:
    # Among texts only a text is found: ``member`` without its number care.
    if all(isinstance(choice, str) for choice in allowed):
        return tuple(allowed).__contains__
    return None


OPERATOR = Operator(
    name="one_of",
    options=TypeAdapter(t.Annotated[list[Scalar], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    bind=_bind,
    summary="the field equals one of the listed values",
    placeholders=frozenset({"allowed"}),
    literals=list,
)
