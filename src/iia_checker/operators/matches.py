"""``matches: REGEX`` holds when the text contains a match for a regular expression.

Pass: ``{field: project.id, matches: "^DF-"}`` on ``"DF-2021-014"``. Fail: on ``"X1"``.

The pattern runs on RE2 (``linear_regex``), in time linear in the text, so no
submission can make it hang; a pattern RE2 cannot run is refused when the rule loads.
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.linear_regex import LinearPattern, PatternError, compile_linear
from iia_checker.operators.base import Compiler, Miss, Operator, Probe, Scope


def _prepare(pattern: str, compiler: Compiler, where: str) -> LinearPattern | None:
    try:
        return compile_linear(pattern)
    except PatternError as exc:
        compiler.problem(where, str(exc))
        return None


def _test(probe: Probe, pattern: LinearPattern | None) -> t.Iterator[Miss]:
    if not _holds(probe.value, pattern, probe.scope):
        yield probe.miss()


def _holds(value: object, pattern: LinearPattern | None, scope: Scope) -> bool:
    if pattern is None or not isinstance(value, str):
        return False
    return pattern.search(value)


OPERATOR = Operator(
    name="matches",
    options=TypeAdapter(t.Annotated[str, Field(min_length=1, max_length=500)]),
    test=_test,
    holds=_holds,
    summary="the text contains a match for the regular expression",
    prepare=_prepare,
    types=frozenset({"string"}),
)
