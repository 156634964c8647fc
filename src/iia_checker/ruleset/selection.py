"""Choose the rules a run uses, and refuse a choice that would check nothing.

A mistyped tag (``--tag equalty``), a pattern that names no rule (``--select
'ZZ-*'``) or a board and tag no rule shares would run zero rules and report PASS:
a CI gate passing by mistake. Each is a usage error (exit 2) that names the value,
where it was set (command line, configuration file or profile) and the closest
valid value.
"""

from __future__ import annotations

import difflib
import fnmatch
import typing as t

from iia_checker.errors import UsageError
from iia_checker.model.findings import Severity
from iia_checker.ruleset.loading import Ruleset


class EmptySelection(UsageError):
    """The rule selection names something unknown or selects no rule."""


def select_rules(
    ruleset: Ruleset,
    *,
    boards: t.Collection[str] = (),
    tags: t.Collection[str] = (),
    include: t.Collection[str] = (),
    exclude: t.Collection[str] = (),
    min_severity: Severity = Severity.INFO,
    sources: t.Mapping[str, str] | None = None,
) -> Ruleset:
    """``ruleset.select(...)``, or ``EmptySelection`` naming what went wrong."""
    where = dict(sources or {})
    problems = [
        *_unknown("board", boards, _known(ruleset, "boards"), where.get("boards")),
        *_unknown("tag", tags, _known(ruleset, "tags"), where.get("tags")),
        *_unmatched(include, [r.info.id for r in ruleset.rules], where.get("select")),
    ]
    if problems:
        raise EmptySelection("; ".join(problems))
    selected = ruleset.select(
        boards=boards,
        tags=tags,
        include=include,
        exclude=exclude,
        min_severity=min_severity,
    )
    if not selected.rules and ruleset.rules:
        raise EmptySelection(_nothing_left(boards, tags, include, exclude, where))
    return selected


def _known(ruleset: Ruleset, attribute: str) -> list[str]:
    names = {name for r in ruleset.rules for name in getattr(r.info, attribute)}
    return sorted(names)


def _from(source: str | None) -> str:
    return f" (from {source})" if source and source != "default" else ""


def _closest(name: str, known: t.Sequence[str]) -> str:
    guess = difflib.get_close_matches(name, known, 1, cutoff=0.5)
    if guess:
        return f'did you mean "{guess[0]}"?'
    return "known: " + ", ".join(known)


def _unknown(
    kind: str, given: t.Collection[str], known: list[str], source: str | None
) -> list[str]:
    return [
        f'unknown {kind} "{name}"{_from(source)}; {_closest(name, known)}'
        for name in given
        if name not in known
    ]


def _unmatched(
    patterns: t.Collection[str], ids: list[str], source: str | None
) -> list[str]:
    problems = []
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in ids):
            guess = difflib.get_close_matches(pattern, ids, 1, cutoff=0.3)
            hint = (
                f'did you mean "{guess[0]}"?'
                if guess
                else f'rule ids look like "{ids[0]}"'
            )
            problems.append(
                f'select "{pattern}"{_from(source)} matches no rule id; {hint}'
            )
    return problems


def _nothing_left(
    boards: t.Collection[str],
    tags: t.Collection[str],
    include: t.Collection[str],
    exclude: t.Collection[str],
    where: t.Mapping[str, str],
) -> str:
    parts = [
        f"{label} {', '.join(values)}{_from(where.get(key))}"
        for label, key, values in (
            ("boards", "boards", boards),
            ("tags", "tags", tags),
            ("select", "select", include),
            ("ignore", "ignore", exclude),
        )
        if values and where.get(key) != "default"
    ]
    chosen = "; ".join(parts) or "the minimum severity"
    return f"no rule matches this selection ({chosen}); widen it, nothing was checked"
