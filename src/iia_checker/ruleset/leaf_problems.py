"""What is wrong with a leaf condition, said to a rule author: its shape (a field
and one operator), an unknown operator (with a guess), or an operator's options.

Each problem is a pointer below the condition (``""`` for the condition itself)
and a message."""

from __future__ import annotations

import difflib
import typing as t

from pydantic import ValidationError

from iia_checker.operators import OPERATORS
from iia_checker.ruleset.conditions import (
    COMBINATORS,
    FOR_EACH,
    IF_PRESENT,
    WHEN_ABSENT,
)

#: Keys of a leaf condition that are not its operator.
LEAF_KEYS: t.Final = frozenset({"field", IF_PRESENT, WHEN_ABSENT})

LeafProblem = tuple[str, str]


def leaf_problems(
    raw: t.Mapping[str, t.Any], operators: list[str]
) -> list[LeafProblem]:
    """Why ``raw`` is not a field with exactly one known operator."""
    unknown = [key for key in operators if key not in OPERATORS and key != FOR_EACH]
    if unknown:
        return [(f"/{key}", unknown_operator(key)) for key in unknown]
    if not operators:
        if "field" in raw:
            return [("", "a field needs an operator, such as non_empty: true")]
        return [
            ("", "a condition is a field and an operator: {field: ..., equals: ...}")
        ]
    if "field" not in raw:
        first = operators[0]
        return [("", f'"{first}" needs a field: {{field: ..., {first}: ...}}')]
    found = ", ".join(operators)
    return [
        ("", f"give one operator per condition (found {found}); combine with all/any")
    ]


def unknown_operator(name: object) -> str:
    """An unknown operator named, with the closest known key if there is one."""
    # A damaged file can have any YAML key here: null, a number, a list.
    name = str(name)
    known = [*OPERATORS, FOR_EACH, *COMBINATORS, "field"]
    guess = difflib.get_close_matches(name, known, 1)
    hint = f' (did you mean "{guess[0]}"?)' if guess else ""
    return f'unknown operator "{name}"{hint}'


def option_problems(error: ValidationError) -> list[LeafProblem]:
    """An operator's options refused by their model, each at its own place."""
    return [(_place(item["loc"]), _option_message(item)) for item in error.errors()]


def _place(loc: t.Sequence[int | str]) -> str:
    wrappers = ("function-after", "function-before")
    return "".join(f"/{part}" for part in loc if part not in wrappers)


def _option_message(error: t.Mapping[str, t.Any]) -> str:
    kind = error.get("type")
    if kind == "extra_forbidden":
        return "unknown option"
    if kind == "missing":
        return "missing option"
    return str(error.get("msg", "invalid option"))
