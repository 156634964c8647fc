"""Exceptions for a broken tool set-up; problems with submissions are findings."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass


class IiaCheckerError(Exception):
    """Base class: the run cannot go on. ``exit_code`` is what the CLI exits with."""

    exit_code: t.ClassVar[int] = 2


@dataclass(frozen=True, slots=True)
class RuleFileProblem:
    """One mistake in a rule file, with the place it was found."""

    file: str
    line: int | None
    pointer: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.pointer or '/'}: {self.message}"


class RulesetError(IiaCheckerError):
    """The rule files have mistakes; each is a ``RuleFileProblem``."""

    def __init__(self, problems: t.Sequence[RuleFileProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SchemaError(IiaCheckerError):
    """The submission schema itself cannot be used."""


class UsageError(IiaCheckerError):
    """The command line or configuration asks for something impossible."""
