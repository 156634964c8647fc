"""An input's bytes, handed to its loader once.

A workbook's loader writes the bytes to a private file for calamine and reads the
zip from there; taking them (``take``) rather than borrowing lets them go at once,
the file's whole size (110 MB for a register of 50,000 projects) that would
otherwise be held while the largest sheet is parsed.
"""

from __future__ import annotations


class Payload:
    """Bytes that the first ``take`` removes from here."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data

    def take(self) -> bytes:
        """The bytes; afterwards this holds nothing."""
        data, self._data = self._data, None
        if data is None:
            raise RuntimeError("the input's bytes were already taken")
        return data


def take(raw: bytes | Payload) -> bytes:
    """``raw`` itself, or what a ``Payload`` holds (taken from it)."""
    return raw.take() if isinstance(raw, Payload) else raw
