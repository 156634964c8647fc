"""Where reports go: parsing ``-o [FORMAT:]PATH`` and writing files atomically.

What a target is decides how it is written:

- a regular file, or a path that does not exist yet: written beside it and moved
  into place, so a reader never sees half a report; a new file gets the
  permissions the umask allows (as ``>`` in a shell would), a replaced one keeps
  its own;
- a device (``/dev/null``), a named pipe, ``/dev/stdout`` or anything under
  ``/dev`` or ``/proc``: written through, opened for writing and never replaced;
  ``-`` is standard output;
- a symbolic link to a file (or to nothing) is refused: following it would
  replace a file the user did not name, a classic trick in shared folders;
- a folder is refused.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import typing as t
from pathlib import Path

from iia_checker.errors import IiaCheckerError
from iia_checker.reporters import REPORTERS

#: Paths that are streams whatever they link to (``/dev/stdout`` is a link).
_SYSTEM_STREAMS: t.Final = ("/dev/", "/proc/")


class OutputError(IiaCheckerError):
    """A report cannot be written where it was asked to go."""


#: The format a report path implies when no format is named.
FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
}


def output_targets(
    specs: tuple[str, ...], named: str | None, default: str
) -> list[tuple[str, Path | None]]:
    """(format, path) pairs for ``-o`` values; path None is standard output."""
    if not specs:
        return [(default, None)]
    return [_target(spec, named) for spec in specs]


def _target(spec: str, named: str | None) -> tuple[str, Path | None]:
    if spec == "-":
        return named or "text", None
    prefix, _, rest = spec.partition(":")
    if rest and prefix in REPORTERS:
        return prefix, _path(rest)
    path = Path(spec)
    fmt = named or FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None or fmt not in REPORTERS:
        known = ", ".join(sorted(REPORTERS))
        raise ValueError(
            f"cannot tell the format of {spec!r}; write FORMAT:PATH ({known})"
        )
    return fmt, path


def _path(text: str) -> Path | None:
    return None if text == "-" else Path(text)


Content = str | bytes | t.Iterable[str | bytes]


def write_atomic(path: Path, content: Content) -> None:
    """Replace ``path`` with ``content`` so readers never see half a file."""
    write_all([(path, content)])


def write_all(files: t.Iterable[tuple[Path, Content]]) -> None:
    """Write every file beside its target, then move them all into place.

    Readers never see half a file, and when one fails none is replaced. Streams
    (devices, pipes) are written through as they come.
    """
    written: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            if writes_through(path):
                _write_stream(path, content)
            else:
                written.append((write_temporary(path, content), path))
    except BaseException:
        discard(temp for temp, _ in written)
        raise
    replace_all(written)


def refuse_to_replace(path: Path, force: bool) -> None:
    """Raise ``OutputError`` if ``path`` is an existing file and not ``force``.

    Streams (``/dev/null``, a pipe) are never replaced, so they are always allowed.
    """
    if force or writes_through(path) or not os.path.lexists(path):
        return
    raise OutputError(f"{path}: already exists; give --force to replace it")


def writes_through(path: Path) -> bool:
    """True when ``path`` is a stream to open and write, not a file to replace.

    Raises ``OutputError`` for a symbolic link to a file and for a folder.
    """
    if str(path.absolute()).startswith(_SYSTEM_STREAMS):
        return True
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None  # a link to nothing
    if stat.S_ISLNK(link.st_mode) and (mode is None or stat.S_ISREG(mode)):
        raise OutputError(
            f"{path}: is a symbolic link; write to the file it points to,"
            " or remove the link"
        )
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a folder; name a file for the report")
    return mode is not None and not stat.S_ISREG(mode)


def _write_stream(path: Path, content: Content) -> None:
    try:
        with open(path, "wb", buffering=1 << 16) as stream:
            for piece in _pieces(content):
                stream.write(piece)
    except OSError as exc:
        raise _cannot(path, exc) from None


def _pieces(content: Content) -> t.Iterator[bytes]:
    pieces = [content] if isinstance(content, str | bytes) else content
    for piece in pieces:
        yield piece.encode("utf-8") if isinstance(piece, str) else piece


def _cannot(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write the report: {exc.strerror or exc}")


def write_temporary(path: Path, content: Content) -> Path:
    """``content`` (text as UTF-8, or pieces of it) in a new file beside ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = _create_beside(path)
    except OSError as exc:
        raise _cannot(path, exc) from None
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:
            for piece in _pieces(content):
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:
        discard([temp])
        if isinstance(exc, OSError):
            raise _cannot(path, exc) from None
        raise
    return temp


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty file beside ``path``: mode 0666 less the umask (the kernel
    applies it, as for any new file), or the mode of the file it will replace."""
    try:
        existing: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        existing = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            handle = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        if existing is not None:
            os.chmod(handle, existing)  # a replaced file keeps its own mode
        return handle, temp


def replace_all(pending: t.Sequence[tuple[Path, Path]]) -> None:
    """Move each written temporary file onto its target; on failure remove them."""
    try:
        for temp, path in pending:
            os.replace(temp, path)
    except BaseException as exc:
        discard([temp for temp, _ in pending])
        if isinstance(exc, OSError):
            raise _cannot(path, exc) from None
        raise


def discard(temps: t.Iterable[str | Path]) -> None:
    """Remove temporary files that will not become reports."""
    for temp in temps:
        with contextlib.suppress(OSError):
            os.unlink(temp)
