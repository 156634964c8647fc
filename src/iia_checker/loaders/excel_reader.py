"""A thread that parses cleared sheets with calamine while the caller scans ahead.

``CalamineWorkbook.get_sheet_by_name`` releases the GIL while it parses, so the
main thread can meanwhile scan the next sheet or turn a parsed one into rows. Only
this thread ever touches the workbook object (pyo3 refuses two borrowers at once),
and it parses only the sheets it is given, which the preflight has cleared.
"""

from __future__ import annotations

import io
import os
import queue
import tempfile
import threading
import types

import python_calamine

_Result = python_calamine.CalamineSheet | BaseException


class SheetReader:
    """Parse sheets one at a time, in the order they are asked for."""

    def __init__(self, raw: bytes) -> None:
        self._asked: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._parsed: queue.SimpleQueue[_Result] = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=self._run, args=(raw,), name="calamine-reader", daemon=True
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

    def _run(self, raw: bytes) -> None:
        try:
            book = _open_book(raw)
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


def _open_book(raw: bytes) -> python_calamine.CalamineWorkbook:
    """The workbook read from an unlinked private copy of ``raw``, if it can.

    ``from_filelike`` keeps a second copy of the file in memory (110 MB for a
    register of 50,000 projects); from a file calamine reads only the parts it
    needs. The copy is the checked bytes, never the path the user gave (which
    could change after the preflight), and leaves nothing behind.
    """
    try:
        with tempfile.TemporaryFile() as copy:
            copy.write(raw)
            copy.flush()
            path = f"/proc/self/fd/{copy.fileno()}"
            if os.path.exists(path):  # Linux: calamine opens its own descriptor
                return python_calamine.CalamineWorkbook.from_path(path)
    except OSError:
        pass  # no room for the copy: read from memory
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
