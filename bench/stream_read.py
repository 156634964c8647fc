"""What a streaming workbook read would cost: time and peak memory, measured.

The register's memory target (250 MB at 10k projects, ``bench/README.md``) is
below what calamine itself holds, because calamine keeps every shared string and
a whole sheet in memory. A reader that could meet it streams each sheet's XML
and keeps the shared strings on disk. This is that reader's lower bound in
Python: the standard library's expat-based ``iterparse`` (C), every shared string
written once to a temporary file with its offset kept in an array, every cell
resolved (one ``pread`` a shared string) and then dropped. It builds no rows and
checks nothing, so a product built this way could only be slower than these
figures.

    python bench/stream_read.py reg10k.xlsx       # prints wall, CPU and peak RSS

Compare with ``bench/.venv/bin/python calamine.py reg10k.xlsx`` under
``/usr/bin/time -v`` (the bare read of every sheet that the targets are set
against). Trusted files only: no preflight runs here.
"""

from __future__ import annotations

import array
import os
import resource
import sys
import tempfile
import time
import typing as t
import xml.etree.ElementTree as ET
import zipfile

MAIN: t.Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def shared_strings_on_disk(
    book: zipfile.ZipFile, store: t.BinaryIO
) -> array.array[int]:
    """Write each shared string's UTF-8 to ``store``; return their end offsets."""
    ends = array.array("q")
    if "xl/sharedStrings.xml" not in book.namelist():
        return ends
    written = 0
    with book.open("xl/sharedStrings.xml") as xml:
        for _, element in ET.iterparse(xml, events=("end",)):
            if element.tag != MAIN + "si":
                continue
            text = "".join(t.text or "" for t in element.iter(MAIN + "t"))
            written += store.write(text.encode("utf-8"))
            ends.append(written)
            element.clear()
    store.flush()
    return ends


def stream_cells(
    book: zipfile.ZipFile, sheet: str, strings: int, ends: array.array[int]
) -> int:
    """Resolve every cell of ``sheet`` once and drop it; the number of cells."""
    cells = 0
    with book.open(sheet) as xml:
        for _, element in ET.iterparse(xml, events=("end",)):
            if element.tag != MAIN + "c":
                if element.tag == MAIN + "row":
                    element.clear()
                continue
            value = element.findtext(MAIN + "v")
            if value is not None and element.get("t") == "s":
                index = int(value)
                start = ends[index - 1] if index else 0
                value = os.pread(strings, ends[index] - start, start).decode("utf-8")
            cells += value is not None
    return cells


def main() -> None:
    """Stream every worksheet of the workbook named on the command line."""
    started, cpu = time.perf_counter(), time.process_time()
    with zipfile.ZipFile(sys.argv[1]) as book, tempfile.TemporaryFile() as store:
        ends = shared_strings_on_disk(book, store)
        strings_done = time.perf_counter() - started
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        # pread, not mmap: a mapped file's pages would count as the process's own.
        cells = sum(stream_cells(book, s, store.fileno(), ends) for s in sheets)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(ends):,} shared strings on disk in {strings_done:.2f} s;"
        f" {cells:,} cells in {len(sheets)} sheets;"
        f" wall {time.perf_counter() - started:.2f} s,"
        f" CPU {time.process_time() - cpu:.2f} s, peak {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
