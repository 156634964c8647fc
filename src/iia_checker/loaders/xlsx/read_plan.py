"""Which sheet to scan, and which to parse, next: the pipeline's order and budget.

Sheets are scanned largest first, so the largest is parsed first, while the
smaller ones are scanned a piece at a time beside it. A parse may overlap the
turning of another sheet into rows only while both calamine ranges together stay
within about the largest one's: a range costs some 3.5 bytes a byte of sheet XML
(120 bytes a cell), and two large ones at once would double the peak.
"""

from __future__ import annotations

import collections
import typing as t
import zipfile

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.guard.preflight import Preflight, SheetInfo, clear_sheet

_RANGE_PER_XML_BYTE: t.Final = 3.5
_BUDGET_SLACK: t.Final = 1.1


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
        self._budget = range_cost(by_size[0]) * _BUDGET_SLACK if by_size else 0.0

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
