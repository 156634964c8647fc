"""Refuse XML parts that declare a DTD, in any encoding, or are not UTF-8.

A DTD can only be declared in a document's prolog: after the XML declaration,
among comments and processing instructions, before the root element. So the whole
prolog is read, however long (a 70 KB comment no longer hides a DTD behind it),
and nothing after it; it is read a piece at a time, decoded as the part's first
bytes say (UTF-8, UTF-16 or UTF-32, either byte order, with or without a byte
order mark; the XML specification's appendix F), and holds a few kilobytes at
most. Any ``<!`` in the prolog other than a comment refuses the part.

Excel and LibreOffice write every part in UTF-8, and calamine reads a part in
another encoding as if empty, so any other encoding refuses the part too (after
the DTD check, whose message is the more useful).
"""

from __future__ import annotations

import codecs
import re
import typing as t

from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.container import WORKBOOK, Spreadsheet

_PIECE: t.Final = 64 * 1024
_UTF8_NAMES: t.Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_DECLARED = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_WHITESPACE: t.Final = " \t\r\n\ufeff"


def check_part(name: str, stream: t.IO[bytes], kind: Spreadsheet = WORKBOOK) -> None:
    """Raise ``FileProblem`` if the XML part ``name`` has a DTD or is not UTF-8.

    A part that does not start like XML (an image, a binary part) is let be.
    """
    head = stream.read(_PIECE)
    head = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    encoding = _encoding(head)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    walker = _PrologWalker()
    walker.feed(decoder.decode(head))
    while walker.reading and (piece := stream.read(_PIECE)):
        walker.feed(decoder.decode(piece))
    if walker.dtd:
        raise FileProblem(
            f"{kind.part(name)} declares a DTD or entities, which {kind.program}"
            " never writes; it was refused"
        )
    if walker.xml and not _utf8(encoding, walker.declaration):
        raise FileProblem(
            f"{kind.part(name)} is not written in UTF-8 (as {kind.program} writes"
            f" every part), so it cannot be read safely; open {kind.whole} in"
            f" {kind.program} and save it again"
        )


def _encoding(head: bytes) -> str:
    """The codec the first bytes call for; latin-1 for the ASCII family.

    Latin-1 decodes any byte, so a prolog in UTF-8 or any ASCII-compatible
    encoding is walked the same; the declaration then says which it is.
    """
    first = head[:4]
    if first.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return "utf-32"  # with its byte order mark, which the codec reads
    if first.startswith((b"\xfe\xff", b"\xff\xfe")):
        return "utf-16"
    if len(first) == 4 and first[0] == first[1] == 0:
        return "utf-32-be"
    if len(first) == 4 and first[1] == first[2] == first[3] == 0:
        return "utf-32-le"
    if len(first) >= 2 and first[0] == 0:
        return "utf-16-be"
    if len(first) >= 2 and first[1] == 0:
        return "utf-16-le"
    return "latin-1"


def _utf8(encoding: str, declaration: str) -> bool:
    if encoding != "latin-1":
        return False
    declared = _DECLARED.match(declaration)
    return declared is None or declared.group(1).lower() in _UTF8_NAMES


class _PrologWalker:
    """Walk a prolog fed in pieces of text, until its root element starts."""

    def __init__(self) -> None:
        self.reading = True
        self.dtd = False
        #: Whether the part starts like XML at all (its first character ``<``).
        self.xml = False
        self.declaration = ""
        self._text = ""
        self._until = ""  # the end of a comment or instruction being skipped
        self._started = False

    def feed(self, text: str) -> None:
        """Read on through ``text``; ``reading`` turns False at the root element."""
        self._text += text
        while self.reading and self._step():
            pass

    def _step(self) -> bool:
        """Take one thing off the text; False when more text is needed."""
        if self._until:
            return self._skip_to_end()
        self._text = self._text.lstrip(_WHITESPACE)
        if not self._started and self._text:
            self._started = True
            self.xml = self._text.startswith("<")
            self.reading = self.xml
            if not self.reading:
                return False
        if len(self._text) < 4:
            return False
        return self._markup()

    def _markup(self) -> bool:
        text = self._text
        if text.startswith("<?"):
            if not self.declaration and text.startswith("<?xml"):
                self.declaration = text[: text.find("?>") + 2 if "?>" in text else 256]
            self._until, self._text = "?>", text[2:]
        elif text.startswith("<!--"):
            self._until, self._text = "-->", text[4:]
        elif text.startswith("<!"):
            self.dtd, self.reading = True, False
        elif text.startswith("<"):
            self.reading = False  # the root element: the prolog is over
        else:
            # Text before the root is not XML, but a lenient reader may go on.
            start = text.find("<")
            self._text = text[start:] if start >= 0 else ""
            return start >= 0
        return True

    def _skip_to_end(self) -> bool:
        end = self._text.find(self._until)
        if end < 0:
            # Keep only what could start the end marker: memory stays small.
            self._text = self._text[-(len(self._until) - 1) :]
            return False
        self._text = self._text[end + len(self._until) :]
        self._until = ""
        return True
