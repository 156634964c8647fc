"""How much of a register's memory is its own text: the floor under any reader
that holds every project's rows at once.

Reads the workbook as ``iia-check`` does (``read_book``, every sheet) and sums the
sizes of its distinct text cells as Python objects, and their UTF-8 length; the
peak of a whole-register check cannot be below the first figure, and calamine's
shared strings hold about the second again while the sheets are read.

    python bench/register_text.py reg10k.xlsx
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.read import read_book

#: The limits of ``bench/run.py``: the Evidence sheet of a 10k register has 100k rows.
BIG = Limits(
    max_file_bytes=2**31,
    max_uncompressed_bytes=2**33,
    max_sheet_rows=2_000_000,
    max_sheet_cells=2**31,
)


@dataclasses.dataclass
class Texts:
    """Distinct text cells of a workbook."""

    count: int = 0
    utf8_bytes: int = 0
    object_bytes: int = 0
    cells: int = 0


def texts_of(path: Path) -> Texts:
    """The distinct texts of every sheet of ``path``."""
    book = read_book(path.read_bytes(), BIG)
    seen: set[int] = set()
    found = Texts()
    for grid in book.sheets.values():
        for row in grid:
            found.cells += len(row)
            for cell in row:
                if type(cell) is str and cell and id(cell) not in seen:
                    seen.add(id(cell))  # equal texts share one object (read.py)
                    found.count += 1
                    found.utf8_bytes += len(cell.encode("utf-8"))
                    found.object_bytes += sys.getsizeof(cell)
    return found


def main() -> None:
    """Print the figures for each workbook named."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workbooks", nargs="+", type=Path)
    for path in parser.parse_args().workbooks:
        found = texts_of(path)
        print(
            f"{path.name}: {found.cells:,} cells, {found.count:,} distinct texts,"
            f" {found.utf8_bytes / 1e6:,.1f} MB of UTF-8,"
            f" {found.object_bytes / 1e6:,.1f} MB as Python str objects"
        )


if __name__ == "__main__":
    main()
