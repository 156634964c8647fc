"""``unique_by: {key, max_repeats}``: no value appears more than ``max_repeats`` times.

With ``key``, ``item[key]`` of each object is compared; blank values are ignored,
and an absent list holds.
Each item past the allowed number gives one miss at that item.

Pass: ``{field: evidence, unique_by: {key: id}}`` on E1, E2. Fail: on E1, E1.
"""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker.model import pointers
from iia_checker.operators.base import Miss, Operator, Probe, Scope, filled


class UniqueOptions(BaseModel):
    """The item key to compare, and how many times a value may appear."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = None
    max_repeats: int = Field(default=1, ge=1)


def _test(probe: Probe, options: UniqueOptions) -> t.Iterator[Miss]:
    for index, value, repeats in _repeats(probe.value, options):
        where = pointers.join(probe.pointer, index)
        if options.key:
            where = pointers.join(where, options.key)
        yield Miss(where, {"duplicate": value, "repeats": repeats})


def _holds(value: object, options: UniqueOptions, scope: Scope) -> bool:
    return next(_repeats(value, options), None) is None


def _repeats(
    value: object, options: UniqueOptions
) -> t.Iterator[tuple[int, object, int]]:
    """Each item past the allowed number: its index, value and count so far."""
    items = value if isinstance(value, list) else []
    counts: dict[str, int] = {}
    for index, item in enumerate(items):
        compared = (
            item.get(options.key) if options.key and isinstance(item, dict) else item
        )
        if not filled(compared) or isinstance(compared, dict | list):
            continue
        marker = repr(compared).strip().casefold()
        seen = counts[marker] = counts.get(marker, 0) + 1
        if seen > options.max_repeats:
            yield index, compared, seen


OPERATOR = Operator(
    name="unique_by",
    options=TypeAdapter(UniqueOptions),
    test=_test,
    holds=_holds,
    summary="no value (of item[key]) appears more than max_repeats times",
    placeholders=frozenset({"duplicate", "repeats"}),
    types=frozenset({"array"}),
    needs_value=False,
)
