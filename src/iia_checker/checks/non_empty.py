"""``non_empty: true`` holds when the field has content (not blank, not an empty list).

Pass: ``{field: alignment.best_value, non_empty: true}`` on a sentence.
Fail: the same on ``"  "``, ``[]`` or a missing field.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.checks.base import Miss, Operator, Probe, filled


def _test(probe: Probe, wanted: bool) -> t.Iterator[Miss]:
    if filled(probe.value) != wanted:
        yield probe.miss()


CHECK = Operator(
    name="non_empty",
    options=TypeAdapter(bool),
    test=_test,
    summary="the field has content (true) or is empty or absent (false)",
    needs_value=False,
)
