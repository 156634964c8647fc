"""The site's SQLite database: one file under ``--data-dir``, shared by all workers.

WAL mode lets every worker process read while one writes; each call opens its own
short-lived connection, so threads and processes never share one. Writers wait
(``busy_timeout``) rather than fail when another holds the lock for a moment.
The folder is made private to the server's user: drafts hold what officers wrote.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import typing as t
from pathlib import Path

FILE_NAME: t.Final = "iia-web.sqlite3"

_TABLES: t.Final = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    owner TEXT,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    saved TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_expires ON drafts (expires);
CREATE TABLE IF NOT EXISTS results (
    token TEXT PRIMARY KEY,
    report BLOB NOT NULL,
    findings INTEGER NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS results_expires ON results (expires);
"""


class Database:
    """The path of the database file, and connections to it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
        self.path = folder / FILE_NAME
        setup = sqlite3.connect(self.path, timeout=30)
        try:
            setup.execute("PRAGMA journal_mode=WAL")
            setup.executescript(_TABLES)
        finally:
            setup.close()

    @contextlib.contextmanager
    def connect(self) -> t.Iterator[sqlite3.Connection]:
        """A connection for one unit of work, committed on success, then closed."""
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()


def open_database(data_dir: str | None) -> Database:
    """The database under ``data_dir``, or in a new temporary folder when None."""
    import tempfile

    folder = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="iia-web-"))
    return Database(folder)
