"""Where reports go: parsing ``-o [FORMAT:]PATH`` and writing files atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
import typing as t
from pathlib import Path

from iia_checker.reporters import REPORTERS

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

    Readers never see half a file, and when one fails none is replaced.
    """
    written: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            written.append((write_temporary(path, content), path))
    except BaseException:
        discard(temp for temp, _ in written)
        raise
    replace_all(written)


def write_temporary(path: Path, content: Content) -> Path:
    """``content`` (text as UTF-8, or pieces of it) in a new file beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pieces = [content] if isinstance(content, str | bytes) else content
    handle, temp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        discard([temp])
        raise
    return Path(temp)


def replace_all(pending: t.Sequence[tuple[Path, Path]]) -> None:
    """Move each written temporary file onto its target; on failure remove them."""
    try:
        for temp, path in pending:
            os.replace(temp, path)
    except BaseException:
        discard([temp for temp, _ in pending])
        raise


def discard(temps: t.Iterable[str | Path]) -> None:
    """Remove temporary files that will not become reports."""
    for temp in temps:
        with contextlib.suppress(OSError):
            os.unlink(temp)
