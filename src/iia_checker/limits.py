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
    #: Largest total uncompressed size of a workbook's parts, in bytes.
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    #: Largest compression ratio of a workbook part over 1 MiB (zip bombs).
    max_compression_ratio: int = 200
    #: Most rows in one worksheet (the furthest cell reference counts).
    max_sheet_rows: int = 100_000
    #: Most columns in one worksheet (512 is column SR).
    max_sheet_columns: int = 512
    #: Largest rows x columns extent of one worksheet (bounds the reader's grid).
    max_sheet_cells: int = 10_000_000
    #: Longest text in one cell, in characters (Excel's own limit).
    max_cell_chars: int = 32_767


DEFAULT_LIMITS = Limits()
