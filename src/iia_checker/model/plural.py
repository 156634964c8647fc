"""A count with its noun in the right number: ``1 error``, ``2 errors``."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, made plural (``plural``, else with an s) unless 1."""
    word = noun if number == 1 else (noun + "s" if plural is None else plural)
    return f"{number} {word}"


def severity_count(number: int, severity: str) -> str:
    """``2 errors``, ``1 warning``, ``3 info`` (info has no plural)."""
    return counted(number, severity, severity if severity == "info" else None)
