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


#: A pointer token that stands for every item of an array (a missing column).
ANY_ITEM: t.Final = "*"


def covers(ancestor: str, pointer: str) -> bool:
    """True when ``pointer`` is at or below ``ancestor``, where ``*`` is any item."""
    if ANY_ITEM not in ancestor:
        return is_within(pointer, ancestor)
    want, have = split(ancestor), split(pointer)
    if len(have) < len(want):
        return False
    return all(w in (ANY_ITEM, h) for w, h in zip(want, have, strict=False))


def first_absent(document: object, pointer: str) -> str | None:
    """The highest pointer on the way to ``pointer`` with no value, or None.

    No value means absent, null, blank text or an empty list or object: the part
    of the document a person would have to fill in first.
    """
    node = document
    raw = pointer.split("/")[1:] if pointer else []
    for depth, token in enumerate(raw, start=1):
        key = unescape(token) if "~" in token else token
        if isinstance(node, dict):
            node = node.get(key, MISSING)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            node = MISSING
        if node is MISSING or node is None or not _has_value(node):
            return "/" + "/".join(raw[:depth])
    return None


def _has_value(node: object) -> bool:
    if isinstance(node, str):
        return bool(node.strip())
    if isinstance(node, list | dict):
        return bool(node)
    return True


def with_value(document: object, pointer: str, value: object) -> object:
    """A copy of ``document`` with ``value`` at ``pointer`` (copying only the
    objects and lists on the way), or ``MISSING`` when the way is not there."""
    return _with(document, split(pointer), value)


def _with(node: object, tokens: list[str], value: object) -> object:
    if not tokens:
        return value
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, dict):
        inner = _with(node.get(head, MISSING), rest, value)
        return MISSING if inner is MISSING else {**node, head: inner}
    if isinstance(node, list) and head.isdigit() and int(head) < len(node):
        index = int(head)
        inner = _with(node[index], rest, value)
        return (
            MISSING if inner is MISSING else [*node[:index], inner, *node[index + 1 :]]
        )
    return MISSING
