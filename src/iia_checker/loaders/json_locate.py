"""Where a JSON pointer is in the text: found when a finding asks, not before.

Recording the offset of every value while loading cost a Python loop per value
(a million-item array took 9-17 s) and a dictionary entry per pointer. Instead,
``TextLocator`` reads a container's direct children when a pointer goes through
it, only as far as the child asked for, skipping nested values with json's own
C scanner, and keeps what it read for the next finding.

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

#: Below this many characters, counting newlines for each finding is cheaper than
#: building an index of line starts (a typical submission is about 40 KB).
_COUNT_BELOW: t.Final = 1 << 20


def skip(text: str, pos: int) -> int:
    """The offset of the first non-whitespace character at or after ``pos``."""
    match = WHITESPACE.match(text, pos)
    return match.end() if match else pos


@dataclass(slots=True)
class TextLocator:
    """Maps pointers to ``line:column`` in the text they were loaded from."""

    file: str
    text: str
    _indexes: dict[int, Children] = field(default_factory=dict)
    _line_starts: array[int] | None = None

    def locate(self, pointer: str) -> Location:
        """The location of ``pointer``, or of its nearest ancestor that exists."""
        found = skip(self.text, 0)
        for token in pointers.split(pointer):
            child = self._children_of(found).find(token)
            if child is None:
                break
            found = child
        line, column = self.position(found)
        return Location(file=self.file, pointer=pointer, line=line, column=column)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if len(self.text) <= _COUNT_BELOW:
            line_start = self.text.rfind("\n", 0, offset) + 1
            return self.text.count("\n", 0, offset) + 1, offset - line_start + 1
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _children_of(self, offset: int) -> Children:
        known = self._indexes.get(offset)
        if known is None:
            known = self._indexes[offset] = Children(self.text, offset)
        return known


class Children:
    """The direct children of one container, read only as far as asked.

    Item 3 of a million-item array needs four items read, not a million; what
    was read is kept, and the next question goes on from there.
    """

    __slots__ = ("close", "is_object", "items", "keys", "pos", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        opener = text[start] if start < len(text) else ""
        self.is_object = opener == "{"
        self.close = "}" if self.is_object else "]"
        self.keys: dict[str, int] = {}
        self.items: array[int] = array("q")
        # None when everything has been read (or this is not a container).
        self.pos: int | None = skip(text, start + 1) if opener in "{[" else None

    def find(self, token: str) -> int | None:
        """The offset of child ``token`` (a key, or an index written 0, 1, ...)."""
        if self.is_object:
            while token not in self.keys and self._read_one():
                pass
            return self.keys.get(token)
        if not (token.isdigit() and token == str(int(token))):
            return None
        wanted = int(token)
        while len(self.items) <= wanted and self._read_one():
            pass
        return self.items[wanted] if wanted < len(self.items) else None

    def _read_one(self) -> bool:
        """Read the next child; False when there is none."""
        text, pos = self.text, self.pos
        if pos is None or pos >= len(text) or text[pos] == self.close:
            self.pos = None
            return False
        if self.is_object:
            name = STRING.match(text, pos)
            if name is None:
                self.pos = None
                return False
            pos = skip(text, skip(text, name.end()) + 1)  # past the colon
            self.keys[json.loads(name.group())] = pos
        else:
            self.items.append(pos)
        pos = skip(text, end_of_value(text, pos))
        self.pos = skip(text, pos + 1) if pos < len(text) and text[pos] == "," else pos
        return True


def line_starts(text: str) -> array[int]:
    """Offsets at which each line begins."""
    return array("q", [0, *(m.end() for m in re.finditer("\n", text))])


def end_of_value(text: str, pos: int) -> int:
    """The offset just after the value that starts at ``pos``."""
    char = text[pos]
    if char in "{[":
        # json's C scanner skips a container many times faster than a Python
        # loop over its brackets and strings; the value it builds is dropped.
        return _DECODER.raw_decode(text, pos)[1]
    match = (STRING if char == '"' else SCALAR).match(text, pos)
    return match.end() if match else pos + 1


_DECODER: t.Final = json.JSONDecoder()
