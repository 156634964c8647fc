"""The submission schema: loading it, naming its fields, and structural validation.

A compiled jsonschema-rs check answers "valid?" quickly; when it says no, its
errors explain each problem (``schema.messages``), and the reference validator is
loaded only for a problem they cannot explain.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import typing as t
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from iia_checker.errors import SchemaError
from iia_checker.model import pointers
from iia_checker.regular_files import read_text
from iia_checker.resources import default_schema_path

if t.TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema_rs import Validator as CompiledValidator

Schema = dict[str, t.Any]

# A pattern with a repeat followed by more pattern backtracks: the old email
# check ^[^@\s]+@[^@\s]+\.[^@\s]+$ tried every dot. The date pattern is safe: it
# has fixed width, so it gives up after ten characters.
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.match(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _is_email(value: object) -> bool:
    """One @, no spaces, a local part, and a dot inside the domain (a@b.c)."""
    if not isinstance(value, str):
        return True
    local, _, domain = value.partition("@")
    return (
        bool(local)
        and "@" not in domain
        and "." in domain[1:-1]
        and value.split() == [value]  # no whitespace anywhere
    )


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and " " not in value
    return parts.scheme == "mailto" and "@" in parts.path


#: Our own format checks, the same for both validators.
FORMATS: t.Final = {"date": _is_date, "email": _is_email, "uri": _is_uri}
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
    #: The compiled validator (jsonschema-rs), ~50x faster than the reference
    #: one; None where it has no wheel or cannot compile the schema.
    compiled: CompiledValidator | None = None

    @property
    def quick_check(self) -> t.Callable[[object], bool] | None:
        """The compiled yes/no check, if there is one."""
        return self.compiled.is_valid if self.compiled is not None else None

    @functools.cached_property
    def validator(self) -> Draft202012Validator:
        """The reference validator, built on first use; its patterns run on RE2."""
        from jsonschema import FormatChecker

        from iia_checker.schema.patterns import LinearValidator

        checker = FormatChecker(formats=())
        for name, function in FORMATS.items():
            checker.checks(name)(function)
        return LinearValidator(self.raw, format_checker=checker)

    @functools.cached_property
    def value_labels(self) -> dict[str, str]:
        """Every allowed value's label, by code (``names.value_labels``)."""
        from iia_checker.schema.names import value_labels

        return value_labels(self.raw)

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
        raw = json.loads(read_text(path))
    except (OSError, ValueError) as exc:
        raise SchemaError(f"{path}: cannot read the submission schema: {exc}") from None
    # The bundled schema is checked against the metaschema by the test suite;
    # checking it again would cost a third of a JSON check's start-up.
    if path.resolve() != default_schema_path().resolve():
        _check_metaschema(raw, path)
        _check_patterns(raw, path)
    return SubmissionSchema(raw, str(path), _compiled(raw))


def _check_metaschema(raw: Schema, path: Path) -> None:
    import jsonschema

    try:
        jsonschema.Draft202012Validator.check_schema(raw)
    except jsonschema.SchemaError as exc:
        where = "/" + "/".join(str(p) for p in exc.absolute_path)
        message = f"{path}: {where}: not a valid JSON Schema: {exc.message}"
        raise SchemaError(message) from None


def _check_patterns(raw: Schema, path: Path) -> None:
    from iia_checker.schema.patterns import check_patterns

    refused = check_patterns(raw)
    if refused:
        where, reason = refused[0]
        raise SchemaError(f"{path}: {where}: pattern {reason}")


def _compiled(raw: Schema) -> CompiledValidator | None:
    """jsonschema-rs with our own format functions, so both agree on every value."""
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: the full validator does all
        return None
    try:
        fast = jsonschema_rs.Draft202012Validator(
            raw,
            formats=dict(FORMATS),
            validate_formats=True,
            offline=True,
            # Rust's regex crate: linear time, where the default backtracks.
            pattern_options=jsonschema_rs.RegexOptions(),
        )
    except (ValueError, jsonschema_rs.ReferencingError):
        return None
    return fast
