"""Load a JSON submission and record the line and column of every JSON pointer.

The standard library parses the document; a small iterative scanner walks the same
text once to record where each value starts and to catch what ``json`` accepts or
reports badly (duplicate keys, NaN/Infinity, absurd nesting, huge numbers).
"""

from __future__ import annotations

import bisect
import json
import math
import re
import typing as t
from dataclasses import dataclass

from iia_checker.limits import Limits, hint
from iia_checker.model import pointers
from iia_checker.model.findings import Location
from iia_checker.model.submission import Submission

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity")


class InputProblem(Exception):
    """The input cannot be turned into a submission; ``offset`` says where."""

    def __init__(
        self, message: str, *, offset: int | None = None, pointer: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.pointer = pointer
        #: 1-based line and column, filled in from ``offset`` by ``load_text``.
        self.line: int | None = None
        self.column: int | None = None

    def place(self, text: str) -> InputProblem:
        """Fill in line and column from the offset into ``text``."""
        if self.offset is not None:
            starts = line_starts(text)
            self.line = bisect.bisect_right(starts, self.offset)
            self.column = self.offset - starts[self.line - 1] + 1
        return self


@dataclass(frozen=True, slots=True)
class TextLocator:
    """Maps pointers to ``line:column`` through offsets recorded while scanning."""

    file: str
    offsets: dict[str, int]
    line_starts: list[int]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def locate(self, pointer: str) -> Location:
        """The location of ``pointer``, or of its nearest ancestor that exists."""
        known = pointer
        while known not in self.offsets and known:
            known = pointers.parent(known)
        offset = self.offsets.get(known)
        if offset is None:
            return Location(file=self.file, pointer=pointer)
        line, column = self.position(offset)
        return Location(file=self.file, pointer=pointer, line=line, column=column)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


def decode(raw: bytes) -> str:
    """UTF-8 text of ``raw`` (a leading byte order mark is dropped)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = InputProblem(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        )
        problem.line, problem.column = line, column
        raise problem from None


def load_text(text: str, source: str, limits: Limits) -> Submission:
    """Parse JSON ``text`` into a submission, or raise ``InputProblem``."""
    try:
        return _parse(text, source, limits)
    except InputProblem as problem:
        raise problem.place(text) from None


_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _parse(text: str, source: str, limits: Limits) -> Submission:
    if not text.strip():
        raise InputProblem("the file is empty; a submission is a JSON object")
    # json accepts "\ud800" alone, but no UTF-8 report could then hold the text.
    lone = _LONE_SURROGATE.search(text)
    if lone:
        raise InputProblem(
            f"{lone.group()} is half of a character (an unpaired surrogate)",
            offset=lone.start(),
        )
    offsets = _Scanner(text, limits).scan()
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg}", offset=exc.pos) from None
    except (ValueError, RecursionError) as exc:
        raise InputProblem(f"unreadable JSON: {exc}") from None
    if not isinstance(data, dict):
        kind = _JSON_KIND.get(type(data), "a value")
        raise InputProblem(
            f"the top level must be a JSON object holding one submission, not {kind}",
            offset=offsets.get("", 0),
        )
    return Submission(source, data, TextLocator(source, offsets, line_starts(text)))


_JSON_KIND: t.Final = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


def _reject_duplicates(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
    # The scanner reports duplicates with their place; this is only a safety net.
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("an object has the same key twice")
    return result


class _Scanner:
    """Records the start offset of every value; never recurses."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.offsets: dict[str, int] = {}
        # Each frame: [pointer, next array index or -1 for objects, keys seen]
        self.stack: list[tuple[str, list[int], set[str]]] = []

    def scan(self) -> dict[str, int]:
        """Walk the whole text; stop quietly at the first syntax error."""
        pos = self._skip(0)
        pointer = ""
        try:
            while True:
                pos, done = self._value(pos, pointer)
                if not done:
                    pointer, pos = self._first_child(pos)
                    continue
                next_pointer, pos = self._after_value(pos)
                if next_pointer is None:
                    return self.offsets
                pointer = next_pointer
        except (IndexError, _SyntaxStop):
            return self.offsets

    def _skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def _value(self, pos: int, pointer: str) -> tuple[int, bool]:
        """Start the value at ``pos``; ``done`` is False when a container opened."""
        self.offsets[pointer] = pos
        char = self.text[pos]
        if char in "{[":
            return self._open(pos, pointer, char)
        if char == '"':
            match = _STRING.match(self.text, pos)
            if not match:
                raise _SyntaxStop
            return match.end(), True
        return self._scalar(pos), True

    def _open(self, pos: int, pointer: str, char: str) -> tuple[int, bool]:
        if len(self.stack) >= self.limits.max_json_depth:
            raise InputProblem(
                f"nested deeper than {self.limits.max_json_depth} levels"
                f" ({hint('max_json_depth')})",
                offset=pos,
                pointer=pointer,
            )
        after = self._skip(pos + 1)
        if self.text[after] == ("}" if char == "{" else "]"):
            return after + 1, True
        self.stack.append((pointer, [0 if char == "[" else -1], set()))
        return after, False

    def _scalar(self, pos: int) -> int:
        match = _SCALAR.match(self.text, pos)
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
            raise _SyntaxStop from None  # json reports the malformed number
        if too_large:
            raise InputProblem(
                f"the number {token} is too large to represent", offset=pos
            )
        return match.end()

    def _first_child(self, pos: int) -> tuple[str, int]:
        frame_pointer, index, _ = self.stack[-1]
        if index[0] >= 0:
            return pointers.join(frame_pointer, 0), pos
        return self._key(pos)

    def _key(self, pos: int) -> tuple[str, int]:
        """Read ``"key":`` at ``pos``; give the child pointer and its value's offset."""
        match = _STRING.match(self.text, pos)
        if not match:
            raise _SyntaxStop
        key = json.loads(match.group())
        frame_pointer, _, seen = self.stack[-1]
        if key in seen:
            raise InputProblem(
                f'the key "{key}" appears twice in the same object',
                offset=pos,
                pointer=pointers.join(frame_pointer, key),
            )
        seen.add(key)
        colon = self._skip(match.end())
        if self.text[colon] != ":":
            raise _SyntaxStop
        return pointers.join(frame_pointer, key), self._skip(colon + 1)

    def _after_value(self, pos: int) -> tuple[str | None, int]:
        """Move past separators and closers to the next value, if any."""
        while True:
            pos = self._skip(pos)
            if not self.stack:
                return None, pos
            frame_pointer, index, _ = self.stack[-1]
            char = self.text[pos]
            if char == ",":
                pos = self._skip(pos + 1)
                if index[0] >= 0:
                    index[0] += 1
                    return pointers.join(frame_pointer, index[0]), pos
                return self._key(pos)
            if char not in "}]":
                raise _SyntaxStop
            self.stack.pop()
            pos += 1


class _SyntaxStop(Exception):
    """The scanner met invalid JSON; ``json`` will report it properly."""
