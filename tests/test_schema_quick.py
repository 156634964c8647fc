"""The fast yes/no check and the full validator agree on every submission."""

from __future__ import annotations

import copy
import json
import typing as t

from hypothesis import given, settings
from hypothesis import strategies as st

from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import load_schema

from .conftest import SAMPLES

SCHEMA = load_schema(default_schema_path())
BASES = [json.loads(p.read_text()) for p in sorted(SAMPLES.rglob("*.json"))]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "2021-02-30",
            "2021-09-01",
            "01/09/2021",
            "https://x.org",
            "ftp://x",
            "a@b.co",
            "E1",
            "A9",
            "age",
            "full",
            "other",
        ]
    ),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
)


def paths(node: object, prefix: tuple[t.Any, ...] = ()) -> list[tuple[t.Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(paths(value, (*prefix, index)))
    return found


def mutate(
    base: dict[str, t.Any], where: tuple[t.Any, ...], value: object
) -> dict[str, t.Any]:
    data = copy.deepcopy(base)
    node: t.Any = data
    for token in where[:-1]:
        node = node[token]
    node[where[-1]] = value
    return data


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, t.Any]:
    data: dict[str, t.Any] = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(0, 3))):
        spots = paths(data)
        data = mutate(data, draw(st.sampled_from(spots)), draw(VALUES))
    return data


def test_the_quick_check_is_available() -> None:
    assert SCHEMA.quick_check is not None


@settings(max_examples=300, deadline=None)
@given(mutated())
def test_quick_check_agrees_with_the_full_validator(data: dict[str, t.Any]) -> None:
    assert SCHEMA.quick_check is not None
    full = not any(True for _ in SCHEMA.validator.iter_errors(data))
    assert SCHEMA.quick_check(data) == full
