"""Spread a batch over worker processes; results come back in input order.

Workers are forked after the rules and schema are compiled, so nothing is loaded
or pickled twice. A worker that dies (a reader aborting on a hostile workbook)
costs only the file it was reading: its chunk is retried one file per process, and
the file that kills its process is reported as unreadable.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import typing as t
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

T = t.TypeVar("T")
R = t.TypeVar("R")

#: Set in the parent just before the pool forks; workers read it.
_TASK: t.Callable[[t.Any], t.Any] | None = None


def fork_available() -> bool:
    """Whether worker processes can be forked here (not on Windows or macOS spawn)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _call(item: t.Any) -> t.Any:
    assert _TASK is not None
    return _TASK(item)


def _call_chunk(items: list[t.Any]) -> list[t.Any]:
    return [_call(item) for item in items]


def map_ordered(
    task: t.Callable[[T], R],
    items: t.Sequence[T],
    *,
    jobs: int,
    on_crash: t.Callable[[T], R],
    progress: t.Callable[[int], None] | None = None,
    weight: t.Callable[[R], int] | None = None,
) -> list[R]:
    """``[task(i) for i in items]`` over ``jobs`` forked processes, in order.

    ``progress`` is told how many items finished, or with ``weight`` how much
    work their results stand for (the projects in a file), as chunks arrive.
    """
    global _TASK
    _TASK = task
    chunks = _chunks(list(items), jobs)
    results: dict[int, list[R]] = {}
    pending = list(range(len(chunks)))
    report = None if progress is None else _counter(progress, weight)
    with _frozen_heap():
        while pending:
            pending = _run_pool(chunks, pending, results, jobs, on_crash, report)
    return [result for index in range(len(chunks)) for result in results[index]]


@contextlib.contextmanager
def _frozen_heap() -> t.Iterator[None]:
    """Keep the collector away from what the workers inherit, while they run.

    A register's rows are millions of objects. Unfrozen, every full collection in
    a worker walks them all, and writing their headers copies each page the
    workers share with the parent into each worker.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _counter(
    progress: t.Callable[[int], None], weight: t.Callable[[R], int] | None
) -> t.Callable[[list[R]], None]:
    if weight is None:
        return lambda done: progress(len(done))
    measure = weight
    return lambda done: progress(sum(map(measure, done)))


def _run_pool(
    chunks: list[list[T]],
    pending: list[int],
    results: dict[int, list[R]],
    jobs: int,
    on_crash: t.Callable[[T], R],
    progress: t.Callable[[list[R]], None] | None,
) -> list[int]:
    """Run pending chunks; after a crash, return the chunks still to run."""
    pool = _pool(jobs)
    try:
        futures = [pool.submit(_call_chunk, chunks[index]) for index in pending]
        for position, (index, future) in enumerate(zip(pending, futures, strict=True)):
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                results[index] = [_isolated(item, on_crash) for item in chunks[index]]
                _report(progress, results[index])
                return pending[position + 1 :]
            _report(progress, results[index])
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return []


def _pool(jobs: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_quiet)


def _quiet() -> None:
    # Ctrl-C is the parent's to handle: it stops the workers and writes no report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once: cancel what has not started and end the running workers."""
    # The executor has no public way to end running workers; _processes has been
    # there since Python 3.2 (and is cleared by shutdown, so read it first).
    running = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in running:
        process.terminate()


def _report(progress: t.Callable[[list[R]], None] | None, done: list[R]) -> None:
    if progress is not None:
        progress(done)


def _chunks(items: list[T], jobs: int) -> list[list[T]]:
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _isolated(item: T, on_crash: t.Callable[[T], R]) -> R:
    try:
        with _pool(1) as pool:
            return t.cast(R, pool.submit(_call, item).result())
    except BrokenProcessPool:
        return on_crash(item)
