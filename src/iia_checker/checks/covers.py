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

from iia_checker import pointers
from iia_checker.checks.base import Miss, Operator, Probe, Scalar, member


class CoversOptions(BaseModel):
    """The values to cover, the item key to read, and whether repeats fail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[Scalar] = Field(min_length=1)
    key: str | None = None
    exactly_once: bool = False


def _test(probe: Probe, options: CoversOptions) -> t.Iterator[Miss]:
    items = probe.value if isinstance(probe.value, list) else []
    seen: list[object] = []
    for index, item in enumerate(items):
        value = (
            item.get(options.key) if options.key and isinstance(item, dict) else item
        )
        if (
            options.exactly_once
            and member(value, seen)
            and member(value, options.values)
        ):
            where = pointers.join(probe.pointer, index)
            yield Miss(
                where,
                {
                    "duplicates": [value],
                    "missing": [],
                    "problem": f"{value} is listed more than once",
                },
            )
        seen.append(value)
    missing = [value for value in options.values if not member(value, seen)]
    if missing:
        words = ", ".join(str(v) for v in missing)
        yield probe.miss(missing=missing, duplicates=[], problem=f"missing {words}")


CHECK = Operator(
    name="covers",
    options=TypeAdapter(CoversOptions),
    test=_test,
    summary="the list covers every value (once each with exactly_once)",
    placeholders=frozenset({"missing", "duplicates", "problem"}),
    types=frozenset({"array"}),
)
