"""Formulas that would reach outside the workbook when a reviewer opens it in Excel.

The checker never evaluates a formula, but the reviewer's Excel does, so a workbook
is refused if any formula in any sheet (mapped or not: the Instructions sheet too,
and the formulas of data validations and conditional formats) would:

- call another program: a DDE reference ``app|topic!item`` (any ``|`` outside a
  quoted text or sheet name), or ``CALL``, ``REGISTER``, ``REGISTER.ID``, ``EXEC``;
- fetch from the network: ``WEBSERVICE``, ``FILTERXML`` (which parses what
  ``WEBSERVICE`` fetched), ``IMAGE``, ``RTD``, ``STOCKHISTORY`` and the
  ``IMPORT*`` functions of other spreadsheets;
- link anywhere but a web page, e-mail address or place in the workbook:
  ``HYPERLINK`` is kept only when its target starts with a text ``"http://"``,
  ``"https://"``, ``"mailto:"`` or ``"#"``. A file path, a network share
  (``\\\\server\\share``, which Windows answers with the reviewer's credentials)
  or a target computed from cells is refused.
"""

from __future__ import annotations

import html
import re
import typing as t

from iia_checker.loaders.xlsx.guard.cells import cell_start

#: A formula element, prefixed or not: a cell's ``<f>``, or the ``<formula>``,
#: ``<formula1>`` and ``<formula2>`` of conditional formats and data validations.
_ELEMENT = re.compile(
    rb"<((?:[A-Za-z_][\w.-]*:)?f(?:ormula[12]?)?)(?=[\s>/])[^>]*?(/?)>", re.DOTALL
)
_MARKUP = re.compile(rb"<!\[CDATA\[(.*?)\]\]>|<!--.*?-->|<\?.*?\?>", re.DOTALL)
_LITERAL = re.compile(r"\"(?:[^\"]|\"\")*\"?|'(?:[^']|'')*'?")
_PLACEHOLDER = re.compile(r"\x00([0-9]+)\x00")
_CALLS = re.compile(
    r"(?<![\w.])(?:_xlfn\.|_xludf\.|_xlws\.)?"
    r"(WEBSERVICE|FILTERXML|IMAGE|RTD|STOCKHISTORY|IMPORTDATA|IMPORTXML|IMPORTHTML"
    r"|IMPORTFEED|IMPORTRANGE|CALL|REGISTER\.ID|REGISTER|EXEC|HYPERLINK)\s*\(",
    re.IGNORECASE,
)
_SAFE_TARGETS: t.Final = ("http://", "https://", "mailto:", "#")
_PROGRAMS: t.Final = frozenset({"CALL", "REGISTER", "REGISTER.ID", "EXEC"})
_ATTR_R = re.compile(rb'\sr\s*=\s*["\']([^"\']*)["\']')


class Refusal(t.NamedTuple):
    """Where an unsafe formula is (a cell, or another place) and what it does."""

    place: str
    reason: str


def unsafe_formula(xml: bytes) -> Refusal | None:
    """The first formula in a piece of worksheet XML that reaches outside, if any.

    The piece must not cut an element (the scanners cut before a ``<row``).
    """
    for start, name, text in formula_texts(xml):
        reason = danger(text)
        if reason is not None:
            return Refusal(_place(xml, start, name), reason)
    return None


def formula_texts(xml: bytes) -> t.Iterator[tuple[int, bytes, str]]:
    """Each formula element's start, name and text, as Excel would read it."""
    # A literal search finds nearly every sheet's few formulas at memchr speed;
    # the regular expression runs only on a piece with a namespace prefix.
    if b":f" in xml:
        starts: t.Iterable[int] = (m.start() for m in _ELEMENT.finditer(xml))
    else:
        starts = _literal_starts(xml)
    for start in starts:
        element = _ELEMENT.match(xml, start)
        if element is None or element.group(2):
            continue  # <font>, <filters>...; or <f/> (a shared formula's copy)
        close = b"</" + element.group(1) + b">"
        end = xml.find(close, element.end())
        yield (
            start,
            element.group(1),
            _text(xml[element.end() : len(xml) if end < 0 else end]),
        )


def _literal_starts(xml: bytes) -> t.Iterator[int]:
    position = xml.find(b"<f")
    while position >= 0:
        yield position
        position = xml.find(b"<f", position + 2)


def _text(content: bytes) -> str:
    """Character data of an element: entities decoded, CDATA kept, comments gone."""
    parts, position = [], 0
    for markup in _MARKUP.finditer(content):
        parts.append(html.unescape(_decoded(content[position : markup.start()])))
        if markup.group(1) is not None:
            parts.append(_decoded(markup.group(1)))
        position = markup.end()
    parts.append(html.unescape(_decoded(content[position:])))
    return "".join(parts)


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def danger(formula: str) -> str | None:
    """What ``formula`` would reach outside the workbook for, or None if nothing."""
    literals: list[str] = []

    def hide(literal: re.Match[str]) -> str:
        literals.append(literal.group())
        return f"\x00{len(literals) - 1}\x00"

    code = _LITERAL.sub(hide, formula)
    if "|" in code:
        return "calls another program (a DDE link)"
    for call in _CALLS.finditer(code):
        name = call.group(1).upper()
        if name == "HYPERLINK":
            if not _safe_target(code[call.end() :], literals):
                return (
                    "is a HYPERLINK to something other than a web page or e-mail"
                    " address (a file, a network share, or a target made from cells)"
                )
        elif name in _PROGRAMS:
            return f"calls a program library ({name})"
        else:
            return f"fetches data from the network ({name})"
    return None


def _safe_target(arguments: str, literals: list[str]) -> bool:
    target = _PLACEHOLDER.match(arguments.lstrip())
    if target is None:
        return False
    text = literals[int(target.group(1))].strip('"').lstrip().lower()
    return text.startswith(_SAFE_TARGETS)


def _place(xml: bytes, start: int, name: bytes) -> str:
    """``cell B7`` for a cell's formula, else where the other formulas live."""
    if not name.endswith(b"f"):
        return "a data validation or conditional format"
    cell = cell_start(xml, start)
    tag_end = xml.find(b">", cell, start)
    ref = _ATTR_R.search(xml, cell, tag_end) if cell >= 0 and tag_end >= 0 else None
    return f"cell {ref.group(1).decode(errors='replace')}" if ref else "a cell"
