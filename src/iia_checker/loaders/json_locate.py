"""Where a JSON pointer is in the text: found when a finding asks, not before.

Recording the offset of every value while loading cost a Python loop per value
(a million-item array took 9-17 s) and a dictionary entry per pointer. Instead,
``TextLocator`` indexes a container's direct children the first time a pointer
goes through it, skipping nested values with one regular-expression search per
bracket or string, and keeps that index for the next finding.

The text is valid JSON by the time it is located (``json`` parsed it), so the
scanning here never has to report a syntax error.
"""

from __future__ import annotations

import bisect
import json
import re
import typing as t
from array import array
from dataclasses import dataclass, field

from iia_checker.model import pointers
from iia_checker.model.findings import Location

WHITESPACE: t.Final = re.compile(r"[ \t\n\r]*")
# Unrolled and possessive (``*+``, Python 3.11): the engine keeps no backtracking
# state. ``"(?:[^"\\]|\\.)*"`` kept ~120 bytes per character of a string, and
# without ``*+`` a string of escapes still cost ~60 bytes per escape.
STRING: t.Final = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
SCALAR: t.Final = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity")
_STRUCTURE: t.Final = re.compile(r'[\[\]{}"]')

Children: t.TypeAlias = "dict[str, int] | array[int]"


def skip(text: str, pos: int) -> int:
    """The offset of the first non-whitespace character at or after ``pos``."""
    match = WHITESPACE.match(text, pos)
    return match.end() if match else pos


@dataclass(slots=True)
class TextLocator:
    """Maps pointers to ``line:column`` in the text they were loaded from."""

    file: str
    text: str
    _children: dict[int, Children] = field(default_factory=dict)
    _line_starts: array[int] | None = None

    def locate(self, pointer: str) -> Location:
        """The location of ``pointer``, or of its nearest ancestor that exists."""
        offset = skip(self.text, 0)
        for token in pointers.split(pointer):
            child = _child(self._children_of(offset), token)
            if child is None:
                break
            offset = child
        line, column = self.position(offset)
        return Location(file=self.file, pointer=pointer, line=line, column=column)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _children_of(self, offset: int) -> Children:
        known = self._children.get(offset)
        if known is None:
            known = self._children[offset] = index_children(self.text, offset)
        return known


def _child(children: Children, token: str) -> int | None:
    if isinstance(children, dict):
        return children.get(token)
    if token.isdigit() and token == str(int(token)) and int(token) < len(children):
        return children[int(token)]
    return None


def line_starts(text: str) -> array[int]:
    """Offsets at which each line begins."""
    return array("q", [0, *(m.end() for m in re.finditer("\n", text))])


def index_children(text: str, start: int) -> Children:
    """Offsets of the direct children of the container at ``start``."""
    opener = text[start] if start < len(text) else ""
    if opener not in ("{", "["):
        return {}
    keys: dict[str, int] = {}
    items: array[int] = array("q")
    close = "}" if opener == "{" else "]"
    pos = skip(text, start + 1)
    while pos < len(text) and text[pos] != close:
        if opener == "{":
            name = STRING.match(text, pos)
            if name is None:
                break
            pos = skip(text, skip(text, name.end()) + 1)  # past the colon
            keys[json.loads(name.group())] = pos
        else:
            items.append(pos)
        pos = skip(text, end_of_value(text, pos))
        if pos < len(text) and text[pos] == ",":
            pos = skip(text, pos + 1)
    return keys if opener == "{" else items


def end_of_value(text: str, pos: int) -> int:
    """The offset just after the value that starts at ``pos``."""
    char = text[pos]
    if char in "{[":
        return _end_of_container(text, pos)
    match = (STRING if char == '"' else SCALAR).match(text, pos)
    return match.end() if match else pos + 1


def _end_of_container(text: str, pos: int) -> int:
    depth = 0
    while True:
        mark = _STRUCTURE.search(text, pos)
        if mark is None:
            return len(text)
        if mark.group() == '"':
            string = STRING.match(text, mark.start())
            pos = string.end() if string else mark.end()
            continue
        depth += 1 if mark.group() in "{[" else -1
        pos = mark.end()
        if depth == 0:
            return pos
