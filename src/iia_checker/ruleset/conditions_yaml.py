"""A rule's condition (or example) as YAML for people to read: ``explain`` and the
rules catalogue show it the same way."""

from __future__ import annotations

import typing as t

import yaml

#: Keys whose text a finding says on one line.
_SAID: t.Final = frozenset({"message", "when_absent"})


def condition_yaml(value: object, *, width: int = 80) -> str:
    """``value`` as block YAML, each message on one line as a finding says it."""
    return yaml.safe_dump(
        _one_line_messages(value),
        sort_keys=False,
        default_flow_style=None,
        width=width,
    )


def _one_line_messages(node: object) -> object:
    """A folded YAML message keeps its closing newline, which a dump shows as a
    blank line inside the quotes. Other texts (patterns, values) stay as written."""
    if isinstance(node, dict):
        return {
            key: " ".join(value.split())
            if key in _SAID and isinstance(value, str)
            else _one_line_messages(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_one_line_messages(value) for value in node]
    return node
