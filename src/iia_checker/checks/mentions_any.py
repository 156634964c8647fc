"""``mentions_any: [words]`` holds when the text mentions one of the words (any case).

Pass: ``{field: description, mentions_any: [accessib, adjustment]}`` on "Reasonable
adjustments are offered". Fail: on "No impact expected".
"""

from __future__ import annotations

import typing as t

from pydantic import Field, TypeAdapter

from iia_checker.checks.base import Miss, Operator, Probe


def _test(probe: Probe, words: list[str]) -> t.Iterator[Miss]:
    text = probe.value if isinstance(probe.value, str) else ""
    lowered = text.casefold()
    if not any(word.casefold() in lowered for word in words):
        yield probe.miss(words=words)


CHECK = Operator(
    name="mentions_any",
    options=TypeAdapter(t.Annotated[list[str], Field(min_length=1)]),
    test=_test,
    summary="the text mentions at least one of the words (case-insensitive)",
    placeholders=frozenset({"words"}),
    types=frozenset({"string"}),
)
