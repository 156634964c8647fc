"""Recent results kept in memory so their reports can be downloaded, briefly.

Why memory and a token rather than posting the files again: a browser cannot
re-send a file input from an earlier page, so a re-post would make people choose
their files again for every format. A token from ``secrets`` (128 bits) names one
result; it expires after a time-to-live and the store is capped by results and by
findings, dropping the oldest first. Nothing is written to disk. The store belongs
to one process: with several workers, a download may reach a worker that never saw
the result, and the page then says to upload again (or choose the format on the
upload form, which needs no store).
"""

from __future__ import annotations

import secrets
import threading
import time
import typing as t
from collections import OrderedDict
from dataclasses import dataclass

from iia_checker.model.findings import Report


@dataclass(frozen=True, slots=True)
class _Entry:
    report: Report
    expires: float
    findings: int


class ResultStore:
    """Reports by opaque token, with a time-to-live and caps; safe across threads."""

    def __init__(
        self,
        *,
        ttl_seconds: float,
        max_results: int,
        max_findings: int,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max_results, self._max_findings = (
            ttl_seconds,
            max_results,
            max_findings,
        )
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, report: Report) -> str | None:
        """Keep ``report``; its token, or None when it alone is over the cap."""
        size = sum(1 for _ in report.findings())
        if size > self._max_findings:
            return None
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._entries[token] = _Entry(report, self._clock() + self._ttl, size)
            while len(self._entries) > self._max_results or self._held() > (
                self._max_findings
            ):
                self._entries.popitem(last=False)
        return token

    def get(self, token: str) -> Report | None:
        """The report of ``token`` if it is still held."""
        with self._lock:
            self._expire()
            entry = self._entries.get(token)
        return entry.report if entry else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _held(self) -> int:
        return sum(entry.findings for entry in self._entries.values())

    def _expire(self) -> None:
        now = self._clock()
        for token in [k for k, e in self._entries.items() if e.expires <= now]:
            del self._entries[token]
