"""``matches: REGEX`` holds when the text contains a match for a regular expression.

Pass: ``{field: project.id, matches: "^DF-"}`` on ``"DF-2021-014"``. Fail: on ``"X1"``.
"""

from __future__ import annotations

import re
import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import Compiler, Miss, Operator, Probe, Scope


def _prepare(pattern: str, compiler: Compiler, where: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error as exc:
        compiler.problem(where, f"not a valid regular expression: {exc}")
        return None


def _test(probe: Probe, pattern: re.Pattern[str] | None) -> t.Iterator[Miss]:
    if not _holds(probe.value, pattern, probe.scope):
        yield probe.miss()


def _holds(value: object, pattern: re.Pattern[str] | None, scope: Scope) -> bool:
    if pattern is None or not isinstance(value, str):
        return False
    return pattern.search(value) is not None


OPERATOR = Operator(
    name="matches",
    options=TypeAdapter(t.Annotated[str, Field(min_length=1, max_length=500)]),
    test=_test,
    holds=_holds,
    summary="the text contains a match for the regular expression",
    prepare=_prepare,
    types=frozenset({"string"}),
)
