"""Leaving something out never turns a failing board verdict into a pass.

An officer who cannot complete a section must not be able to pass a board by
deleting it, or by deleting or blanking one of its answers or one row of a table:
where the content fails a board, its absence must fail that board too (for example
a channel given up in the project summary with no Access section, EQ-089; children
affected by the project summary with no Children's rights section, EQ-060; a final
report without its completion date). Checked for every field and every list item,
at any depth, of every bundled sample and real published assessment, each deleted
and each left blank.

The other direction is not compared: a started section must be completed (the
schema requires its fields), while a section the project does not need may be left
out, so deleting one field may fail where deleting the whole section passes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import typing as t
from pathlib import Path

import pytest

from iia_checker import check
from iia_checker.model.findings import Verdict

from .test_real_assessments import BY_SLUG, REAL
from .test_samples import SAMPLE_FILES, expected_of

REAL_FILES = sorted(REAL.glob("*.json"))
#: Sections no submission can do without.
KEPT: t.Final = frozenset({"schema_version", "project", "assessment"})

#: (sample, section): why leaving it, or anything in it, out may pass a board its
#: content fails. The catalogue judges a missing human rights consideration a
#: warning (EQ-065), but a recorded interference without justification an error
#: (EQ-067).
ALLOWED: dict[tuple[str, str], str] = {
    ("human-rights-not-considered", "human_rights"): "EQ-065 is a warning",
}


def _as_of(path: Path) -> dt.date:
    if path.parent.name == "real":
        return dt.date.fromisoformat(BY_SLUG[path.stem]["as_of"])
    return dt.date.fromisoformat(str(expected_of(path)["as_of"]))


def _failing(submissions: list[dict[str, t.Any]], as_of: dt.date) -> list[set[str]]:
    """The boards each submission fails, checked in one run."""
    report = check(submissions, as_of=as_of)
    return [
        {
            board
            for board, verdict in result.verdicts().items()
            if verdict is Verdict.FAIL
        }
        for result in report.results
    ]


Place = tuple[str | int, ...]


def _places(node: object, at: Place = ()) -> t.Iterator[Place]:
    """Every key and list item under ``node``, parents before children."""
    items: t.Iterable[tuple[str | int, object]] = ()
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    for key, value in items:
        yield (*at, key)
        yield from _places(value, (*at, key))


def _copy_at(
    data: dict[str, t.Any], place: Place
) -> tuple[dict[str, t.Any], t.Any, str | int]:
    """A copy of ``data``, and the container and key of ``place`` in it."""
    changed = copy.deepcopy(data)
    parent: t.Any = changed
    for key in place[:-1]:
        parent = parent[key]
    return changed, parent, place[-1]


def _without(data: dict[str, t.Any], place: Place) -> dict[str, t.Any]:
    shorter, parent, key = _copy_at(data, place)
    del parent[key]
    return shorter


def _blanked(data: dict[str, t.Any], place: Place) -> dict[str, t.Any]:
    """``data`` with the value at ``place`` left blank, as an empty cell reads
    (an empty text, list or group; null for any other value)."""
    blank, parent, key = _copy_at(data, place)
    value = parent[key]
    parent[key] = type(value)() if isinstance(value, str | list | dict) else None
    return blank


def _judged(path: Path, place: Place) -> bool:
    section = str(place[0])
    if len(place) == 1 and section in KEPT:
        return False
    return not section.startswith("x_") and (path.stem, section) not in ALLOWED


@pytest.mark.parametrize(
    "path", [*SAMPLE_FILES, *REAL_FILES], ids=lambda path: path.stem
)
def test_leaving_anything_out_never_passes_a_failing_board(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    places = [place for place in _places(data) if _judged(path, place)]
    changed = [
        (f"{how} {'/'.join(map(str, place))}", change(data, place))
        for place in places
        for how, change in (("without", _without), ("blank", _blanked))
    ]
    failing, *after = _failing([data, *(d for _, d in changed)], _as_of(path))
    passed_by_leaving_out = {
        name: sorted(failing - now)
        for (name, _), now in zip(changed, after, strict=True)
        if failing - now
    }
    assert passed_by_leaving_out == {}


@pytest.mark.parametrize(("sample", "section"), sorted(ALLOWED))
def test_each_allowed_exception_still_passes_a_board(sample: str, section: str) -> None:
    """An exception that no longer happens must be removed from ``ALLOWED``."""
    path = next(p for p in SAMPLE_FILES if p.stem == sample)
    data = json.loads(path.read_text(encoding="utf-8"))
    shorter = {key: value for key, value in data.items() if key != section}
    failing, now = _failing([data, shorter], _as_of(path))
    assert failing - now
