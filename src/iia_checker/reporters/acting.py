"""Characters that act instead of being read: which they are, found fast, shown.

The vocabulary of ``safe_text``: ``SHOWN_RANGES`` lists them (Unicode categories
Cc, Cf, Cs, Zl, Zp and the non-characters U+FFFE, U+FFFF), ``Finder`` finds them
in report-sized text without slowing the reporters, and ``picture`` gives each
its visible form: its Unicode control picture where there is one (ESC ``␛``, LF
``␊``, DEL ``␡``), otherwise its code point as ``<U+202E>``.
"""

from __future__ import annotations

import re
import typing as t

#: The characters shown, never obeyed (see the module docstring), as of Unicode 14
#: (Python 3.11); ``tests/test_hostile_outputs.py`` checks the list against
#: ``unicodedata`` and names any that a newer Unicode adds.
SHOWN_RANGES: t.Final = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
#: Layout characters that formats holding several lines per value keep.
LAYOUT: t.Final = "\t\n\r"


Ranges = t.Sequence[tuple[int, int]]
_ASTRAL: t.Final = tuple(r for r in SHOWN_RANGES if r[0] > 0xFFFF)


def _class(ranges: t.Iterable[tuple[int, int]]) -> re.Pattern[str]:
    parts = []
    for low, high in ranges:
        part = re.escape(chr(low))
        parts.append(part if low == high else f"{part}-{re.escape(chr(high))}")
    return re.compile(f"[{''.join(parts)}]")


def clip(ranges: Ranges, low: int, high: int) -> list[tuple[int, int]]:
    """``ranges`` cut to ``low``-``high``."""
    return [(max(a, low), min(b, high)) for a, b in ranges if a <= high and b >= low]


class Finder:
    """Finds the characters of ``ranges`` fast, for ``re.sub``.

    Most report text holds none of them, which ``str.isprintable`` tells at C speed
    (every character of ``SHOWN_RANGES`` is unprintable). Otherwise: the regex
    engine tests a class of many ranges one range at a time unless they all lie
    in the Basic Multilingual Plane (then it looks them up in a table), and
    ``str.isascii`` costs nothing; so ASCII text is searched for its few ranges
    only, text within the BMP (its UTF-16 is two bytes a character) with the
    table, and other text for the BMP ranges plus every astral character
    (``acting_astral`` then sorts those out).
    """

    def __init__(self, ranges: Ranges) -> None:
        self.ascii = _class(clip(ranges, 0, 0x7F))
        self.bmp = _class(clip(ranges, 0, 0xFFFF))
        self.wide = _class([*clip(ranges, 0, 0xFFFF), (0x10000, 0x10FFFF)])

    def sub(self, replace: t.Callable[[re.Match[str]], str], value: str) -> str:
        """``value`` with each character found replaced; itself if none is there."""
        if value.isprintable():  # no Cc, Cf, Cs, Zl, Zp, Cn: nothing acts
            return value
        if value.isascii():
            return self.ascii.sub(replace, value)
        if len(value.encode("utf-16-le", "surrogatepass")) == 2 * len(value):
            return self.bmp.sub(replace, value)  # nothing beyond the BMP
        return self.wide.sub(replace, value)


def without(ranges: Ranges, keep: str) -> list[tuple[int, int]]:
    """``ranges`` less the characters of ``keep``."""
    kept = sorted(map(ord, keep))
    result = []
    for low, high in ranges:
        start = low
        for code in kept:
            if start <= code <= high:
                if start < code:
                    result.append((start, code - 1))
                start = code + 1
        if start <= high:
            result.append((start, high))
    return result


SHOWN: t.Final = Finder(SHOWN_RANGES)
SHOWN_BUT_LAYOUT: t.Final = Finder(without(SHOWN_RANGES, LAYOUT))
#: What a JSON encoder leaves raw: all but C0, which it escapes in strings and
#: which outside them is only the layout between tokens.
RAW_IN_JSON: t.Final = Finder(clip(SHOWN_RANGES, 0x20, 0x10FFFF))


def acting_astral(code: int) -> bool:
    """Whether ``code``, outside the BMP, is one of ``SHOWN_RANGES``."""
    return any(low <= code <= high for low, high in _ASTRAL)


def picture(match: re.Match[str]) -> str:
    """The visible form of the character found (an astral one: itself if harmless)."""
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code > 0xFFFF and not acting_astral(code):
        return char
    return f"<U+{code:04X}>"
