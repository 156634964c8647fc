"""A1 cell references as spreadsheets write them: column letters and numbers."""

from __future__ import annotations


def column_letters(index: int) -> str:
    """The letters of the 0-based column ``index``: ``A`` for 0, ``AA`` for 26."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """The A1 reference of a 0-based row and column."""
    return f"{column_letters(column)}{row + 1}"


def column_number(letters: bytes | str) -> int:
    """1-based column number of column letters: ``A`` is 1, ``XFD`` is 16,384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for char in text.upper():
        number = number * 26 + ord(char) - 64
    return number
