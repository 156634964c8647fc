"""``unique_by: {key, max_repeats}``: no value appears more than ``max_repeats`` times.

With ``key``, ``item[key]`` of each object is compared; blank values are ignored,
and an absent list holds.
Each item past the allowed number gives one miss at that item.

Pass: ``{field: evidence, unique_by: {key: id}}`` on E1, E2. Fail: on E1, E1.
"""

from __future__ import annotations

import typing as t
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from iia_checker import pointers
from iia_checker.checks.base import Miss, Operator, Probe, filled


class UniqueOptions(BaseModel):
    """The item key to compare, and how many times a value may appear."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = None
    max_repeats: int = Field(default=1, ge=1)


def _test(probe: Probe, options: UniqueOptions) -> t.Iterator[Miss]:
    items = probe.value if isinstance(probe.value, list) else []
    counts: Counter[str] = Counter()
    for index, item in enumerate(items):
        value = (
            item.get(options.key) if options.key and isinstance(item, dict) else item
        )
        if not filled(value) or isinstance(value, dict | list):
            continue
        marker = repr(value).strip().casefold()
        counts[marker] += 1
        if counts[marker] > options.max_repeats:
            where = pointers.join(probe.pointer, index)
            if options.key:
                where = pointers.join(where, options.key)
            yield Miss(where, {"duplicate": value, "repeats": counts[marker]})


CHECK = Operator(
    name="unique_by",
    options=TypeAdapter(UniqueOptions),
    test=_test,
    summary="no value (of item[key]) appears more than max_repeats times",
    placeholders=frozenset({"duplicate", "repeats"}),
    types=frozenset({"array"}),
    needs_value=False,
)
