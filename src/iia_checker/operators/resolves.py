"""``resolves: {in: PATH, key: id}``: each reference names an item that exists.

The field holds one id or a list of ids; ``in`` names a list of objects (from the
submission root) whose ``key`` they must match. Each unresolved id gives one miss;
an absent field cites nothing and holds.

Pass: ``{field: evidence_ids, resolves: {in: evidence}}`` with E1 listed. Fail: E9.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker.model import pointers
from iia_checker.operators.base import (
    MISSING,
    Compiler,
    FieldRef,
    Miss,
    Operator,
    Probe,
    Scope,
)


class ResolvesOptions(BaseModel):
    """The list to look in and the key that holds each item's id."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    in_: str = Field(alias="in")
    key: str = "id"


# eq=False: hashed by identity, a cheap key for the ids kept in ``Scope.memo``.
@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """The compiled list to look in, and the key of each item's id."""

    ref: FieldRef
    key: str


def _prepare(options: ResolvesOptions, compiler: Compiler, where: str) -> Target:
    ref = compiler.field(options.in_, where + "/in", absolute=True)
    return Target(ref, options.key)


def _test(probe: Probe, target: Target) -> t.Iterator[Miss]:
    value = probe.value
    if not probe.exists:
        return  # no reference, nothing to resolve
    known = _known(probe.scope, target)
    refs = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    for index, ref in refs:
        if isinstance(ref, str) and ref not in known:
            where = (
                probe.pointer if index is None else pointers.join(probe.pointer, index)
            )
            yield Miss(where, {"unresolved": ref, "target": target.ref.title})


def _holds(value: object, target: Target, scope: Scope) -> bool:
    if value is MISSING or value is None:
        return True  # no reference, nothing to resolve
    refs = value if isinstance(value, list) else [value]
    cited = [ref for ref in refs if isinstance(ref, str)]
    return not cited or _known(scope, target).issuperset(cited)


def _known(scope: Scope, target: Target) -> frozenset[object]:
    """The ids of the items in the target list, worked out once per submission."""
    known = scope.memo.get(target)
    if known is None:
        listed = scope.value(target.ref)
        known = scope.memo[target] = frozenset(
            item.get(target.key)
            for item in (listed if isinstance(listed, list) else [])
            if isinstance(item, dict) and isinstance(item.get(target.key), str)
        )
    return t.cast(frozenset[object], known)


OPERATOR = Operator(
    name="resolves",
    options=TypeAdapter(ResolvesOptions),
    test=_test,
    holds=_holds,
    summary="each id in the field (if any) names an existing item of another list",
    placeholders=frozenset({"unresolved", "target"}),
    prepare=_prepare,
    types=frozenset({"string", "array"}),
    needs_value=False,
)
