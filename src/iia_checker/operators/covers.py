"""``covers: {values, key, exactly_once}``: a list covers a set of values.

With ``key``, the list holds objects and ``item[key]`` is compared. Each missing value
gives one miss at the list; with ``exactly_once``, each repeat gives one miss at the
repeated item. ``{problem}`` says it in words.

Pass: the nine protected characteristics, once each. Fail: eight of them, or ``sex``
twice.
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker.model import pointers
from iia_checker.operators.base import Miss, Operator, Probe, Scalar, Scope, member


class CoversOptions(BaseModel):
    """The values to cover, the item key to read, and whether repeats fail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[Scalar] = Field(min_length=1)
    key: str | None = None
    exactly_once: bool = False


def _test(probe: Probe, options: CoversOptions) -> t.Iterator[Miss]:
    for index, value in _repeats(probe.value, options):
        yield Miss(
            pointers.join(probe.pointer, index),
            {
                "duplicates": [value],
                "missing": [],
                "problem": f"{value} is listed more than once",
            },
        )
    missing = _missing(probe.value, options)
    if missing:
        words = ", ".join(str(v) for v in missing)
        yield probe.miss(missing=missing, duplicates=[], problem=f"missing {words}")


def _holds(value: object, options: CoversOptions, scope: Scope) -> bool:
    return next(_repeats(value, options), None) is None and not _missing(value, options)


def _compared(value: object, options: CoversOptions) -> list[object]:
    """The values the list gives, one per item (``item[key]`` with ``key``)."""
    items = value if isinstance(value, list) else []
    if not options.key:
        return items
    return [item.get(options.key) if isinstance(item, dict) else item for item in items]


def _repeats(value: object, options: CoversOptions) -> t.Iterator[tuple[int, object]]:
    """With ``exactly_once``, each repeat of a value to cover: its index and value."""
    if not options.exactly_once:
        return
    seen: list[object] = []
    for index, compared in enumerate(_compared(value, options)):
        if member(compared, seen) and member(compared, options.values):
            yield index, compared
        seen.append(compared)


def _missing(value: object, options: CoversOptions) -> list[Scalar]:
    given = _compared(value, options)
    return [wanted for wanted in options.values if not member(wanted, given)]


OPERATOR = Operator(
    name="covers",
    options=TypeAdapter(CoversOptions),
    test=_test,
    holds=_holds,
    summary="the list covers every value (once each with exactly_once)",
    placeholders=frozenset({"missing", "duplicates", "problem"}),
    types=frozenset({"array"}),
)
