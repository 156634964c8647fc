"""Regular expressions written by rule authors or schema authors, run in linear time.

Python's ``re`` backtracks: ``^https?://[^\\s/]+\\.[^\\s]+$`` took 20 s on a 40 KB
link because every dot restarts the tail. RE2 (``google-re2``) runs any pattern in
time linear in the text, so a submission can no longer make a rule hang. The price
is that backreferences (``\\1``) and lookaround (``(?=...)``, ``(?<!...)``) are not
supported; such a pattern is refused where it is loaded, with the file and place.

Differences from ``re`` worth knowing: ``\\d``, ``\\s`` and ``\\w`` match ASCII
only, and ``$`` matches at the very end of the text only (not before a final
newline). Every bundled pattern behaves the same under both (tested).

The checks call RE2's compiled program directly (``re2._re2``): the module's
Python wrapper converts match offsets back to characters, which a yes/no search
does not need and which made each search six times slower than ``re``.
"""

from __future__ import annotations

import functools
import re
import typing as t
from dataclasses import dataclass

import re2  # type: ignore[import-untyped]
from re2 import _re2

_UNANCHORED: t.Final = _re2.RE2.Anchor.UNANCHORED
_NO_MATCH: t.Final = -1


class PatternError(ValueError):
    """The pattern cannot run on the linear-time engine; the message says why."""


def _options() -> t.Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print each refusal to standard error
    options.never_capture = True  # a yes/no search needs no groups: faster
    return options


_OPTIONS: t.Final = _options()


@dataclass(frozen=True, slots=True, eq=False)
class LinearPattern:
    """A compiled pattern whose ``search`` is linear in the length of the text."""

    pattern: str
    _program: t.Any

    def search(self, text: str) -> bool:
        """True when ``text`` contains a match (as ``re.search`` would say)."""
        encoded = text.encode("utf-8", "surrogatepass")
        spans = self._program.Match(_UNANCHORED, encoded, 0, len(encoded))
        return bool(spans[0][0] != _NO_MATCH)


@functools.lru_cache(maxsize=512)
def compile_linear(pattern: str) -> LinearPattern:
    """``pattern`` compiled for linear-time search, or ``PatternError``."""
    program = _re2.RE2(pattern.encode("utf-8", "surrogatepass"), _OPTIONS)
    if not program.ok():
        raise PatternError(_explain(pattern, program.error()))
    return LinearPattern(pattern, program)


@functools.lru_cache(maxsize=16)
def _bytes_program(pattern: bytes) -> t.Any:
    return _re2.RE2(pattern, _OPTIONS)


def found_in(pattern: bytes, data: bytes) -> bool:
    """Whether ``pattern`` (the project's own, known to compile) occurs in
    ``data``: one pass at DFA speed, for bytes too long to decode, such as a
    worksheet, where Python's ``re`` would try the pattern at every position."""
    program = _bytes_program(pattern)
    return bool(program.Match(_UNANCHORED, data, 0, len(data))[0][0] != _NO_MATCH)


def _explain(pattern: str, error: bytes | str) -> str:
    reason = error.decode("utf-8", "replace") if isinstance(error, bytes) else error
    try:
        re.compile(pattern)
    except re.error:
        return f"not a valid regular expression: {reason}"
    return (
        f"uses a feature the checker does not support ({reason}); a pattern cannot"
        " use backreferences such as \\1 or lookaround such as (?=...), which can"
        " make a check run for hours"
    )
