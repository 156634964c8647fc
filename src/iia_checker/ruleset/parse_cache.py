"""Parsed rule files kept between runs: each YAML file's data and line map.

Parsing the ~110 bundled rule files with PyYAML (and importing it) was the largest
part of loading the rules on every start. So the result of ``yaml_positions.load``
is kept in the user's cache folder, one JSON file per rules directory, each entry
found by the SHA-256 of the exact bytes read: an edited file misses and is parsed
afresh, and the cache never decides what a rule says. It is plain JSON written by
this module (never pickle): only data made of mappings with text keys, lists, text,
numbers, booleans and nulls is kept, so reading it back gives equal data; a file
holding anything else (an unquoted date, a number as a key) is parsed every time.
A cache that is missing, unreadable, too large or not in this shape is ignored and
written again, and so is one another version of the tool wrote (its parser may
have read a file differently). ``IIA_CHECK_CACHE_DIR`` moves it; set to an empty
value, it is off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import typing as t
from pathlib import Path

from iia_checker import __version__

ENV_VAR: t.Final = "IIA_CHECK_CACHE_DIR"
#: Bump when the shape of an entry or of ``yaml_positions.load`` changes.
FORMAT: t.Final = 1
MAX_BYTES: t.Final = 50_000_000

Parsed = tuple[t.Any, dict[str, int]]


def cache_dir() -> Path | None:
    """The folder for cached files, or None when caching is off."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        return Path(chosen) if chosen else None
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "iia-checker"
    try:
        return Path.home() / ".cache" / "iia-checker"
    except RuntimeError:  # no home folder to be found: no cache
        return None


class ParseCache:
    """The parsed files of one rules directory: looked up, added, saved once."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored = _read(path) if path is not None else {}
        self._used: dict[str, list[t.Any]] = {}
        self._added = False

    @classmethod
    def for_directory(cls, directory: Path) -> ParseCache:
        """The cache of ``directory``, named by its resolved path."""
        folder = cache_dir()
        if folder is None:
            return cls(None)
        name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:32]
        return cls(folder / f"rules-{name}.json")

    def get(self, content: bytes) -> Parsed | None:
        """The data and lines parsed earlier from exactly ``content``, if kept."""
        key = hashlib.sha256(content).hexdigest()
        entry = self._stored.get(key)
        if entry is None:
            return None
        self._used[key] = entry
        return entry[0], entry[1]

    def put(self, content: bytes, data: t.Any, lines: dict[str, int]) -> None:
        """Keep what ``content`` parsed to, if JSON gives it back unchanged."""
        if _plain(data):
            self._used[hashlib.sha256(content).hexdigest()] = [data, lines]
            self._added = True

    def save(self) -> None:
        """Write the entries used in this load, if any was added or dropped."""
        if self.path is None or not (self._added or self._stored.keys() - self._used):
            return
        kept = {"format": FORMAT, "tool": __version__, "entries": self._used}
        text = json.dumps(kept)
        with contextlib.suppress(OSError):  # a read-only home must not stop a check
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _replace(self.path, text)


def _read(path: Path) -> dict[str, list[t.Any]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return {}
    if stored.get("tool") != __version__:
        return {}
    entries = stored.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {key: entry for key, entry in entries.items() if _is_entry(entry)}


def _is_entry(entry: object) -> bool:
    if not (isinstance(entry, list) and len(entry) == 2):
        return False
    lines = entry[1]
    return isinstance(lines, dict) and all(
        isinstance(line, int) and not isinstance(line, bool) for line in lines.values()
    )


def _plain(value: object) -> bool:
    """True if JSON gives ``value`` back equal and of the same types."""
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` at once: a reader sees the old file or the new."""
    import tempfile  # only when writing: most starts just read

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rules-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
