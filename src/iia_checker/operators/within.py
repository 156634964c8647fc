"""``within: PATH`` (or ``[PATH, ...]``) holds when every item of a list is also in
another list field (in one of them), or none of them is given, so there is
nothing to compare with.

Pass: ``{field: project.delivery.channels_before, within:
[project.delivery.channels_after, access.alternative_channels]}`` on
``[telephone, face_to_face_hub]`` when the channels after are ``[website,
telephone]`` and the hub is kept as an alternative. Fail: when it is not (missing:
face_to_face_hub), so ``not: {..., within: ...}`` says a channel is given up.
``{missing}`` gives the items left out, ``{missing_names}`` the same by their
labels in the submission schema. Every field named must be a list.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from pydantic import Field, TypeAdapter

from iia_checker.operators.base import (
    MISSING,
    Compiler,
    FieldRef,
    Miss,
    Operator,
    Probe,
    Scope,
    member,
)


@dataclass(frozen=True, slots=True)
class _Within:
    others: tuple[FieldRef, ...]
    #: The label of each allowed item of the list tested, from the schema.
    labels: dict[str, str]


def _prepare(paths: str | list[str], compiler: Compiler, where: str) -> _Within:
    labels = compiler.item_labels(None, where)  # of the field tested, compiled last
    others = []
    for path in [paths] if isinstance(paths, str) else paths:
        others.append(compiler.field(path, where))
        compiler.item_labels(None, where)  # records a problem if it is no list
    return _Within(tuple(others), labels)


def _left_out(
    value: object, others: tuple[FieldRef, ...], scope: Scope
) -> list[object]:
    """The items of ``value`` in none of ``others``; nothing when none is given."""
    given = [v for v in map(scope.value, others) if v is not MISSING and v is not None]
    if not given:
        return []
    lists = [v for v in given if isinstance(v, list)]
    if not isinstance(value, list) or len(lists) < len(given):
        return [value]
    return [item for item in value if not any(member(item, v) for v in lists)]


def _test(probe: Probe, within: _Within) -> t.Iterator[Miss]:
    missing = _left_out(probe.value, within.others, probe.scope)
    if missing:
        yield probe.miss(
            missing=missing,
            missing_names=[within.labels.get(str(item), str(item)) for item in missing],
            other_field=" or ".join(other.title for other in within.others),
        )


def _holds(value: object, within: _Within, scope: Scope) -> bool:
    return not _left_out(value, within.others, scope)


OPERATOR = Operator(
    name="within",
    options=TypeAdapter(str | t.Annotated[list[str], Field(min_length=1)]),
    test=_test,
    holds=_holds,
    summary="every item of the list is also in one of the other list fields named"
    " (when one is given)",
    placeholders=frozenset({"missing", "missing_names", "other_field"}),
    prepare=_prepare,
    types=frozenset({"array"}),
)
