"""Say where a JSON document breaks a rule that ``json`` itself does not enforce.

Runs only after the fast load refused the text (a key written twice, NaN or
Infinity, a number too long or too large, nesting too deep): an iterative scanner,
which never recurses, walks the text value by value and stops at the first such
problem with its offset and pointer.
"""

from __future__ import annotations

import json
import math

from iia_checker.limits import Limits, hint
from iia_checker.loaders.json_locate import SCALAR, STRING, skip
from iia_checker.loaders.json_problem import InputProblem
from iia_checker.model import pointers


def explain(text: str, limits: Limits) -> InputProblem:
    """The first problem in ``text``, with its offset and pointer."""
    try:
        _Scanner(text, limits).scan()
    except InputProblem as problem:
        return problem
    return InputProblem("unreadable JSON: a value cannot be represented")


class _Frame:
    """An open container: its pointer, the next array index, the keys seen."""

    __slots__ = ("index", "is_array", "pointer", "seen")

    def __init__(self, pointer: str, is_array: bool) -> None:
        self.pointer = pointer
        self.is_array = is_array
        self.index = 0
        self.seen: dict[str, int] = {}


class _Scanner:
    """Walks the text one value at a time, keeping open containers on a stack."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.stack: list[_Frame] = []

    def scan(self) -> None:
        """Walk the whole text; stop quietly at the first syntax error."""
        pos = skip(self.text, 0)
        pointer = ""
        try:
            while True:
                pos, opened = self._value(pos, pointer)
                if opened:
                    pointer, pos = self._first_child(pos)
                    continue
                next_pointer, pos = self._after_value(pos)
                if next_pointer is None:
                    return
                pointer = next_pointer
        except (IndexError, _SyntaxStop):
            return

    def _value(self, pos: int, pointer: str) -> tuple[int, bool]:
        """Pass the value at ``pos``; ``opened`` is True when a container opened."""
        char = self.text[pos]
        if char in "{[":
            return self._open(pos, pointer, char)
        if char == '"':
            match = STRING.match(self.text, pos)
            if not match:
                raise _SyntaxStop
            return match.end(), False
        return self._scalar(pos), False

    def _open(self, pos: int, pointer: str, char: str) -> tuple[int, bool]:
        if len(self.stack) >= self.limits.max_json_depth:
            raise InputProblem(
                f"nested deeper than {self.limits.max_json_depth} levels"
                f" ({hint('max_json_depth')})",
                offset=pos,
                pointer=pointer,
            )
        after = skip(self.text, pos + 1)
        if self.text[after] == ("}" if char == "{" else "]"):
            return after + 1, False
        self.stack.append(_Frame(pointer, char == "["))
        return after, True

    def _scalar(self, pos: int) -> int:
        match = SCALAR.match(self.text, pos)
        if not match:
            raise _SyntaxStop
        token = match.group()
        if token in ("NaN", "Infinity", "-Infinity"):
            raise InputProblem(
                f"{token} is not a JSON number; use a number or null", offset=pos
            )
        if len(token) > self.limits.max_number_chars:
            raise InputProblem(
                f"a number {len(token)} characters long is longer than"
                f" {self.limits.max_number_chars} ({hint('max_number_chars')})",
                offset=pos,
            )
        try:
            too_large = token[-1].isdigit() and math.isinf(float(token))
        except ValueError:
            raise _SyntaxStop from None
        if too_large:
            raise InputProblem(
                f"the number {token} is too large to represent", offset=pos
            )
        return match.end()

    def _first_child(self, pos: int) -> tuple[str, int]:
        frame = self.stack[-1]
        if frame.is_array:
            return pointers.join(frame.pointer, 0), pos
        return self._key(pos)

    def _key(self, pos: int) -> tuple[str, int]:
        """Read ``"key":`` at ``pos``; give the child pointer and its value's offset."""
        match = STRING.match(self.text, pos)
        if not match:
            raise _SyntaxStop
        key = json.loads(match.group())
        frame = self.stack[-1]
        if key in frame.seen:
            first = self.text.count("\n", 0, frame.seen[key]) + 1
            raise InputProblem(
                f'the key "{key}" is written twice in the same object'
                f" (first at line {first})",
                offset=pos,
                pointer=pointers.join(frame.pointer, key),
            )
        frame.seen[key] = pos
        colon = skip(self.text, match.end())
        if self.text[colon] != ":":
            raise _SyntaxStop
        return pointers.join(frame.pointer, key), skip(self.text, colon + 1)

    def _after_value(self, pos: int) -> tuple[str | None, int]:
        """Move past separators and closers to the next value, if any."""
        while True:
            pos = skip(self.text, pos)
            if not self.stack:
                return None, pos
            frame = self.stack[-1]
            char = self.text[pos]
            if char == ",":
                pos = skip(self.text, pos + 1)
                if frame.is_array:
                    frame.index += 1
                    return pointers.join(frame.pointer, frame.index), pos
                return self._key(pos)
            if char not in "}]":
                raise _SyntaxStop
            self.stack.pop()
            pos += 1


class _SyntaxStop(Exception):
    """The scanner met invalid JSON; ``json`` reports it properly."""
