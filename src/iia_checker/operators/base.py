"""What every condition operator is made of, and the values it works on.

An operator tests the value found at a rule's ``field`` and yields a ``Miss`` for
each way the value fails; no miss means the condition holds. Most rules hold on most
submissions, so an operator may also give ``holds``, a yes/no that builds nothing;
``test`` is then only asked to explain a failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing as t
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from iia_checker.model import pointers

MISSING: t.Final = pointers.MISSING


@dataclass(frozen=True, slots=True)
class Miss:
    """One way a condition failed: where, and values for the message placeholders."""

    pointer: str
    values: dict[str, object] = field(default_factory=dict)
    #: The message of the innermost failing branch that has one, else None.
    message: str | None = None


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A compiled field path, relative to the current item or from the root (``$.``)."""

    tokens: tuple[str, ...]
    absolute: bool
    title: str
    dotted: str
    #: The tokens as a JSON pointer suffix, joined once here rather than per lookup.
    suffix: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "suffix", pointers.join("", *self.tokens))


# Not frozen: one scope is made per list item, and a frozen dataclass is three times
# slower to build. Nothing assigns to a scope's fields.
@dataclass(slots=True)
class Scope:
    """The submission, the as-of date, and the item relative paths start from."""

    root: object
    as_of: dt.date
    item: object
    #: Where ``item`` is. Only ``misses`` reports places, so the yes/no ``holds``
    #: path leaves it empty rather than build a pointer per list item.
    item_pointer: str = ""
    #: What is worked out once per submission and shared by all its scopes: the
    #: ids a ``resolves`` looks in (keyed by its compiled options) and the item
    #: scopes of each list walked (keyed by the list's id).
    memo: dict[object, t.Any] = field(default_factory=dict)

    @classmethod
    def of(cls, data: object, as_of: dt.date) -> Scope:
        """The top-level scope of a submission."""
        return cls(data, as_of, data)

    def lookup(self, ref: FieldRef) -> tuple[object, str]:
        """The value at ``ref`` (or ``MISSING``) and its JSON pointer."""
        pointer = "" if ref.absolute else self.item_pointer
        return self.value(ref), pointer + ref.suffix

    def value(self, ref: FieldRef) -> object:
        """The value at ``ref``, or ``MISSING``."""
        node = self.root if ref.absolute else self.item
        for token in ref.tokens:
            if not isinstance(node, dict):
                return MISSING
            node = node.get(token, MISSING)
        return node

    def item_scopes(self, items: list[object]) -> list[Scope]:
        """A scope (without pointer) per item of ``items``, a list in the submission.

        Made once per list per submission: many rules walk the same lists. The key is
        the list's id, stable while the submission, which holds the list, is alive.
        """
        scopes: list[Scope] | None = self.memo.get(id(items))
        if scopes is None:
            scopes = self.memo[id(items)] = [self.item_scope(item) for item in items]
        return scopes

    def item_scope(self, item: object, pointer: str = "") -> Scope:
        """A scope whose relative paths start at ``item`` (found at ``pointer``)."""
        return Scope(self.root, self.as_of, item, pointer, self.memo)


class Compiler(t.Protocol):
    """What an operator may ask while its options are compiled."""

    def field(self, path: str, where: str, *, absolute: bool = False) -> FieldRef:
        """Check a field path against the submission schema and compile it."""
        ...

    def for_items(self, raw: object, where: str) -> Node:
        """Compile a condition on each item of the list the current field names."""
        ...

    def problem(self, where: str, message: str) -> None:
        """Record a mistake in the rule file."""
        ...

    def item_labels(self, key: str | None, where: str) -> dict[str, str]:
        """The label of each allowed value of ``key`` in the items of the list the
        current field names (of the items themselves without ``key``)."""
        ...


class Node(t.Protocol):
    """A compiled condition."""

    def holds(self, scope: Scope) -> bool:
        """Whether the condition holds in ``scope``: ``misses`` is empty."""
        ...

    def misses(self, scope: Scope) -> list[Miss]:
        """Every way the condition fails in ``scope``; empty when it holds."""
        ...


@dataclass(frozen=True, slots=True)
class Probe:
    """The value a leaf condition tests, with where it was found."""

    value: object
    pointer: str
    scope: Scope

    @property
    def exists(self) -> bool:
        """False when the field is absent or null."""
        return self.value is not MISSING and self.value is not None

    def miss(self, **values: object) -> Miss:
        """A miss at this value's pointer."""
        return Miss(self.pointer, values)


Test = t.Callable[[Probe, t.Any], t.Iterable[Miss]]
#: ``(value, options, scope) -> bool``: True exactly when ``test`` yields no miss.
Holds = t.Callable[[object, t.Any, Scope], bool]
#: ``holds`` for given options, on the value alone: ``(value) -> bool``.
Bound = t.Callable[[object], bool]
Prepare = t.Callable[[t.Any, "Compiler", str], t.Any]


def _keep(options: t.Any, compiler: Compiler, where: str) -> t.Any:
    return options


@dataclass(frozen=True)
class Operator:
    """A named test with validated options; register it in ``operators.OPERATORS``."""

    name: str
    options: TypeAdapter[t.Any]
    test: Test
    summary: str
    placeholders: frozenset[str] = frozenset()
    #: When False the operator also judges absent values (``present``, ``non_empty``).
    needs_value: bool = True
    #: Turns validated options into what ``test`` uses (compiles paths, regexes).
    prepare: Prepare = _keep
    #: JSON types of the field this operator can test; empty means any.
    types: frozenset[str] = frozenset()
    #: Literal values in the options, checked against the field's allowed values.
    literals: t.Callable[[t.Any], list[t.Any]] | None = None
    #: Whether ``literals`` are values of the field itself or of its list items.
    literals_of: t.Literal["field", "items"] = "field"
    #: A yes/no version of ``test`` that builds no misses; without it, ``test``'s
    #: first miss decides.
    holds: Holds | None = None
    #: ``holds`` made once for given options, when they need no scope; it answers
    #: as ``holds`` does, with one call less and nothing looked up per value.
    #: None, or a None answer for some options: ``holds`` is asked each time.
    bind: t.Callable[[t.Any], Bound | None] | None = None

    def predicate(self) -> Holds:
        """``holds``, or one made from ``test``."""
        return self.holds or functools.partial(_first_miss_absent, self.test)

    def bound(self, options: t.Any) -> Bound | None:
        """``holds`` on the value alone for these options, if the operator has one."""
        return self.bind(options) if self.bind is not None else None


def _first_miss_absent(test: Test, value: object, options: t.Any, scope: Scope) -> bool:
    return next(iter(test(Probe(value, "", scope), options)), None) is None


Scalar = str | int | float | bool | None


def is_number(value: object) -> bool:
    """True for ints and floats, not for booleans."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def filled(value: object) -> bool:
    """True unless the value is absent, null, blank text or an empty list/object."""
    if value is MISSING or value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def same(left: object, right: object) -> bool:
    """Equality that keeps ``true`` and ``1`` apart, as JSON does."""
    return left == right and isinstance(left, bool) == isinstance(right, bool)


def member(value: object, values: t.Collection[object]) -> bool:
    """``value in values`` with ``same`` as the equality."""
    # ``in`` (C speed) differs from ``same`` only where numbers meet booleans.
    if value not in values:
        return False
    if not isinstance(value, int | float):
        return True
    return any(same(value, candidate) for candidate in values)
