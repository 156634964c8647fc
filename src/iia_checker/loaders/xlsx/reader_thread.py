"""A thread that parses cleared sheets with calamine while the caller scans ahead.

``CalamineWorkbook.get_sheet_by_name`` releases the GIL while it parses, so the
main thread can meanwhile scan the next sheet or turn a parsed one into rows. Only
this thread ever touches the workbook object (pyo3 refuses two borrowers at once),
and it parses only the sheets it is given, which the preflight has cleared.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import tempfile
import threading
import types
import typing as t

import python_calamine

_Result = python_calamine.CalamineSheet | BaseException


class SheetReader:
    """Parse sheets one at a time, in the order they are asked for."""

    def __init__(self, workbook: t.BinaryIO) -> None:
        self._asked: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._parsed: queue.SimpleQueue[_Result] = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=self._run, args=(workbook,), name="calamine-reader", daemon=True
        )

    def __enter__(self) -> SheetReader:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: types.TracebackType | None,
    ) -> None:
        self._asked.put(None)
        self._thread.join()

    def ask(self, name: str) -> None:
        """Parse the sheet ``name`` next (after those asked before it)."""
        self._asked.put(name)

    def ready(self) -> bool:
        """Whether a parsed sheet (or an error) waits to be taken."""
        return not self._parsed.empty()

    def take(self) -> python_calamine.CalamineSheet:
        """The next parsed sheet; re-raise what the parse raised."""
        result = self._parsed.get()
        if isinstance(result, BaseException):
            raise result
        return result

    def _run(self, workbook: t.BinaryIO) -> None:
        try:
            book = _open_book(workbook)
        except BaseException as exc:  # handed to the caller, who stops asking
            self._parsed.put(exc)
            return
        try:
            while (name := self._asked.get()) is not None:
                self._parsed.put(self._parse(book, name))
        finally:
            book.close()

    @staticmethod
    def _parse(book: python_calamine.CalamineWorkbook, name: str) -> _Result:
        try:
            return book.get_sheet_by_name(name)
        except BaseException as exc:
            return exc


def _open_book(workbook: t.BinaryIO) -> python_calamine.CalamineWorkbook:
    """calamine's own handle on ``workbook``, which the zip reader keeps using.

    From a file (see ``private_copy``) calamine opens its own descriptor through
    ``/proc/self/fd`` and reads only the parts it needs; from memory it gets its
    own stream, since the caller's is read by another thread.
    """
    path = _descriptor_path(workbook)
    if path is not None:
        return python_calamine.CalamineWorkbook.from_path(path)
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_all(workbook)))


def _descriptor_path(workbook: t.BinaryIO) -> str | None:
    try:
        path = f"/proc/self/fd/{workbook.fileno()}"
    except (OSError, ValueError):
        return None  # in memory
    return path if os.path.exists(path) else None


def _all(workbook: t.BinaryIO) -> bytes:
    if isinstance(workbook, io.BytesIO):
        return workbook.getvalue()
    return os.pread(workbook.fileno(), os.fstat(workbook.fileno()).st_size, 0)


@contextlib.contextmanager
def private_copy(data: bytes) -> t.Iterator[t.BinaryIO]:
    """``data`` in an unlinked temporary file, or in memory if none can be written.

    The copy is the checked bytes, never the path the user gave (which could
    change after the preflight), and leaves nothing behind even if calamine aborts.
    Once written, the bytes themselves are no longer needed here.
    """
    with contextlib.ExitStack() as stack:
        copy = _written(data, stack)
        if copy is None:
            yield io.BytesIO(data)
            return
        del data
        yield copy


def _written(data: bytes, stack: contextlib.ExitStack) -> t.BinaryIO | None:
    try:
        copy = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        copy.write(data)
        copy.flush()
        copy.seek(0)
    except OSError:  # no room for the copy
        return None
    return t.cast(t.BinaryIO, copy)
