"""What an officer calls a field, a list item and an allowed value.

Messages name a field by its section and title ("Equality impact 2, Characteristic"),
number list items from 1, and show allowed values by their labels: the schema's
``x-item`` names a list's items, ``x-labels`` labels an enum's codes and
``x-expected`` describes a pattern in words.
"""

from __future__ import annotations

import typing as t

from iia_checker.model import pointers
from iia_checker.schema.submission import Schema, SubmissionSchema


def field_name(schema: SubmissionSchema, pointer: str) -> str:
    """The field at ``pointer`` as an officer knows it: section, item and title."""
    parts: list[str] = []
    node: Schema | None = schema.raw
    for token in pointers.split(pointer):
        parent = node
        node = schema.child(node, token) if node is not None else None
        if token.isdigit() and parent is not None:
            parts[-1:] = _item_words(parent, parts[-1:], int(token))
        else:
            parts.append(_title(node, token))
    return _tidy(parts) or "The submission"


def _title(node: Schema | None, token: str) -> str:
    fallback = token.replace("_", " ").capitalize()
    return str(node.get("title", fallback)) if node else fallback


def _item_words(parent: Schema, before: list[str], index: int) -> list[str]:
    named = parent.get("x-item")
    if isinstance(named, str):
        return [f"{named} {index + 1}"]
    return [*before, f"item {index + 1}"]


def _tidy(parts: list[str]) -> str:
    """Join parts, dropping a part the next one already starts with."""
    if not parts:
        return ""
    kept = [
        part
        for part, after in zip(parts, [*parts[1:], ""], strict=True)
        if not after.lower().startswith(part.lower())
    ]
    return ", ".join(kept)


def labels(node: Schema) -> dict[str, str]:
    """Code -> label for an enum field (its items' enum for a list)."""
    items = node.get("items")
    source = items if isinstance(items, dict) and "enum" in items else node
    raw = source.get("x-labels")
    codes = source.get("enum")
    if not isinstance(codes, list):
        return {}
    named = raw if isinstance(raw, dict) else {}
    return {str(code): str(named.get(str(code), code)) for code in codes}


def label(node: Schema, code: object) -> str:
    """The label of one allowed value (the value itself when it has none)."""
    return labels(node).get(str(code), str(code))


def expected(node: Schema) -> str | None:
    """A pattern's expected form in words, if the schema gives one."""
    words = node.get("x-expected")
    return str(words) if isinstance(words, str) else None


def listing(words: t.Sequence[str]) -> str:
    """``a, b and c``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def value_labels(raw: Schema) -> dict[str, str]:
    """Every allowed value's label, by code, across the whole schema, as it reads
    inside a sentence ("the negative impact on gender reassignment").

    A rule message shows a value without knowing its field's schema; a code that
    two fields label differently is left out, so no value is given a wrong name.
    """
    found: dict[str, set[str]] = {}
    stack: list[object] = [raw]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            named = node.get("x-labels")
            if isinstance(named, dict):
                for code, label in named.items():
                    found.setdefault(str(code), set()).add(str(label))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return {
        code: _in_sentence(next(iter(seen)))
        for code, seen in found.items()
        if len(seen) == 1
    }


def _in_sentence(label: str) -> str:
    """A sentence-case label in lower case ("Gender reassignment" -> "gender
    reassignment"); names and acronyms ("Digital First", "WCAG 2.2 AA") stay."""
    rest = label[1:]
    if label[:1].isupper() and rest == rest.lower() and not rest[:1].isupper():
        return label[:1].lower() + rest
    return label
