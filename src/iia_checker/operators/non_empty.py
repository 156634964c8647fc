"""``non_empty: true`` holds when the field has content (not blank, not an empty list).

Pass: ``{field: alignment.best_value, non_empty: true}`` on a sentence.
Fail: the same on ``"  "``, ``[]`` or a missing field.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import Bound, Miss, Operator, Probe, Scope, filled


def _test(probe: Probe, wanted: bool) -> t.Iterator[Miss]:
    if filled(probe.value) != wanted:
        yield probe.miss()


def _holds(value: object, wanted: bool, scope: Scope) -> bool:
    return filled(value) == wanted


def _bind(wanted: bool) -> Bound:
    return filled if wanted else lambda value: not filled(value)


OPERATOR = Operator(
    name="non_empty",
    options=TypeAdapter(bool),
    test=_test,
    holds=_holds,
    bind=_bind,
    summary="the field has content (true) or is empty or absent (false)",
    needs_value=False,
)
