"""Input limits that keep hostile files from exhausting time or memory.

Every limit is an option of ``iia-check check`` with the same name
(``max_sheet_rows`` is ``--max-sheet-rows``), and every overrun says which.
"""

from __future__ import annotations

import dataclasses
import time
import typing as t
from dataclasses import dataclass, field


def _limit(default: int, help_text: str, *, most: int | None = None) -> t.Any:
    return field(default=default, metadata={"help": help_text, "max": most})


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds applied while reading inputs; each overrun is an input error."""

    max_file_bytes: int = _limit(50 * 1024 * 1024, "Largest input file, in bytes.")
    # Python's json parser recurses per level and stops near 1,000.
    max_json_depth: int = _limit(
        64, "Deepest nesting of JSON arrays and objects (at most 900).", most=900
    )
    max_number_chars: int = _limit(100, "Longest JSON number, in characters.")
    max_uncompressed_bytes: int = _limit(
        512 * 1024 * 1024, "Largest unpacked size of a workbook, in bytes."
    )
    max_compression_ratio: int = _limit(
        200, "Largest compression ratio of a workbook part over 1 MiB (zip bombs)."
    )
    max_sheet_rows: int = _limit(100_000, "Most rows in one worksheet.")
    max_sheet_columns: int = _limit(512, "Most columns in one worksheet.")
    max_sheet_cells: int = _limit(
        10_000_000, "Largest rows x columns extent of one worksheet."
    )
    max_cell_chars: int = _limit(
        32_767, "Longest text in one cell, in characters (Excel's own limit)."
    )
    max_check_milliseconds: int = _limit(
        60_000,
        "Longest time to check one submission; past it the remaining rules are"
        " not run and the submission fails with an input error.",
    )


DEFAULT_LIMITS = Limits()


def hint(*names: str) -> str:
    """``limit max_x; raise it with --max-x`` for a message about an overrun."""
    options = " / ".join("--" + name.replace("_", "-") for name in names)
    label = "limit" if len(names) == 1 else "limits"
    return f"{label} {', '.join(names)}; raise it with {options}"


def limit_fields() -> list[dataclasses.Field[t.Any]]:
    """The limits, in order, for building command-line options."""
    return list(dataclasses.fields(Limits))


@dataclass(frozen=True, slots=True)
class Deadline:
    """When checking one submission must stop (``max_check_milliseconds``)."""

    at: float
    milliseconds: int

    @classmethod
    def after(cls, milliseconds: int) -> Deadline:
        """A deadline ``milliseconds`` from now (monotonic clock)."""
        return cls(time.monotonic() + milliseconds / 1000, milliseconds)

    def passed(self) -> bool:
        """True once the time is up."""
        return time.monotonic() > self.at
