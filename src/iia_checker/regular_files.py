"""Read a file only if it is a regular file, without ever waiting on a pipe.

A named pipe with no writer makes ``open()`` wait forever, and a device such as
``/dev/zero`` never ends. So a file is opened with ``O_NONBLOCK`` (and
``O_NOCTTY``) and the open descriptor is checked with ``fstat``: checking the name
first and then opening it would let a pipe swapped in between through. Used for
inputs and for every file the tool is given to read (rules, schema, waivers,
baseline, configuration).
"""

from __future__ import annotations

import errno
import os
import stat
import typing as t
from pathlib import Path


class NotAFile(OSError):
    """The path is a pipe, a device, a socket or a folder, not a saved file."""


_OPEN_FLAGS: t.Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_KINDS: t.Final = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _refusal(mode: int, advice: str) -> NotAFile | None:
    for test, kind in _KINDS:
        if test(mode):
            return NotAFile(f"is {kind}, not a saved file; {advice}")
    return None


def read_regular(
    path: str | Path, limit: int | None = None, advice: str = "give a saved file"
) -> bytes:
    """The bytes of ``path`` (at most ``limit + 1``) if it is a regular file.

    Raises ``NotAFile`` (an ``OSError``) naming what it is and ``advice``.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened as a file
            found = _refusal(os.stat(path).st_mode, advice)
            if found is not None:
                raise found from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        refused = _refusal(os.fstat(descriptor).st_mode, advice)
        if refused is not None:
            raise refused
        return handle.read() if limit is None else handle.read(limit + 1)


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file (``NotAFile`` or ``UnicodeDecodeError``)."""
    return read_regular(path).decode("utf-8")
