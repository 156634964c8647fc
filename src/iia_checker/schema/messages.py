"""Plain-English findings for submissions the schema rejects.

Words for officers: a field is named by its section and title, list items are
numbered from 1, an expected form is described in words (``x-expected``), never as
a regular expression, and allowed values are shown by their labels; a suggestion
for a JSON author quotes the code JSON needs beside its label. The pointer
stays in the finding's location, for the machine formats.

Only imported when the quick check fails. The problems come from the compiled
validator's errors (``schema.fast_problems``); the reference validator is loaded
only for a submission whose problems those cannot explain.
"""

from __future__ import annotations

import difflib
import json
import re
import typing as t

from iia_checker.linear_regex import compile_linear
from iia_checker.model import builtin, pointers
from iia_checker.model.findings import Finding, Severity
from iia_checker.model.plural import counted
from iia_checker.model.shorten import shortened
from iia_checker.model.submission import Submission
from iia_checker.schema import names
from iia_checker.schema.fast_problems import problems_of
from iia_checker.schema.missing import group_of, missing_fields, missing_findings
from iia_checker.schema.problems import Problem
from iia_checker.schema.submission import FORMAT_HINTS, Schema, SubmissionSchema

_PRIORITY: t.Final = {"type": 0, "required": 1, "additionalProperties": 1, "enum": 2}


def structural_findings(
    submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """Schema findings for ``submission``: one per real problem, never a cascade."""
    return explain(problems_of(submission.data, schema), submission, schema)


def explain(
    problems: list[Problem], submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """Findings for ``problems`` (in the reference validator's order)."""
    problems = sorted(problems, key=lambda p: (p.pointer, _PRIORITY.get(p.keyword, 3)))
    missing: dict[str, list[str]] = {}
    findings: list[Finding] = []
    reported: list[str] = []
    for problem in problems:
        if problem.keyword == "required":
            for field in missing_fields(problem, schema, submission.data):
                fields = missing.setdefault(group_of(field), [])
                if field not in fields:  # a field can be required twice (allOf)
                    fields.append(field)
            continue
        for pointer, message in _describe(problem, schema, submission):
            if any(pointers.is_within(pointer, done) for done in reported):
                continue
            reported.append(pointer)
            rule = builtin.schema_rule(problem.keyword)
            location = submission.locate(pointer)
            findings.append(Finding(rule, Severity.ERROR, message, location))
    return missing_findings(missing, submission, schema) + findings


def _describe(
    problem: Problem, schema: SubmissionSchema, submission: Submission
) -> list[tuple[str, str]]:
    """(pointer, message) pairs for one problem."""
    pointer = problem.pointer
    if problem.keyword == "additionalProperties":
        return [_unknown(pointer, name, problem, schema) for name in _extras(problem)]
    typed = submission.locate(pointer).sheet is not None
    name = names.field_name(schema, pointer)
    return [(pointer, f"{name} {_explain(problem, typed)}")]


def _extras(problem: Problem) -> list[str]:
    node = problem.node
    known = set(node.get("properties", {}))
    patterns = [compile_linear(p) for p in node.get("patternProperties", {})]
    instance = problem.instance if isinstance(problem.instance, dict) else {}
    return [
        key
        for key in instance
        if key not in known and not any(p.search(key) for p in patterns)
    ]


def _unknown(
    pointer: str, name: str, problem: Problem, schema: SubmissionSchema
) -> tuple[str, str]:
    child = pointers.join(pointer, name)
    where = f"in {names.field_name(schema, pointer)}" if pointer else "at the top level"
    message = f'"{name}" {where} is not a field of the form'
    properties = problem.node.get("properties", {})
    guess = difflib.get_close_matches(name, list(properties), 1)
    if guess:
        title = properties[guess[0]].get("title", guess[0])
        message += f' (did you mean "{guess[0]}", {title}?)'
    return child, message


def _explain(problem: Problem, typed: bool) -> str:
    keyword, instance = problem.keyword, problem.instance
    value: t.Any = problem.value
    shown = _show(instance)
    if keyword == "enum":
        return _enum_message(instance, problem.node, typed)
    if keyword == "type":
        return f"must be {_type_words(value, typed)}, not {_json_kind(instance)}"
    if keyword == "format":
        return f"is {shown}, which is not {FORMAT_HINTS.get(str(value), str(value))}"
    if keyword == "const":
        return f"must be {_show(value)}, not {shown}"
    if keyword == "pattern":
        words = names.expected(problem.node) or "the form the field's help gives"
        return f"is {shown}; write it as {words}"
    messages = {
        "minLength": f"must be at least {value} characters long"
        if value != 1
        else "must not be empty",
        "maxLength": f"must be at most {value} characters long",
        "minItems": f"must list at least {counted(value, 'item')}",
        "maxItems": f"must list at most {counted(value, 'item')}",
        "uniqueItems": f"lists the same value more than once: {shown}",
        "minimum": f"is {shown}, below the minimum of {value}",
        "maximum": f"is {shown}, above the maximum of {value}",
    }
    return messages.get(keyword, problem.message)


def _enum_message(instance: object, node: Schema, typed: bool) -> str:
    labels = names.labels(node)
    message = f"is {_show(instance)}, which is not one of the allowed values: "
    message += ", ".join(labels.values())
    several = _several(instance, labels) if isinstance(instance, str) else []
    if several:
        named = names.listing([labels[c] if typed else c for c in several])
        where = "separate them with ;" if typed else "give each its own list item"
        return message + f" (this is several values, {named}: {where})"
    if isinstance(instance, str):
        guess = _guess(instance, labels)
        if guess:
            # JSON needs the code itself; a workbook cell takes the label.
            shown = f'"{labels[guess]}"' if typed else f'"{guess}", {labels[guess]}'
            message += f" (did you mean {shown}?)"
    return message


def _several(instance: str, labels: dict[str, str]) -> list[str]:
    """The codes of a value that is several allowed values run together."""
    keys = {_key(label): code for code, label in labels.items()}
    keys.update({_key(code): code for code in labels})
    parts = [p for p in re.split(r"[,;\n]", instance) if p.strip()]
    found = [keys.get(_key(p)) for p in parts]
    return [c for c in found if c] if len(parts) > 1 and all(found) else []


def _guess(instance: str, labels: dict[str, str]) -> str | None:
    """The code whose code or label is closest to what was written."""
    keys = {_key(label): code for code, label in labels.items()}
    keys.update({_key(code): code for code in labels})
    written = _key(instance)
    starting = {keys[k] for k in keys if len(written) >= 4 and k.startswith(written)}
    if len(starting) == 1:
        return starting.pop()
    found = difflib.get_close_matches(written, list(keys), 1, 0.6)
    return keys[found[0]] if found else None


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _type_words(value: object, typed: bool) -> str:
    kinds = value if isinstance(value, list) else [value]
    words = {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "yes or no" if typed else "true or false",
        "array": "a list",
        "object": "a group of fields",
        "null": "left blank" if typed else "null",
    }
    return " or ".join(words.get(str(k), str(k)) for k in kinds)


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return _show(value)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return shortened(text, 60)
