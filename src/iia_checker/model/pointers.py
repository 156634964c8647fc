"""JSON pointers (RFC 6901): building, splitting and reading values through them."""

from __future__ import annotations

import typing as t

MISSING: t.Final = object()


def escape(token: str | int) -> str:
    """Escape one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo ``escape``."""
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append tokens to a pointer: ``join("/a", 3) == "/a/3"``."""
    return pointer + "".join("/" + escape(tok) for tok in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer; ``""`` (the root) has none."""
    if not pointer:
        return []
    return [unescape(tok) for tok in pointer[1:].split("/")]


def parent(pointer: str) -> str:
    """The pointer one level up; the root is its own parent."""
    return pointer.rsplit("/", 1)[0] if pointer else ""


def is_within(pointer: str, ancestor: str) -> bool:
    """True when ``pointer`` is ``ancestor`` or below it."""
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def resolve(document: object, pointer: str) -> object:
    """The value at ``pointer``, or ``MISSING``."""
    node = document
    for token in split(pointer):
        if isinstance(node, dict):
            node = node.get(token, MISSING)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return MISSING
        if node is MISSING:
            return MISSING
    return node
