"""The submission schema: loading it, naming its fields, and structural validation.

Structural problems become ``schema.<keyword>`` findings with plain-English messages
that name the field by its title; one real problem gives one finding.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import typing as t
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from iia_checker import builtin, pointers
from iia_checker.errors import SchemaError
from iia_checker.findings import Finding, Severity
from iia_checker.model import Submission
from iia_checker.resources import default_schema_path

Schema = dict[str, t.Any]

_FORMATS = FormatChecker(formats=())
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@_FORMATS.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.match(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


@_FORMATS.checks("email")
def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and " " not in value
    return parts.scheme == "mailto" and "@" in parts.path


FORMAT_HINTS: t.Final = {
    "date": "a date written YYYY-MM-DD, such as 2021-09-01",
    "email": "an email address such as name@midlothian.gov.uk",
    "uri": "a web address starting with https://",
}


@dataclass(frozen=True)
class SubmissionSchema:
    """A loaded submission schema with a compiled validator."""

    raw: Schema
    source: str
    validator: Draft202012Validator
    #: A compiled yes/no check that is ~50x faster; the full validator then only
    #: runs on invalid submissions, to explain what is wrong.
    quick_check: t.Callable[[object], bool] | None = None

    @property
    def version(self) -> str:
        """The ``schema_version`` the schema accepts."""
        prop = self.raw.get("properties", {}).get("schema_version", {})
        return str(prop.get("const", ""))

    def deref(self, node: Schema) -> Schema:
        """Follow local ``$ref``s, keeping sibling keywords such as ``title``."""
        seen = 0
        while "$ref" in node and seen < 20:
            target = pointers.resolve(self.raw, node["$ref"].removeprefix("#"))
            if not isinstance(target, dict):
                raise SchemaError(f"{self.source}: cannot resolve {node['$ref']}")
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            seen += 1
        return node

    def child(self, node: Schema, token: str) -> Schema | None:
        """The schema of ``token`` below ``node`` (a property or an array item)."""
        node = self.deref(node)
        if node.get("type") == "array" or "items" in node:
            items = node.get("items")
            return self.deref(items) if isinstance(items, dict) else None
        prop = node.get("properties", {}).get(token)
        return self.deref(prop) if isinstance(prop, dict) else None

    def at(self, pointer: str) -> Schema | None:
        """The schema describing the value at an instance pointer."""
        node: Schema | None = self.raw
        for token in pointers.split(pointer):
            if node is None:
                return None
            node = self.child(node, token)
        return node

    def title(self, pointer: str) -> str:
        """A human name for the field at ``pointer``."""
        tokens = pointers.split(pointer)
        if tokens and tokens[-1].isdigit():
            named = self.title(pointers.parent(pointer))
            return f"{named} item {int(tokens[-1]) + 1}"
        node = self.at(pointer)
        fallback = tokens[-1].replace("_", " ").capitalize() if tokens else "Submission"
        return str(node.get("title", fallback)) if node else fallback

    def properties(self, node: Schema) -> dict[str, Schema]:
        """The named properties of an object schema."""
        props = self.deref(node).get("properties", {})
        return props if isinstance(props, dict) else {}


def load_schema(path: Path) -> SubmissionSchema:
    """Read and check a submission schema, or raise ``SchemaError``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        # The bundled schema is checked against the metaschema by the test suite;
        # checking it again costs a third of a JSON check's start-up.
        if path.resolve() != default_schema_path().resolve():
            Draft202012Validator.check_schema(raw)
    except (OSError, ValueError) as exc:
        raise SchemaError(f"{path}: cannot read the submission schema: {exc}") from None
    except jsonschema.SchemaError as exc:
        where = "/" + "/".join(str(p) for p in exc.absolute_path)
        message = f"{path}: {where}: not a valid JSON Schema: {exc.message}"
        raise SchemaError(message) from None
    validator = Draft202012Validator(raw, format_checker=_FORMATS)
    return SubmissionSchema(raw, str(path), validator, _quick_check(raw))


def _quick_check(raw: Schema) -> t.Callable[[object], bool] | None:
    """jsonschema-rs with our own format functions, so both agree on every value."""
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: the full validator does all
        return None
    formats = {"date": _is_date, "email": _is_email, "uri": _is_uri}
    try:
        fast = jsonschema_rs.Draft202012Validator(
            raw, formats=formats, validate_formats=True, offline=True
        )
    except (ValueError, jsonschema_rs.ReferencingError):
        return None
    return t.cast(t.Callable[[object], bool], fast.is_valid)


_PRIORITY: t.Final = {"type": 0, "required": 1, "additionalProperties": 1, "enum": 2}


def validate_structure(
    submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """Schema findings for ``submission``: one per real problem, never a cascade."""
    if schema.quick_check is not None and schema.quick_check(submission.data):
        return []
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
    patterns = [re.compile(p) for p in node.get("patternProperties", {})]
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
