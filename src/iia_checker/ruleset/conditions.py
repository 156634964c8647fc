"""The nodes rule conditions (``when`` and ``check``) compile into, and how they
evaluate; ``compiler`` builds them from rule files.

A condition is ``{field: PATH, OPERATOR: OPTIONS}``, ``{field: PATH, for_each:
{where, check}}``, or a combination with ``all``, ``any`` and ``not`` (nodes in
``combinators``), any of them with a ``message``. Paths are
dotted field names checked against the submission schema; inside ``for_each`` (and
``count.where``) they start at the current item, and ``$.`` starts at the root.

Every node answers ``holds`` (yes/no, building nothing: the path almost every rule
takes) and ``misses`` (what failed and where, asked only to explain a failure).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from iia_checker.operators.base import (
    MISSING,
    Bound,
    FieldRef,
    Holds,
    Miss,
    Node,
    Operator,
    Probe,
    Scope,
)

COMBINATORS: t.Final = ("all", "any", "not")
FOR_EACH: t.Final = "for_each"
#: A key any condition may carry: what to say when this branch fails.
MESSAGE: t.Final = "message"
#: A leaf key: the condition holds when the field has no value (it applies only
#: to values that exist), so absence is never judged as a negative fact.
IF_PRESENT: t.Final = "if_present"
#: A leaf key: what to say when the condition fails because the field has no
#: value (absent or null), instead of a message about a value.
WHEN_ABSENT: t.Final = "when_absent"
BASE_PLACEHOLDERS: t.Final = frozenset({"value", "field", "path"})


@dataclass(frozen=True, slots=True)
class FieldTest:
    """``{field: PATH, OPERATOR: OPTIONS}``."""

    ref: FieldRef
    operator: Operator
    options: t.Any
    #: With ``if_present: true``: an absent or null value passes.
    if_present: bool = False
    #: With ``when_absent``: the message of a miss on an absent or null value.
    absent_message: str | None = None
    #: The operator's ``holds``, or its stand-in made from ``test``.
    predicate: Holds = field(init=False, repr=False, compare=False)
    #: The operator's ``holds`` bound to ``options``, when it has one.
    bound: Bound | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "predicate", self.operator.predicate())
        object.__setattr__(self, "bound", self.operator.bound(self.options))

    def holds(self, scope: Scope) -> bool:
        """Whether the operator holds, without building misses."""
        # ``scope.value(ref)`` inlined: this runs for every leaf on every item.
        ref = self.ref
        value = scope.root if ref.absolute else scope.item
        for token in ref.tokens:
            value = value.get(token, MISSING) if isinstance(value, dict) else MISSING
        if value is MISSING or value is None:
            if self.if_present:
                return True
            if self.operator.needs_value:
                return False
        bound = self.bound
        if bound is not None:
            return bound(value)
        return self.predicate(value, self.options, scope)

    def misses(self, scope: Scope) -> list[Miss]:
        """Misses of the operator, each with ``value``, ``field`` and ``path``."""
        value, pointer = scope.lookup(self.ref)
        if value is MISSING or value is None:
            if self.if_present:
                return []
            if self.operator.needs_value:
                return [Miss(pointer, self._base(value), self.absent_message)]
            if self.absent_message is not None:
                found = self.operator.test(Probe(value, pointer, scope), self.options)
                said = self.absent_message
                return [
                    Miss(m.pointer, {**self._base(value), **m.values}, said)
                    for m in found
                ]
        found = self.operator.test(Probe(value, pointer, scope), self.options)
        return [
            Miss(miss.pointer, {**self._base(value), **miss.values}) for miss in found
        ]

    def _base(self, value: object) -> dict[str, object]:
        return {"value": value, "field": self.ref.title, "path": self.ref.dotted}

    def anchor(self, scope: Scope) -> Miss:
        """A miss at this field, used when a ``not`` around it fails."""
        value, pointer = scope.lookup(self.ref)
        return Miss(pointer, self._base(value))


@dataclass(frozen=True, slots=True)
class ForEach:
    """``{field: LIST, for_each: {where, check}}``: a miss per failing item."""

    ref: FieldRef
    where: Node | None
    check: Node

    def holds(self, scope: Scope) -> bool:
        """Whether ``check`` holds in every item that meets ``where``."""
        items = scope.value(self.ref)
        where, check = self.where, self.check
        for inner in scope.item_scopes(items) if isinstance(items, list) else ():
            if (where is None or where.holds(inner)) and not check.holds(inner):
                return False
        return True

    def misses(self, scope: Scope) -> list[Miss]:
        """Misses of ``check`` in every item that meets ``where``."""
        found: list[Miss] = []
        for index, item, inner in self._chosen(scope):
            misses = self.check.misses(inner)
            if misses:
                context = _item_values(item, index)
                found.extend(
                    Miss(m.pointer, {**context, **m.values}, m.message) for m in misses
                )
        return found

    def _chosen(self, scope: Scope) -> t.Iterator[tuple[int, object, Scope]]:
        """Each item that meets ``where``: its index, itself and its scope."""
        items, pointer = scope.lookup(self.ref)
        if not isinstance(items, list):
            return
        where = self.where
        for index, item in enumerate(items):
            inner = scope.item_scope(item, f"{pointer}/{index}")
            if where is None or where.holds(inner):
                yield index, item, inner

    def anchor(self, scope: Scope) -> Miss:
        """A miss at the list."""
        return Miss(scope.lookup(self.ref)[1], {"field": self.ref.title})


def _item_values(item: object, index: int) -> dict[str, object]:
    values: dict[str, object] = {"index": index + 1}
    if isinstance(item, dict):
        values.update(
            {f"item.{k}": v for k, v in item.items() if not isinstance(v, dict)}
        )
    return values
