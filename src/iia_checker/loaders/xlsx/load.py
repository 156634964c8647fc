"""Load IIA workbooks: a form (one project) or a register (many), auto-detected.

A workbook with a ``Projects`` sheet is a register: one row per project there, and
table sheets whose ``Project id`` column says which project a row belongs to. Any
other workbook is a form: one sheet per section. Both give JSON submissions through
the schema, so every rule works unchanged; a bad row or cell becomes a finding for
its own project and never stops the others.
"""

from __future__ import annotations

import typing as t

from iia_checker.limits import Limits
from iia_checker.loaders.payload import Payload
from iia_checker.loaders.xlsx.form import read_form
from iia_checker.loaders.xlsx.layout import PROJECTS, Layout, layout_for, norm
from iia_checker.loaders.xlsx.merged import spread
from iia_checker.loaders.xlsx.read import Book, read_book
from iia_checker.loaders.xlsx.register import Register
from iia_checker.model.submission import Submission
from iia_checker.resources import default_schema_path


def load(raw: bytes | Payload, source: str, limits: Limits) -> list[Submission]:
    """Every submission in the workbook ``raw``; ``FileProblem`` if unreadable."""
    return list(submissions(raw, source, limits))


def submissions(
    raw: bytes | Payload, source: str, limits: Limits
) -> t.Sequence[Submission]:
    """``load``, but a register's submissions are built one by one when read.

    See ``register.Register``: a large register is never held whole.
    """
    book = read_book(raw, limits)
    return book_submissions(book, source, limits)


def book_submissions(book: Book, source: str, limits: Limits) -> t.Sequence[Submission]:
    """The submissions of a workbook already read (from .xlsx or .ods)."""
    layout = layout_for(default_schema_path())
    merges = [
        merge
        for name, spans in book.merged.items()
        for merge in spread(name, book.sheets[name], spans, _is_table(layout, name))
    ]
    projects = _sheet_named(book, PROJECTS)
    if projects is not None:
        return Register(book, layout, source, limits, projects, merges)
    return [read_form(book, layout, source, limits, merges)]


def _is_table(layout: Layout, name: str) -> bool:
    spec = layout.sheet(name)
    return norm(name) == norm(PROJECTS) or (spec is not None and spec.table)


def _sheet_named(book: Book, name: str) -> str | None:
    return next((s for s in book.sheets if norm(s) == norm(name)), None)
