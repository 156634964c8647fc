"""The fast scan of a worksheet read a piece at a time, holding a few megabytes.

The reader parses one sheet while the next is scanned, and the largest sheet's
calamine range is most of the memory then: a whole decompressed sheet beside it
would pass the budget. Pieces are cut before a ``<row``, so no cell and no tag
is ever split; a sheet this cannot follow (a comment, CDATA section or
processing instruction, where ``<row`` may be text and ``</c>`` no end tag;
prefixed cells, a row of many pieces, a damaged part) gives None and is read
whole by the ordinary preflight instead.
"""

from __future__ import annotations

import typing as t
import zipfile
import zlib

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.guard.scan import (
    FastScanner,
    Scan,
    unusual_markup,
)

_PIECE: t.Final = 2 << 20
#: A row this long, or a start of sheet without rows, is scanned whole instead.
_LONGEST_TAIL: t.Final = 4 * _PIECE
_READ_ERRORS: t.Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    KeyError,
)


def stream_scan(
    archive: zipfile.ZipFile, part: str, limits: Limits | None = None
) -> Scan | None:
    """The fast scan of ``part``, or None when it must be scanned whole.

    Reading stops at the piece that passes ``limits`` or holds a formula that
    reaches outside the workbook: the rest of the sheet cannot save it.
    """
    try:
        with archive.open(part) as stream:
            return _scan_pieces(stream, limits)
    except _READ_ERRORS:
        return None  # the whole read reports it


def _scan_pieces(stream: t.IO[bytes], limits: Limits | None) -> Scan | None:
    scanner = FastScanner(limits)
    tail = b""
    while not scanner.done and (data := stream.read(_PIECE)):
        text = tail + data
        cut = max(text.rfind(b"<row"), 0)
        piece, tail = text[:cut], text[cut:]
        if len(tail) > _LONGEST_TAIL or not _plain(piece) or not scanner.feed(piece):
            return None
    if not scanner.done and (not _plain(tail) or not scanner.feed(tail)):
        return None
    return scanner.result()


def _plain(piece: bytes) -> bool:
    # <! also finds a DTD, which the whole read then refuses.
    return not unusual_markup(piece)
