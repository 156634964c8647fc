"""``same_as: PATH`` holds when the field equals another field (or the other is absent).

Pass: ``{field: childrens_rights.children_affected, same_as:
project.affected.children_young_people}`` when both say ``indirectly``. Fail: when
they differ.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import (
    MISSING,
    Compiler,
    FieldRef,
    Miss,
    Operator,
    Probe,
    Scope,
    same,
)


def _prepare(path: str, compiler: Compiler, where: str) -> FieldRef:
    return compiler.field(path, where)


def _test(probe: Probe, other_ref: FieldRef) -> t.Iterator[Miss]:
    other, _ = probe.scope.lookup(other_ref)
    if other is MISSING or other is None:
        return
    if not same(probe.value, other):
        yield probe.miss(other=other, other_field=other_ref.title)


def _holds(value: object, other_ref: FieldRef, scope: Scope) -> bool:
    other = scope.value(other_ref)
    return other is MISSING or other is None or same(value, other)


OPERATOR = Operator(
    name="same_as",
    options=TypeAdapter(str),
    test=_test,
    holds=_holds,
    summary="the field equals another field (when that one is given)",
    placeholders=frozenset({"other", "other_field"}),
    prepare=_prepare,
)
