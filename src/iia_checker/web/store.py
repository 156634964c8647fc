"""Recent results kept in the site's SQLite database so their reports can be downloaded.

Why a token rather than posting the files again: a browser cannot re-send a file
input from an earlier page, so a re-post would make people choose their files
again for every format. A token from ``secrets`` (128 bits) names one result; it
expires after a time-to-live and the store is capped by results and by findings,
dropping the oldest first. The database is shared by every worker process and
survives a restart, so a download link works whichever worker answers it.

A report is kept pickled (and compressed): only this server writes the database,
in a folder private to its user, so nothing untrusted is ever unpickled.
"""

from __future__ import annotations

import pickle
import secrets
import time
import typing as t
import zlib

from iia_checker.model.findings import Report
from iia_checker.web.database import Database


class ResultStore:
    """Reports by opaque token, with a time-to-live and caps; safe across processes."""

    def __init__(
        self,
        database: Database,
        *,
        ttl_seconds: float,
        max_results: int,
        max_findings: int,
        clock: t.Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._ttl, self._max_results, self._max_findings = (
            ttl_seconds,
            max_results,
            max_findings,
        )
        self._clock = clock

    def put(self, report: Report) -> str | None:
        """Keep ``report``; its token, or None when it alone is over the cap."""
        size = sum(1 for _ in report.findings())
        if size > self._max_findings:
            return None
        token = secrets.token_urlsafe(16)
        blob = zlib.compress(pickle.dumps(report, pickle.HIGHEST_PROTOCOL), 1)
        now = self._clock()
        with self._database.connect() as db:
            db.execute("DELETE FROM results WHERE expires <= ?", (now,))
            db.execute(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?)",
                (token, blob, size, now, now + self._ttl),
            )
            self._cap(db)
        return token

    def get(self, token: str) -> Report | None:
        """The report of ``token`` if it is still held."""
        with self._database.connect() as db:
            row = db.execute(
                "SELECT report FROM results WHERE token = ? AND expires > ?",
                (token, self._clock()),
            ).fetchone()
        if row is None:
            return None
        report = pickle.loads(zlib.decompress(row[0]))
        assert isinstance(report, Report)
        return report

    def __len__(self) -> int:
        with self._database.connect() as db:
            row = db.execute(
                "SELECT count(*) FROM results WHERE expires > ?", (self._clock(),)
            ).fetchone()
        return int(row[0])

    def _cap(self, db: t.Any) -> None:
        """Drop the oldest results until both caps hold."""
        while True:
            count, held = db.execute(
                "SELECT count(*), coalesce(sum(findings), 0) FROM results"
            ).fetchone()
            if count <= self._max_results and held <= self._max_findings:
                return
            db.execute(
                "DELETE FROM results WHERE token ="
                " (SELECT token FROM results ORDER BY created, rowid LIMIT 1)"
            )
