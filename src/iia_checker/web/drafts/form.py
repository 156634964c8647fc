"""The guided form, generated from the submission schema: one section per property.

Each schema property becomes a ``Field`` with its title, help text and a control
chosen from its type: free text, a date, yes/no, one choice, several choices, a
list of lines, a group of fields, or a list of items that can be added to and
removed from. Nothing here is written per field: a new schema property appears
in the form by itself.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.schema.submission import Schema, SubmissionSchema

#: Top-level properties that are not a section people fill in.
NOT_SECTIONS: t.Final = ("schema_version",)
#: Choices shown as radios up to this many, else as a drop-down list.
MAX_RADIOS: t.Final = 5
_TEXT_REF: t.Final = "#/$defs/text"


@dataclass(frozen=True, slots=True)
class Field:
    """One question of the form, or a group or list of them."""

    key: str
    title: str
    hint: str
    #: text, textarea, date, email, url, integer, number, yesno, choice,
    #: choices, lines, group or list.
    kind: str
    choices: tuple[t.Any, ...] = ()
    required: bool = False
    children: tuple[Field, ...] = ()
    #: For ``lines``: whether each line is a whole number.
    integers: bool = False


def sections(schema: SubmissionSchema) -> tuple[Field, ...]:
    """Every section of the form, in the schema's order."""
    root = schema.raw
    required = set(root.get("required", ()))
    return tuple(
        field_of(schema, key, node, key in required)
        for key, node in root.get("properties", {}).items()
        if key not in NOT_SECTIONS
    )


def field_of(schema: SubmissionSchema, key: str, node: Schema, required: bool) -> Field:
    """The field for the property ``key`` described by ``node``."""
    is_text = node.get("$ref") == _TEXT_REF
    node = schema.deref(node)
    title = str(node.get("title") or key.replace("_", " ").capitalize())
    hint = str(node.get("description", ""))
    kind, choices, children, integers = _control(schema, node, is_text)
    return Field(key, title, hint, kind, choices, required, children, integers)


def _control(
    schema: SubmissionSchema, node: Schema, is_text: bool
) -> tuple[str, tuple[t.Any, ...], tuple[Field, ...], bool]:
    types = _types(node)
    if "object" in types:
        return "group", (), _properties(schema, node), False
    if "array" in types:
        return _array(schema, node)
    if "enum" in node:
        return "choice", tuple(v for v in node["enum"] if v is not None), (), False
    if "boolean" in types:
        return "yesno", (), (), False
    for kind in ("integer", "number"):
        if kind in types:
            return kind, (), (), False
    fmt = node.get("format")
    if fmt in ("date", "email"):
        return str(fmt), (), (), False
    if fmt == "uri":
        return "url", (), (), False
    long_text = is_text or int(node.get("maxLength", 0)) > 200
    return ("textarea" if long_text else "text"), (), (), False


def _array(
    schema: SubmissionSchema, node: Schema
) -> tuple[str, tuple[t.Any, ...], tuple[Field, ...], bool]:
    items = node.get("items")
    item = schema.deref(items) if isinstance(items, dict) else {}
    if "object" in _types(item):
        return "list", (), _properties(schema, item), False
    if "enum" in item:
        return "choices", tuple(item["enum"]), (), False
    return "lines", (), (), "integer" in _types(item)


def _properties(schema: SubmissionSchema, node: Schema) -> tuple[Field, ...]:
    required = set(node.get("required", ()))
    return tuple(
        field_of(schema, key, child, key in required)
        for key, child in node.get("properties", {}).items()
        if isinstance(child, dict)
    )


def _types(node: Schema) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, list):
        return {str(kind) for kind in declared}
    if isinstance(declared, str):
        return {declared}
    if "properties" in node:
        return {"object"}
    if "items" in node:
        return {"array"}
    return set()


def choice_label(value: t.Any) -> str:
    """How a choice reads on the page: ``service_change`` -> ``Service change``."""
    if isinstance(value, bool) or value is None:
        return {True: "Yes", False: "No", None: "Not known"}[value]
    text = str(value).replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


def blank_draft(schema: SubmissionSchema) -> dict[str, t.Any]:
    """A new draft: the schema version, and one equality impact per characteristic.

    The nine protected characteristics are listed from the schema's own list, so
    an officer rates each rather than choosing which to mention.
    """
    data: dict[str, t.Any] = {"schema_version": schema.version}
    impacts = schema.at("/equality_impacts/0/characteristic") or {}
    data["equality_impacts"] = [
        {"characteristic": value} for value in impacts.get("enum", ())
    ]
    return data
