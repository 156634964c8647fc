"""Load a JSON submission: parsed in C, checked by hooks, located on demand.

The standard library parses the document. Its hooks refuse what ``json`` accepts
but a submission must not hold (a key written twice, NaN or Infinity, a number too
long or too large), and a walk over the containers bounds the nesting; only when
something is refused does ``json_explain`` scan the text to say where. Positions
of pointers are found when a finding asks (``json_locate``).

Memory: the text, the data, and for each located container an index of its
children; no per-value bookkeeping. ``bench/json_memory.py`` measures it.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import typing as t

from iia_checker.limits import Limits
from iia_checker.loaders.json_explain import explain
from iia_checker.loaders.json_locate import TextLocator, skip
from iia_checker.loaders.json_problem import InputProblem
from iia_checker.model.submission import Submission

__all__ = ["InputProblem", "decode", "load_text"]


#: Byte order marks of the encodings other than UTF-8 that Windows Notepad and
#: Excel save as "Unicode", longest first (UTF-32 LE starts like UTF-16 LE).
_MARKED: t.Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> str:
    """The text of ``raw``: UTF-8 (a leading byte order mark is dropped), or
    UTF-16 or UTF-32 when a byte order mark says so."""
    codec = next((name for mark, name in _MARKED if raw.startswith(mark)), None)
    try:
        return raw.decode(codec or "utf-8-sig")
    except UnicodeDecodeError as exc:
        if codec is not None:
            named = codec.upper()
            raise InputProblem(
                f"not valid {named} although it starts as {named}; save the file as"
                " UTF-8"
            ) from None
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


# Starts with the literal \u so the engine can jump between escapes.
_LONE_SURROGATE: t.Final = re.compile(
    r"\\u(?:[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u)[dD][c-fC-F][0-9a-fA-F]{2})"
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
    data = _loads(text, limits)
    if not isinstance(data, dict):
        kind = _JSON_KIND.get(type(data), "a value")
        raise InputProblem(
            f"the top level must be a JSON object holding one submission, not {kind}",
            offset=skip(text, 0),
        )
    return Submission(source, data, TextLocator(source, text))


def _loads(text: str, limits: Limits) -> object:
    hooks = _Hooks(limits.max_number_chars)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_refuse,
            parse_int=hooks.integer,
            parse_float=hooks.real,
        )
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg}", offset=exc.pos) from None
    except (_Refused, RecursionError):
        raise explain(text, limits) from None
    except ValueError as exc:
        raise InputProblem(f"unreadable JSON: {exc}") from None
    if _deeper_than(data, limits.max_json_depth):
        raise explain(text, limits)
    return data


_JSON_KIND: t.Final = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


class _Refused(Exception):
    """A hook refused a value; ``explain`` finds it in the text and says why."""


def _refuse(token: str) -> t.NoReturn:
    raise _Refused(token)


def _unique_keys(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Refused("a key written twice")
    return result


class _Hooks:
    """Number hooks that refuse numbers too long or too large (json takes both)."""

    __slots__ = ("longest",)

    def __init__(self, longest: int) -> None:
        self.longest = longest

    def integer(self, token: str) -> int:
        if len(token) > self.longest:
            raise _Refused(token)
        return int(token)

    def real(self, token: str) -> float:
        value = float(token)
        if len(token) > self.longest or math.isinf(value):
            raise _Refused(token)
        return value


def _deeper_than(data: object, limit: int) -> bool:
    """True when containers nest more than ``limit`` levels (the top is level 1)."""
    level: list[t.Any] = [data] if isinstance(data, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[t.Any] = []
        for node in level:
            values = node.values() if isinstance(node, dict) else node
            below.extend(v for v in values if type(v) is dict or type(v) is list)
        level = below
    return False
