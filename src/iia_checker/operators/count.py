"""``count: {min, max, where}`` bounds how many items a list has (that meet ``where``).

Pass: ``{field: assessment.participants, count: {min: 2}}`` on two people.
Fail: on one. With ``where``, only items meeting that condition are counted:
``{field: evidence, count: {min: 1, where: {field: local, equals: true}}}``.
``{count}`` is how many were counted, and ``{items}`` names them: each by its id,
or by its number from 1 ("item 3") when it has none, so that a message about
"actions without an owner" can say which.
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, TypeAdapter

from iia_checker.operators.base import Compiler, Miss, Node, Operator, Probe, Scope
from iia_checker.operators.bounds import Bounds


class CountOptions(Bounds):
    """Bounds plus an optional filter applied to each item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: dict[str, t.Any] | None = None


class Compiled(BaseModel):
    """Bounds with the filter compiled."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    bounds: Bounds
    where: t.Any = None


def _prepare(options: CountOptions, compiler: Compiler, where: str) -> Compiled:
    bounds = Bounds(min=options.min, max=options.max)
    node = None
    if options.where is not None:
        node = compiler.for_items(options.where, where + "/where")
    return Compiled(bounds=bounds, where=node)


def _test(probe: Probe, options: Compiled) -> t.Iterator[Miss]:
    # The explaining path: the counted items are named in the same walk.
    names = _named(probe.value, options.where, probe.scope)
    if not isinstance(probe.value, list) or options.bounds.outside(len(names)):
        items = _at_most(names, NAMED_AT_MOST)
        yield probe.miss(count=len(names), items=items, **options.bounds.values())


def _holds(value: object, options: Compiled, scope: Scope) -> bool:
    if not isinstance(value, list):
        return False
    return not options.bounds.outside(_count(value, options.where, scope))


def meeting(value: object, options: Compiled, scope: Scope) -> int:
    """How many items of ``value`` meet the ``where`` of ``options`` (for explain)."""
    return _count(value, options.where, scope)


def _count(value: object, where: Node | None, scope: Scope) -> int:
    if not isinstance(value, list):
        return 0
    if where is None:
        return len(value)
    counted = 0
    for inner in scope.item_scopes(value):
        counted += where.holds(inner)
    return counted


#: Items named in one message; a longer list ends "and N more".
NAMED_AT_MOST: t.Final = 20


def _named(value: object, where: Node | None, scope: Scope) -> list[str]:
    """The counted items of ``value``, each by its id or its number from 1."""
    if not isinstance(value, list):
        return []
    return [
        _name(item, number)
        for number, (item, inner) in enumerate(
            zip(value, scope.item_scopes(value), strict=True), start=1
        )
        if where is None or where.holds(inner)
    ]


def _at_most(names: list[str], limit: int) -> list[str]:
    """``names``, or its first ``limit`` and "and N more"."""
    if len(names) <= limit:
        return names
    return [*names[:limit], f"and {len(names) - limit} more"]


def _name(item: object, number: int) -> str:
    key = item.get("id") if isinstance(item, dict) else None
    return key if isinstance(key, str) and key.strip() else f"item {number}"


OPERATOR = Operator(
    name="count",
    options=TypeAdapter(CountOptions),
    test=_test,
    holds=_holds,
    summary="the number of items (meeting `where`) is within min and max",
    placeholders=frozenset({"count", "items", "min", "max"}),
    prepare=_prepare,
    types=frozenset({"array"}),
)
