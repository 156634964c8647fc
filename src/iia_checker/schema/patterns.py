"""The schema's ``pattern`` keywords, checked at load and run in linear time.

A ``--schema`` is written by someone other than the officer whose submission it
checks, and Python's ``re`` (which jsonschema uses) backtracks: ``^(a+)+$`` on 30
characters takes minutes. So every ``pattern`` and ``patternProperties`` key must
compile on RE2 when the schema loads (``check_patterns``); jsonschema-rs is given
its linear-time regex engine, and the reference validator's three keywords that
search text (``LinearValidator``) use RE2 too.
"""

from __future__ import annotations

import typing as t

from jsonschema import Draft202012Validator, ValidationError, validators

from iia_checker.linear_regex import PatternError, compile_linear
from iia_checker.model import pointers

Schema = dict[str, t.Any]
_additional_properties: t.Final = Draft202012Validator.VALIDATORS[
    "additionalProperties"
]


def check_patterns(raw: object) -> list[tuple[str, str]]:
    """(schema pointer, reason) for every pattern RE2 cannot run."""
    problems: list[tuple[str, str]] = []
    stack: list[tuple[object, str]] = [(raw, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, list):
            stack.extend((item, pointers.join(where, i)) for i, item in enumerate(node))
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            here = pointers.join(where, key)
            if key == "pattern" and isinstance(value, str):
                problems.extend(_refused(value, here))
            if key == "patternProperties" and isinstance(value, dict):
                for pattern in value:
                    problems.extend(_refused(pattern, pointers.join(here, pattern)))
            stack.append((value, here))
    return sorted(problems)


def _refused(pattern: str, where: str) -> list[tuple[str, str]]:
    try:
        compile_linear(pattern)
    except PatternError as exc:
        return [(where, str(exc))]
    return []


def _pattern(
    validator: t.Any, pattern: str, instance: object, schema: Schema
) -> t.Iterator[ValidationError]:
    if isinstance(instance, str) and not compile_linear(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: t.Any, patterns: dict[str, Schema], instance: object, schema: Schema
) -> t.Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    for pattern, subschema in patterns.items():
        compiled = compile_linear(pattern)
        for key, value in instance.items():
            if compiled.search(key):
                yield from validator.descend(
                    value, subschema, path=key, schema_path=pattern
                )


def _additional_properties_linear(
    validator: t.Any, additional: object, instance: object, schema: Schema
) -> t.Iterator[ValidationError]:
    # jsonschema finds the extra keys with ``re``; give it a schema whose
    # patternProperties are already applied, so it never searches a key itself.
    if not isinstance(instance, dict) or "patternProperties" not in schema:
        yield from _additional_properties(validator, additional, instance, schema)
        return
    compiled = [compile_linear(p) for p in schema["patternProperties"]]
    unmatched = {
        key: value
        for key, value in instance.items()
        if not any(pattern.search(key) for pattern in compiled)
    }
    plain = {k: v for k, v in schema.items() if k != "patternProperties"}
    yield from _additional_properties(validator, additional, unmatched, plain)


LinearValidator: t.Final[type[Draft202012Validator]] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties_linear,
    },
)
