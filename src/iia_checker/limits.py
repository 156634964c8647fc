"""Input limits that keep hostile files from exhausting time or memory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds applied while reading inputs; each overrun is an input error."""

    #: Largest input file read, in bytes.
    max_file_bytes: int = 50 * 1024 * 1024
    #: Deepest nesting of JSON arrays and objects.
    max_json_depth: int = 64
    #: Longest number literal in JSON, in characters.
    max_number_chars: int = 100


DEFAULT_LIMITS = Limits()
