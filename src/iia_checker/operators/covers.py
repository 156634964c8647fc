"""``covers: {values, key, exactly_once, where, also, at}``: a list covers values.

With ``key``, the list holds objects and ``item[key]`` is compared. With ``where``,
only items meeting that condition count (an age row counts only with evidence).
``also`` names further lists, each ``{field, key, values, where}`` with its field
from the submission root, covered the same way. All missing values make one miss,
at the list, or with ``at`` (a field from the root) at that field: a gap across
several lists belongs to the fact that calls for them, not to the first list's
absence. With ``exactly_once``, each repeat gives one miss at the repeated item.
``{missing}`` gives the missing values, ``{missing_names}`` the same by their
labels in the submission schema, and ``{problem}`` says it in words.

An absent list covers nothing: every value is missing.

Pass: the nine protected characteristics, once each. Fail: eight of them, or ``sex``
twice.
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker.model import pointers
from iia_checker.model.shorten import OwnWords, shortened
from iia_checker.operators.base import (
    Compiler,
    FieldRef,
    Miss,
    Node,
    Operator,
    Probe,
    Scalar,
    Scope,
    member,
)


class AlsoOptions(BaseModel):
    """Another list, read from the submission root, and the values it must cover."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    values: list[Scalar] = Field(min_length=1)
    key: str | None = None
    where: dict[str, t.Any] | None = None


class CoversOptions(BaseModel):
    """The values to cover, the item key to read, and whether repeats fail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[Scalar] = Field(min_length=1)
    key: str | None = None
    exactly_once: bool = False
    where: dict[str, t.Any] | None = None
    also: list[AlsoOptions] = Field(default_factory=list)
    at: str | None = None


class Coverage(BaseModel):
    """One list's part of the test, compiled: which values, read how, counted when."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    values: list[Scalar]
    key: str | None
    where: t.Any = None
    #: Where the list is, for ``also`` lists; None for the field itself.
    ref: FieldRef | None = None
    #: The label of each value, from the submission schema.
    names: dict[str, str] = Field(default_factory=dict)


class Compiled(BaseModel):
    """The field's own coverage, the ``also`` lists', and whether repeats fail."""

    model_config = ConfigDict(frozen=True)

    parts: list[Coverage]
    exactly_once: bool = False
    #: Where a missing value is reported, when not at the list.
    at: FieldRef | None = None


def _prepare(options: CoversOptions, compiler: Compiler, where: str) -> Compiled:
    parts = [_part(options, compiler, where)]
    for index, also in enumerate(options.also):
        at = f"{where}/also/{index}"
        ref = compiler.field(also.field, f"{at}/field", absolute=True)
        parts.append(_part(also, compiler, at, ref))
    place = None
    if options.at is not None:
        place = compiler.field(options.at, f"{where}/at", absolute=True)
    return Compiled(parts=parts, exactly_once=options.exactly_once, at=place)


def _part(
    options: CoversOptions | AlsoOptions,
    compiler: Compiler,
    where: str,
    ref: FieldRef | None = None,
) -> Coverage:
    """One list's coverage; the list is the field compiled last."""
    names = compiler.item_labels(options.key, where)
    node = None
    if options.where is not None:
        node = compiler.for_items(options.where, f"{where}/where")
    return Coverage(
        values=options.values, key=options.key, where=node, ref=ref, names=names
    )


def _test(probe: Probe, options: Compiled) -> t.Iterator[Miss]:
    own = options.parts[0]
    for index, value in _repeats(probe.value, own, options.exactly_once):
        named = own.names.get(str(value)) or shortened(str(value), 60)
        yield Miss(
            pointers.join(probe.pointer, index),
            {
                "duplicates": [value],
                "missing": [],
                "missing_names": [],
                "problem": OwnWords(f"{named} is listed more than once"),
            },
        )
    missing = _missing(probe.value, options, probe.scope)
    if missing:
        words = ", ".join(name for _, name in missing)
        pointer = probe.pointer
        if options.at is not None:
            pointer = probe.scope.lookup(options.at)[1]
        yield Miss(
            pointer,
            {
                "missing": [value for value, _ in missing],
                "missing_names": [name for _, name in missing],
                "duplicates": [],
                "problem": OwnWords(f"missing {words}"),
            },
        )


def _holds(value: object, options: Compiled, scope: Scope) -> bool:
    own = options.parts[0]
    return next(
        _repeats(value, own, options.exactly_once), None
    ) is None and not _missing(value, options, scope)


def _compared(value: object, part: Coverage, scope: Scope) -> list[object]:
    """The values the list gives, one per item counted (``item[key]`` with ``key``)."""
    if not isinstance(value, list):
        return []
    items = value
    if part.where is not None:
        where: Node = part.where
        # The submission's own list: item scopes are memoised by its id.
        scopes = scope.item_scopes(value)
        items = [
            i for i, inner in zip(value, scopes, strict=True) if where.holds(inner)
        ]
    if not part.key:
        return items
    key = part.key
    return [item.get(key) if isinstance(item, dict) else item for item in items]


def _repeats(
    value: object, part: Coverage, exactly_once: bool
) -> t.Iterator[tuple[int, object]]:
    """With ``exactly_once``, each repeat of a value to cover: its index and value."""
    if not exactly_once:
        return
    seen: list[object] = []
    items = value if isinstance(value, list) else []
    for index, item in enumerate(items):
        compared = item.get(part.key) if part.key and isinstance(item, dict) else item
        if member(compared, seen) and member(compared, part.values):
            yield index, compared
        seen.append(compared)


def _missing(
    value: object, options: Compiled, scope: Scope
) -> list[tuple[Scalar, str]]:
    """Each value no counted item gives, with its label, in the order asked for."""
    found: list[tuple[Scalar, str]] = []
    for part in options.parts:
        listed = value if part.ref is None else scope.value(part.ref)
        given = _compared(listed, part, scope)
        found.extend(
            (wanted, part.names.get(str(wanted), str(wanted)))
            for wanted in part.values
            if not member(wanted, given)
        )
    return found


OPERATOR = Operator(
    name="covers",
    options=TypeAdapter(CoversOptions),
    test=_test,
    holds=_holds,
    summary="the list (and any `also` lists) covers every value"
    " (counting items meeting `where`; once each with exactly_once)",
    placeholders=frozenset({"missing", "missing_names", "duplicates", "problem"}),
    needs_value=False,
    prepare=_prepare,
    types=frozenset({"array"}),
)
