"""The JSON Schema of rule files, generated from ``RuleDef`` and the operator registry.

``schemas/rule.schema.json`` is this output; a test fails when the copy is stale.
"""

from __future__ import annotations

import typing as t

from iia_checker.operators import OPERATORS
from iia_checker.ruleset.conditions import COMBINATORS, FOR_EACH
from iia_checker.ruleset.models import CONDITION_MARKER, RuleDef

_REF: t.Final = {"$ref": "#/$defs/Condition"}
_MESSAGE: t.Final = {
    "type": "string",
    "minLength": 10,
    "description": "What to say when this branch fails, with {placeholders}.",
}
_IF_PRESENT: t.Final = {
    "type": "boolean",
    "description": "Holds when the field has no value: judge only values that exist.",
}


def rule_json_schema() -> dict[str, t.Any]:
    """The rule-file schema (Draft 2020-12)."""
    schema = RuleDef.model_json_schema(by_alias=True)
    defs: dict[str, t.Any] = schema.setdefault("$defs", {})
    options = {}
    for name, operator in OPERATORS.items():
        option_schema = operator.options.json_schema(by_alias=True)
        defs.update(option_schema.pop("$defs", {}))
        options[name] = option_schema
    defs["Condition"] = {
        "description": "{field: PATH, OPERATOR: OPTIONS}, {field: LIST, for_each: ...},"
        " or all / any / not.",
        "anyOf": [
            *_combinators(),
            _for_each(),
            *(_leaf(n, s) for n, s in options.items()),
        ],
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "iia-checker rule"
    return t.cast(dict[str, t.Any], _replace_markers(_point_nested_conditions(schema)))


def _replace_markers(node: object) -> object:
    if isinstance(node, dict):
        if node.get("$comment") == CONDITION_MARKER["$comment"]:
            extra = {k: v for k, v in node.items() if k not in CONDITION_MARKER}
            return {**_REF, **extra}
        return {key: _replace_markers(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_markers(item) for item in node]
    return node


def _combinators() -> list[dict[str, t.Any]]:
    return [
        _closed(
            {
                name: {"type": "array", "items": _REF, "minItems": 1},
                "message": _MESSAGE,
            },
            [name],
        )
        if name != "not"
        else _closed({name: _REF, "message": _MESSAGE}, [name])
        for name in COMBINATORS
    ]


def _for_each() -> dict[str, t.Any]:
    body = _closed({"where": _REF, "check": _REF}, ["check"])
    return _closed(
        {"field": {"type": "string"}, FOR_EACH: body, "message": _MESSAGE},
        ["field", FOR_EACH],
    )


def _leaf(name: str, option_schema: dict[str, t.Any]) -> dict[str, t.Any]:
    description = OPERATORS[name].summary
    return _closed(
        {
            "field": {"type": "string"},
            name: {**option_schema, "description": description},
            "message": _MESSAGE,
            "if_present": _IF_PRESENT,
            "when_absent": {
                **_MESSAGE,
                "description": "What to say when the field has no value.",
            },
        },
        ["field", name],
    )


def _closed(properties: dict[str, t.Any], required: list[str]) -> dict[str, t.Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _point_nested_conditions(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    """Options such as ``count.where`` hold conditions too."""
    count = schema["$defs"].get("CountOptions", {}).get("properties", {})
    if "where" in count:
        count["where"] = {"anyOf": [_REF, {"type": "null"}], "default": None}
    return schema
