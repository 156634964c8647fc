"""How one run checks: as-of date, boards, threshold, limits, waivers, baseline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iia_checker import __version__
from iia_checker.limits import DEFAULT_LIMITS, Limits
from iia_checker.model.findings import BOARDS, Severity, Waiver
from iia_checker.run.baseline import Key


@dataclass(frozen=True)
class RunOptions:
    """How to check: as-of date, boards, threshold, limits, waivers and baseline."""

    as_of: dt.date
    boards: tuple[str, ...] = BOARDS
    fail_on: Severity = Severity.ERROR
    limits: Limits = DEFAULT_LIMITS
    input_format: str | None = None
    tool_version: str = __version__
    waivers: tuple[Waiver, ...] = ()
    #: Keys of the baseline's findings; None when no baseline is used.
    baseline: frozenset[Key] | None = None
    new_only: bool = False
