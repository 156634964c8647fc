"""A submission: its data, where it came from, and where any JSON pointer is in it."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.model import pointers
from iia_checker.model.findings import Finding, Location


class Locator(t.Protocol):
    """Maps a JSON pointer to a place in the input the user can open."""

    def locate(self, pointer: str) -> Location:
        """The location of ``pointer`` (or of its nearest existing ancestor)."""
        ...


@dataclass(frozen=True, slots=True)
class PlainLocator:
    """A locator that knows only the file name."""

    file: str

    def locate(self, pointer: str) -> Location:
        """A location with the file and pointer only."""
        return Location(file=self.file, pointer=pointer)


@dataclass(frozen=True, slots=True)
class Submission:
    """One project's impact assessment as JSON data, from any input format."""

    source: str
    data: dict[str, t.Any]
    locator: Locator
    #: Problems found while reading (a bad cell, an unknown column): they are
    #: reported with the schema findings and hide schema findings at their pointers.
    problems: tuple[Finding, ...] = ()

    @property
    def project_id(self) -> str | None:
        """``project.id`` when it is a string."""
        value = pointers.resolve(self.data, "/project/id")
        return value if isinstance(value, str) else None

    @property
    def project_title(self) -> str | None:
        """``project.title`` when it is a string."""
        value = pointers.resolve(self.data, "/project/title")
        return value if isinstance(value, str) else None

    def locate(self, pointer: str) -> Location:
        """Where ``pointer`` is in the input."""
        return self.locator.locate(pointer)
