"""A progress line on standard error for long runs, only where a person watches.

Shown only on a terminal, never in CI (``CI`` set) or when standard error is
redirected, and only once the run has taken a second, so short runs stay quiet.
"""

from __future__ import annotations

import os
import sys
import time
import typing as t

DELAY_SECONDS: t.Final = 1.0


class ProgressLine:
    """Counts finished submissions and redraws ``checked 120/500 submissions (45/s)``.

    The total starts at one a file and grows as a register is found to hold many
    (``grow``); the count is the one the closing summary gives, of submissions.
    """

    def __init__(self, total: int, stream: t.TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, finished: int) -> None:
        """Record ``finished`` more submissions."""
        self.done += finished
        elapsed = time.monotonic() - self.started
        if elapsed < DELAY_SECONDS:
            return
        rate = self.done / elapsed if elapsed else 0.0
        self.stream.write(
            f"\rchecked {self.done}/{self.total} submissions ({rate:.0f}/s)"
        )
        self.stream.flush()
        self.shown = True

    def grow(self, extra: int) -> None:
        """Count ``extra`` more: a register turned out to hold many submissions."""
        self.total += extra

    def close(self) -> None:
        """Clear the line so the report starts on a clean line."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def wanted(flag: bool | None) -> bool:
    """Whether to show progress: the flag if given, else only on a terminal."""
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI")
