"""``contains_any: [A, B]`` holds when a list includes at least one of the values.

Pass: ``{field: accessibility.inclusive_communication.formats, contains_any:
[easy_read, large_print]}`` on ``["easy_read"]``. Fail: on ``["online"]``.
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.checks.base import Miss, Operator, Probe, Scalar, member


def _test(probe: Probe, wanted: list[Scalar]) -> t.Iterator[Miss]:
    items = probe.value if isinstance(probe.value, list) else []
    if not any(member(value, items) for value in wanted):
        yield probe.miss(expected=wanted)


CHECK = Operator(
    name="contains_any",
    options=TypeAdapter(t.Annotated[list[Scalar], Field(min_length=1)]),
    test=_test,
    summary="the list includes at least one of the values",
    placeholders=frozenset({"expected"}),
    types=frozenset({"array"}),
    literals=list,
    literals_of="items",
)
