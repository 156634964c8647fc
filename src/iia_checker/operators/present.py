"""``present: true`` holds when the field is given and not null (``false``: absent).

Pass: ``{field: project.go_live_date, present: true}`` on a date.
Fail: the same on ``{}`` or ``null``.
"""

from __future__ import annotations

import typing as t

from pydantic import TypeAdapter

from iia_checker.operators.base import MISSING, Miss, Operator, Probe, Scope


def _test(probe: Probe, wanted: bool) -> t.Iterator[Miss]:
    if probe.exists != wanted:
        yield probe.miss()


def _holds(value: object, wanted: bool, scope: Scope) -> bool:
    return (value is not MISSING and value is not None) == wanted


OPERATOR = Operator(
    name="present",
    options=TypeAdapter(bool),
    test=_test,
    holds=_holds,
    summary="the field is given (true) or absent (false)",
    needs_value=False,
)
