"""The nodes that combine conditions: ``all``, ``any``, ``not``, and a branch's
own ``message`` (``Said``); ``conditions`` has the leaves and lists they combine.

Like every node they answer ``holds`` (yes/no, building nothing) and ``misses``
(what failed and where, asked only to explain a failure).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from iia_checker.operators.base import Miss, Node, Scope


@dataclass(frozen=True, slots=True)
class Said:
    """A condition with ``message``: its misses say this unless a branch inside
    already says something more exact."""

    child: Node
    message: str

    def holds(self, scope: Scope) -> bool:
        """Whether the child holds."""
        return self.child.holds(scope)

    def misses(self, scope: Scope) -> list[Miss]:
        """The child's misses, with this message where they have none."""
        return [
            miss if miss.message else Miss(miss.pointer, miss.values, self.message)
            for miss in self.child.misses(scope)
        ]

    def anchor(self, scope: Scope) -> Miss:
        """The child's anchor, saying this message."""
        miss = _anchor(self.child, scope)
        return Miss(miss.pointer, miss.values, miss.message or self.message)


@dataclass(frozen=True, slots=True)
class _Combination:
    """Children combined: their ``holds`` looked up once, the first one's anchor."""

    children: tuple[Node, ...]
    #: Each child's ``holds``, looked up once (through a ``Said``, to its child's).
    tests: tuple[t.Callable[[Scope], bool], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "tests", _tests(self.children))

    def anchor(self, scope: Scope) -> Miss:
        """The first child's anchor."""
        return _anchor(self.children[0], scope)


@dataclass(frozen=True, slots=True)
class All(_Combination):
    """Every child holds; the misses of all failing children."""

    def holds(self, scope: Scope) -> bool:
        """Whether every child holds."""
        # A loop, not all(): this runs for every rule, and a generator costs more.
        for test in self.tests:  # noqa: SIM110
            if not test(scope):
                return False
        return True

    def misses(self, scope: Scope) -> list[Miss]:
        """Misses of every child."""
        return [miss for child in self.children for miss in child.misses(scope)]


@dataclass(frozen=True, slots=True)
class Any(_Combination):
    """At least one child holds; else the misses of the first child."""

    def holds(self, scope: Scope) -> bool:
        """Whether some child holds."""
        for test in self.tests:
            if test(scope):
                return True
        return not self.children  # an empty ``any`` has no misses

    def misses(self, scope: Scope) -> list[Miss]:
        """Nothing when a child holds, else the first child's misses."""
        return [] if self.holds(scope) else self.children[0].misses(scope)


@dataclass(frozen=True, slots=True)
class Not:
    """The child fails; else one miss at the child's field."""

    child: Node

    def holds(self, scope: Scope) -> bool:
        """Whether the child fails."""
        return not self.child.holds(scope)

    def misses(self, scope: Scope) -> list[Miss]:
        """One miss when the child holds.

        A message inside says why the child would fail, the opposite of what
        happened, so it is dropped: a ``not`` says its own.
        """
        if self.holds(scope):
            return []
        anchor = _anchor(self.child, scope)
        return [Miss(anchor.pointer, anchor.values)]

    def anchor(self, scope: Scope) -> Miss:
        """The child's anchor."""
        return _anchor(self.child, scope)


def _tests(children: tuple[Node, ...]) -> tuple[t.Callable[[Scope], bool], ...]:
    """The ``holds`` of each child; a message changes no yes/no, so a ``Said``
    gives its child's and costs nothing on the path every rule takes."""
    return tuple(
        child.child.holds if isinstance(child, Said) else child.holds
        for child in children
    )


def _anchor(node: Node, scope: Scope) -> Miss:
    anchor = getattr(node, "anchor", None)
    return anchor(scope) if anchor else Miss(scope.item_pointer)
