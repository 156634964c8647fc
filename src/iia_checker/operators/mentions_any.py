"""``mentions_any: [words]`` holds when the text mentions one of the words (any case).

Pass: ``{field: description, mentions_any: [accessib, adjustment]}`` on "Reasonable
adjustments are offered". Fail: on "No impact expected".
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import Miss, Operator, Probe, Scope


def _test(probe: Probe, words: list[str]) -> t.Iterator[Miss]:
    if not _holds(probe.value, words, probe.scope):
        yield probe.miss(words=words)


def _holds(value: object, words: list[str], scope: Scope) -> bool:
    lowered = value.casefold() if isinstance(value, str) else ""
    return any(word.casefold() in lowered for word in words)


OPERATOR = Operator(
    name="mentions_any",
    options=TypeAdapter(t.Annotated[list[str], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    summary="the text mentions at least one of the words (case-insensitive)",
    placeholders=frozenset({"words"}),
    types=frozenset({"string"}),
)
