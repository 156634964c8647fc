"""A cell's date, whatever way an officer wrote it, or why it is not one.

Date cells, Excel serial numbers (1900 or 1904 system), ``YYYY-MM-DD``,
``YYYY/MM/DD``, ``dd/mm/yyyy`` (also with ``.`` or ``-``; always day first, as
written in the UK: 03/04/2021 is 3 April), and dates with the month in words
(``20 June 2021``, ``20th Jun 2021``, ``Monday 20 June 2021``, ``June 20, 2021``),
which cannot be read two ways. A date that does not exist (2021-13-01,
31/02/2021) or lacks a part (``Sept 2021``) is a ``NotADate``, never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t

_ISO = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?$"
)
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
#: An optional weekday, then day and month (either order), then the year.
_WORDS = re.compile(
    r"^(?:[a-z]+,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?"
    r"|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4})$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE)
MONTHS: t.Final = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_MONTH_NUMBERS: t.Final = {
    **{name.lower(): number for number, name in enumerate(MONTHS, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS, 1)},
    "sept": 9,
}
#: How to write a date, by example (day first, as in the UK).
HINT: t.Final = "write it as 01/09/2021, 1 September 2021 or 2021-09-01"


class NotADate(ValueError):
    """The cell is not a date; the message says why, for an officer, to follow
    the value as the message shows it ("... has no day")."""


def serial_date(number: float, date1904: bool) -> str:
    """The ISO date of an Excel serial number."""
    if not math.isfinite(number):
        raise NotADate("is not a date serial number")
    days = math.floor(number)
    # Excel's 1900 system counts a 29 February 1900 that never existed (serial 60).
    if date1904:
        start = dt.date(1904, 1, 1)
    else:
        start = dt.date(1899, 12, 30 if days >= 61 else 31)
    if (days == 60 and not date1904) or not 0 < days < 2_958_466:
        raise NotADate("is not a date serial number")
    return (start + dt.timedelta(days=days)).isoformat()


def text_date(text: str) -> str:
    """The ISO date ``text`` writes, or ``NotADate`` saying what is wrong."""
    if iso := _ISO.match(text):
        year, month, day = (int(g) for g in iso.groups())
        return _real(year, month, day, uk=False)
    if uk := _UK.match(text):
        day, month, year = (int(g) for g in uk.groups())
        if len(uk.group(3)) == 2:
            raise NotADate("has a two-digit year; write it in full")
        return _real(year, month, day, uk=True)
    if words := _WORDS.match(text):
        return _in_words(words)
    if (only := _MONTH_ONLY.match(text)) and only.group(1).lower() in _MONTH_NUMBERS:
        raise NotADate(f"has no day; {HINT}")
    raise NotADate(f"is not a date; {HINT}")


def _in_words(words: re.Match[str]) -> str:
    day_first, month_first = words.group(1, 2), words.group(4, 3)
    day, name = day_first if day_first[0] else month_first
    month = _MONTH_NUMBERS.get(name.lower())
    if month is None:
        raise NotADate(f'is not a date: "{name[:20]}" is not a month; {HINT}')
    return _real(int(words.group(5)), month, int(day), uk=True)


def _real(year: int, month: int, day: int, *, uk: bool) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise NotADate(_no_such_date(year, month, day, uk)) from None


def _no_such_date(year: int, month: int, day: int, uk: bool) -> str:
    order = "read day first, as in the UK" if uk else "read as year-month-day"
    if not 1 <= month <= 12:
        why = f"there is no month {month}"
        if uk and 1 <= day <= 12:
            why += f"; for {MONTHS[day - 1]} {month} write {month:02}/{day:02}/{year}"
    else:
        why = f"{MONTHS[month - 1]} {year} has no day {day}"
    return f"is not a real date ({order}: {why})"
