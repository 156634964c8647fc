"""Where reports go: parsing ``-o [FORMAT:]PATH`` and writing files atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
