"""One schema problem, whichever validator found it.

The findings an officer reads are written from these (``schema.messages``):
where the problem is, which keyword refused the value, the keyword's value and
the schema object holding it (for an enum's labels, a pattern's words, a form's
known fields). The compiled validator gives them for most submissions
(``schema.fast_problems``); the reference validator for the rest.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.model import pointers

if t.TYPE_CHECKING:
    from iia_checker.schema.submission import Schema, SubmissionSchema


@dataclass(frozen=True)
class Problem:
    """A value the schema refuses, and the keyword that refused it."""

    path: tuple[str | int, ...]
    keyword: str
    instance: object
    value: object
    node: Schema
    #: The validator's own words, for a keyword the messages have none for.
    message: str

    @property
    def pointer(self) -> str:
        """Where the refused value is, as a JSON pointer."""
        return pointers.join("", *self.path)


def reference_problems(data: object, schema: SubmissionSchema) -> list[Problem]:
    """Every problem the reference validator finds, in its own order."""
    return [
        Problem(
            tuple(error.absolute_path),
            str(error.validator),
            error.instance,
            error.validator_value,
            error.schema if isinstance(error.schema, dict) else {},
            error.message,
        )
        for error in schema.validator.iter_errors(data)
    ]
