"""Which sheet to scan, and which to parse, next: the pipeline's order and budget.

Sheets are scanned largest first, so the largest is parsed first, while the
smaller ones are scanned a piece at a time beside it. A parse may overlap the
turning of another sheet into rows only while the calamine ranges alive together
cost no more than the two largest sheets' (a range costs some 3.5 bytes a byte of
sheet XML, 120 bytes a cell): the second largest is parsed while the largest is
turned into rows, instead of after it. The peak comes at the end of the read, when
calamine's shared strings and every sheet's rows are held at once, so this adds
little to it: on a register of 10,000 projects the read took 0.85x the time for
+1.5% of peak memory, at 50,000 0.81x for +5% (``bench/README.md``). Allowing
only the largest one's cost kept the reader idle for a second while the largest
sheet was turned into rows.
"""

from __future__ import annotations

import collections
import typing as t
import zipfile

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.guard.preflight import Preflight, SheetInfo, clear_sheet

_RANGE_PER_XML_BYTE: t.Final = 3.5


def range_cost(sheet: SheetInfo) -> float:
    """Roughly the bytes of calamine's range for ``sheet``."""
    return sheet.size * _RANGE_PER_XML_BYTE


class Reader(t.Protocol):
    """What the plan asks of the reader thread."""

    def ask(self, name: str) -> None: ...  # noqa: D102


class SheetPlan:
    """The sheets not yet scanned, scanned but not asked for, and asked for."""

    def __init__(self, archive: zipfile.ZipFile, info: Preflight, limits: Limits):
        self.info = info
        self._archive, self._limits = archive, limits
        by_size = sorted(info.sheets, key=range_cost, reverse=True)
        self.to_scan = collections.deque(by_size)
        self.cleared: list[SheetInfo] = []
        self.asked: collections.deque[SheetInfo] = collections.deque()
        self._budget = sum(map(range_cost, by_size[:2]))

    def unfinished(self) -> bool:
        """Whether a sheet is still to be scanned, parsed or taken."""
        return bool(self.to_scan or self.cleared or self.asked)

    def scan_next(self) -> None:
        """Clear the largest sheet not yet scanned; raise ``FileProblem`` if unsafe."""
        sheet = self.to_scan.popleft()
        clear_sheet(self._archive, self.info, sheet, self._limits)
        self.cleared.append(sheet)

    def ask_more(self, reader: Reader, compacting: SheetInfo | None = None) -> None:
        """Ask for the cleared sheets whose ranges fit beside those alive."""
        alive = sum(map(range_cost, self.asked))
        alive += range_cost(compacting) if compacting else 0.0
        for sheet in list(self.cleared):
            if alive + range_cost(sheet) <= self._budget or not alive:
                reader.ask(sheet.name)
                self.cleared.remove(sheet)
                self.asked.append(sheet)
                alive += range_cost(sheet)
