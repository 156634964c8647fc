"""Time the workbook guard on hostile workbooks next to the register they spoil.

Each figure is the median of ``--runs`` runs of the real entry point
(``python -m iia_checker check FILE -f json``), each a fresh subprocess, and of
the guard alone (``preflight`` in this process, so without Python's start-up):

- ``register``: a 30-project register (bench/generate.py's projects);
- ``formatted-rows``: the same register whose Projects sheet has a fill on 4,000
  formatted empty rows below the projects (``<c r="A5" s="3"/>`` cells, as Excel
  writes them), which must cost at most 1.5 times ``register``;
- ``formatted-spaced``: the same written ``<c r="A5" s="3" />``, as openpyxl and
  other libraries write them;
- ``million-rows``, ``far-cell``, ``many-cells``: sheets past the row, furthest
  cell and cell-count limits, which must be refused in under a second.

    python bench/hostile_workbooks.py [--runs 3] [--keep /tmp/hostile]

``PYTHONPATH=/elsewhere/src`` times another checkout of the checker.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import projects, write_register  # noqa: E402
from tests import hostile_files  # noqa: E402

TOOL = [sys.executable, "-m", "iia_checker", "check", "--as-of", "2021-09-01"]
PROJECTS_PART = "xl/worksheets/sheet2.xml"
FILLED_COLUMNS = 168  # A:FL, the register's Projects columns
FILLED_ROWS = 4000


def formatted_rows(first: int, count: int = FILLED_ROWS) -> bytes:
    """Rows of self-closing formatted empty cells, as Excel writes a fill."""
    from iia_checker.model.a1 import column_letters

    letters = [column_letters(i) for i in range(FILLED_COLUMNS)]
    return b"".join(
        f'<row r="{row}" spans="1:{FILLED_COLUMNS}">'.encode()
        + b"".join(f'<c r="{col}{row}" s="3"/>'.encode() for col in letters)
        + b"</row>"
        for row in range(first, first + count)
    )


def with_formatted_rows(register: bytes, close: bytes = b"/>") -> bytes:
    """``register`` with a fill on 4,000 empty rows below its projects."""
    parts = _parts(register)
    xml = parts[PROJECTS_PART]
    last = max(int(r) for r in re.findall(rb'<row r="([0-9]+)"', xml))
    end = xml.rindex(b"</sheetData>")
    fill = formatted_rows(last + 1).replace(b'"/>', b'"' + close)
    parts[PROJECTS_PART] = xml[:end] + fill + xml[end:]
    return _zipped(parts)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def far_cell() -> bytes:
    """A sheet whose second cell is XFD1048576."""
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    rows += b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return hostile_files.workbook(rows)


def many_cells() -> bytes:
    """A sheet of 500 columns (row 1) by 100,000 rows (column A): 50 M cells."""
    rows = b'<row r="1"><c r="A1"><v>1</v></c><c r="SF1"><v>1</v></c></row>'
    rows += b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(2, 100_001)
    )
    return hostile_files.workbook(rows)


def make_files(folder: Path) -> dict[str, Path]:
    """Write every workload into ``folder``; name -> path."""
    register = folder / "register.xlsx"
    write_register(register, projects(30))
    made = {
        "register": register,
        "formatted-rows": folder / "formatted-rows.xlsx",
        "formatted-spaced": folder / "formatted-spaced.xlsx",
        "million-rows": folder / "million-rows.xlsx",
        "far-cell": folder / "far-cell.xlsx",
        "many-cells": folder / "many-cells.xlsx",
    }
    made["formatted-rows"].write_bytes(with_formatted_rows(register.read_bytes()))
    spaced = with_formatted_rows(register.read_bytes(), b" />")
    made["formatted-spaced"].write_bytes(spaced)
    made["million-rows"].write_bytes(hostile_files.million_rows())
    made["far-cell"].write_bytes(far_cell())
    made["many-cells"].write_bytes(many_cells())
    return made


def timed(path: Path) -> tuple[float, int]:
    """Seconds and exit code of one check of ``path``."""
    start = time.perf_counter()
    done = subprocess.run(
        [*TOOL, str(path), "-f", "json"], capture_output=True, cwd=ROOT, check=False
    )
    return time.perf_counter() - start, done.returncode


def guard_seconds(path: Path) -> float:
    """Seconds the preflight alone takes on ``path``, in this process."""
    from iia_checker.limits import Limits
    from iia_checker.loaders.problems import FileProblem
    from iia_checker.loaders.xlsx.guard.preflight import preflight

    raw = path.read_bytes()
    start = time.perf_counter()
    with contextlib.suppress(FileProblem):
        preflight(raw, Limits())
    return time.perf_counter() - start


def main(argv: t.Sequence[str] | None = None) -> None:
    """Make the workloads, time each ``--runs`` times, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbooks here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = make_files(folder)
        medians = {}
        print(f"{'workbook':17} {'check':>8} {'guard':>8}  exit  bytes")
        for name, path in files.items():
            runs = [timed(path) for _ in range(args.runs)]
            medians[name] = statistics.median(s for s, _ in runs)
            guard = statistics.median(guard_seconds(path) for _ in range(args.runs))
            size = path.stat().st_size
            print(
                f"{name:17} {medians[name]:6.2f} s {guard:6.3f} s  {runs[0][1]:4}"
                f"  {size:,}"
            )
        for name in ("formatted-rows", "formatted-spaced"):
            ratio = medians[name] / medians["register"]
            print(f"{name} / register: {ratio:.2f}x")


if __name__ == "__main__":
    main()
