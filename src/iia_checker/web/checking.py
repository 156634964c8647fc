"""Run the page's checks in worker processes, so one upload never holds up others.

Checking is CPU-bound Python: in the server's own process, one large register
held the interpreter lock and every other request (even ``/healthz``) waited on
it. Each check now runs in a ``ProcessPoolExecutor`` of ``max_checks`` workers,
which load the rules and schema once, when they start. Workers are started by a
fork server (not forked from the server itself, whose threads may hold locks), and
a worker that dies (a reader aborting on a hostile file) costs only its request:
the pool is replaced and that request gets a plain error page. A worker whose
server has gone (killed, or stopped without its shutdown) ends itself when the
pipe only the server writes to closes: the fork server is its parent, not the
server, so nothing else would end it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import threading
import typing as t
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path

from iia_checker.limits import Limits
from iia_checker.model.findings import Report
from iia_checker.resources import default_schema_path
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.options import RunOptions
from iia_checker.run.plan import Plan, load_rules_and_schema, run_plan
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.web.config import WebConfig


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """One request's check: the saved files, the names people gave them, the date."""

    paths: list[str]
    names: dict[str, str]
    as_of: dt.date


class CheckFailed(Exception):
    """The worker checking a request died; ``message`` says so, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Task = t.Callable[[Job], Report]


class Checker:
    """A pool of worker processes that check jobs; replaced if a worker dies."""

    def __init__(self, config: WebConfig, task: Task | None = None) -> None:
        self._config = config
        self._task: Task = task or check_job
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        #: Workers watch the other end; it closes when this process ends.
        self._server_end: Connection | None = None
        self._worker_end: Connection | None = None

    async def check(self, job: Job) -> Report:
        """The report on ``job``, from a worker; ``CheckFailed`` if it died."""
        pool = self._current()
        try:
            return await asyncio.wrap_future(pool.submit(self._task, job))
        except BrokenProcessPool:
            self._replace(pool)
            raise CheckFailed(
                "The checker stopped while reading these files (a file may be"
                " damaged or built to harm the reader). Nothing was kept. Check the"
                " files one at a time to find it, and save it again from Excel."
            ) from None

    def close(self) -> None:
        """Stop the workers once their checks end; checks still queued are cancelled."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = _context()
                if self._worker_end is None:
                    self._worker_end, self._server_end = context.Pipe(duplex=False)
                self._pool = ProcessPoolExecutor(
                    max_workers=max(self._config.max_checks, 1),
                    mp_context=context,
                    initializer=_start_worker,
                    initargs=(self._config, self._worker_end),
                )
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(
        "forkserver" if "forkserver" in methods else "spawn"
    )


@dataclasses.dataclass(slots=True)
class _Worker:
    """What a worker loaded once: the settings, schema and rules."""

    config: WebConfig
    schema: SubmissionSchema
    ruleset: Ruleset
    schema_path: Path


_WORKER: _Worker | None = None


def _start_worker(config: WebConfig, server: Connection) -> None:
    global _WORKER
    schema, ruleset = load_rules_and_schema(config.rules_dirs, config.schema_path)
    schema_path = Path(config.schema_path or default_schema_path())
    _WORKER = _Worker(config, schema, ruleset, schema_path)
    watch = threading.Thread(target=_end_with, args=(server,), daemon=True)
    watch.start()


def _end_with(server: Connection) -> None:
    """End this worker once the server's end of the pipe closes (it never writes)."""
    with contextlib.suppress(EOFError, OSError):
        server.recv_bytes()
    os._exit(0)


def check_job(job: Job) -> Report:
    """Check ``job`` in this worker (the pool's task)."""
    assert _WORKER is not None, "the worker's initializer did not run"
    worker = _WORKER
    limits = Limits(max_file_bytes=worker.config.max_upload_bytes)
    plan = Plan(
        schema=worker.schema,
        ruleset=worker.ruleset,
        options=RunOptions(as_of=job.as_of, limits=limits),
        schema_path=worker.schema_path,
    )
    return run_plan(plan, job.paths, names=job.names)
