"""``resolves: {in: PATH, key: id}``: each reference names an item that exists.

The field holds one id or a list of ids; ``in`` names a list of objects (from the
submission root) whose ``key`` they must match. Each unresolved id gives one miss;
an absent field cites nothing and holds.

Pass: ``{field: evidence_ids, resolves: {in: evidence}}`` with E1 listed. Fail: E9.
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker import pointers
from iia_checker.checks.base import (
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


Compiled = tuple[FieldRef, str]


def _prepare(options: ResolvesOptions, compiler: Compiler, where: str) -> Compiled:
    return compiler.field(options.in_, where + "/in", absolute=True), options.key


def _test(probe: Probe, compiled: Compiled) -> t.Iterator[Miss]:
    target = compiled[0]
    value = probe.value
    if not probe.exists:
        return  # no reference, nothing to resolve
    known = _known(probe.scope, compiled)
    refs = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    for index, ref in refs:
        if isinstance(ref, str) and ref not in known:
            where = (
                probe.pointer if index is None else pointers.join(probe.pointer, index)
            )
            yield Miss(where, {"unresolved": ref, "target": target.title})


def _holds(value: object, compiled: Compiled, scope: Scope) -> bool:
    if value is MISSING or value is None:
        return True  # no reference, nothing to resolve
    refs = value if isinstance(value, list) else [value]
    cited = [ref for ref in refs if isinstance(ref, str)]
    return not cited or _known(scope, compiled).issuperset(cited)


def _known(scope: Scope, compiled: Compiled) -> set[object]:
    """The ids of the items in the target list."""
    target, key = compiled
    listed = scope.value(target)
    return {
        item.get(key)
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict) and isinstance(item.get(key), str)
    }


CHECK = Operator(
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
