"""Plain-English findings for submissions the schema rejects.

Only imported when the quick check fails, so a valid submission never pays for
loading the reference validator.
"""

from __future__ import annotations

import difflib
import json
import typing as t

import jsonschema

from iia_checker.linear_regex import compile_linear
from iia_checker.model import builtin, pointers
from iia_checker.model.findings import Finding, Severity
from iia_checker.model.submission import Submission
from iia_checker.schema.submission import FORMAT_HINTS, Schema, SubmissionSchema

_PRIORITY: t.Final = {"type": 0, "required": 1, "additionalProperties": 1, "enum": 2}


def structural_findings(
    submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """Schema findings for ``submission``: one per real problem, never a cascade."""
    errors = sorted(
        schema.validator.iter_errors(submission.data),
        key=lambda e: (_pointer(e), _PRIORITY.get(str(e.validator), 3)),
    )
    findings: list[Finding] = []
    reported: list[str] = []
    for error in errors:
        for pointer, message in _describe(error, schema):
            if any(pointers.is_within(pointer, done) for done in reported):
                continue
            reported.append(pointer)
            rule = builtin.schema_rule(str(error.validator))
            location = submission.locate(pointer)
            findings.append(Finding(rule, Severity.ERROR, message, location))
    return findings


def _pointer(error: jsonschema.ValidationError) -> str:
    return pointers.join("", *error.absolute_path)


def _describe(
    error: jsonschema.ValidationError, schema: SubmissionSchema
) -> list[tuple[str, str]]:
    """(pointer, message) pairs for one validation error."""
    pointer = _pointer(error)
    keyword = str(error.validator)
    if keyword == "required":
        return [_missing(pointer, name, schema) for name in _missing_names(error)]
    if keyword == "additionalProperties":
        return [_unknown(pointer, name, error, schema) for name in _extras(error)]
    name = f'"{schema.title(pointer)}" ({_dotted(pointer)})'
    return [(pointer, f"{name} {_explain(error, keyword)}")]


def _missing_names(error: jsonschema.ValidationError) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    return [str(name) for name in required if name not in instance]


def _missing(pointer: str, name: str, schema: SubmissionSchema) -> tuple[str, str]:
    child = pointers.join(pointer, name)
    title = schema.title(child)
    return child, f'"{title}" ({_dotted(child)}) is required but missing'


def _schema_of(error: jsonschema.ValidationError) -> Schema:
    return error.schema if isinstance(error.schema, dict) else {}


def _extras(error: jsonschema.ValidationError) -> list[str]:
    node = _schema_of(error)
    known = set(node.get("properties", {}))
    patterns = [compile_linear(p) for p in node.get("patternProperties", {})]
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [
        key
        for key in instance
        if key not in known and not any(p.search(key) for p in patterns)
    ]


def _unknown(
    pointer: str, name: str, error: jsonschema.ValidationError, schema: SubmissionSchema
) -> tuple[str, str]:
    child = pointers.join(pointer, name)
    where = f"in {_dotted(pointer)}" if pointer else "at the top level"
    message = f'unknown field "{name}" {where}'
    known = list(_schema_of(error).get("properties", {}))
    guess = difflib.get_close_matches(name, known, 1)
    if guess:
        message += f' (did you mean "{guess[0]}"?)'
    return child, message


def _explain(error: jsonschema.ValidationError, keyword: str) -> str:
    value: t.Any = error.validator_value
    shown = _show(error.instance)
    if keyword == "enum":
        return _enum_message(error.instance, [str(v) for v in value])
    if keyword == "type":
        return f"must be {_type_words(value)}, not {_json_kind(error.instance)}"
    if keyword == "format":
        return f"is {shown}, which is not {FORMAT_HINTS.get(str(value), str(value))}"
    if keyword == "const":
        return f"must be {_show(value)}, not {shown}"
    messages = {
        "pattern": f"is {shown}, which is not in the expected form ({value})",
        "minLength": f"must be at least {value} characters long"
        if value != 1
        else "must not be empty",
        "maxLength": f"must be at most {value} characters long",
        "minItems": f"must list at least {value} item{'s' if value != 1 else ''}",
        "maxItems": f"must list at most {value} items",
        "uniqueItems": f"lists the same value more than once: {shown}",
        "minimum": f"is {shown}, below the minimum of {value}",
        "maximum": f"is {shown}, above the maximum of {value}",
    }
    return messages.get(keyword, error.message)


def _enum_message(instance: object, allowed: list[str]) -> str:
    message = f"is {_show(instance)}, which is not allowed; use one of: " + ", ".join(
        allowed
    )
    if isinstance(instance, str):
        lowered = {a.lower(): a for a in allowed}
        guess = difflib.get_close_matches(
            instance.lower().replace(" ", "_").replace("-", "_"), list(lowered), 1, 0.6
        )
        if guess:
            message += f' (did you mean "{lowered[guess[0]]}"?)'
    return message


def _type_words(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    words = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "an object (a group of fields)",
        "null": "null",
    }
    return " or ".join(words.get(str(n), str(n)) for n in names)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return _show(value)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(pointer: str) -> str:
    return ".".join(pointers.split(pointer)) or "(top level)"
