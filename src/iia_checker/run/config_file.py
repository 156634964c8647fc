"""What a configuration file may hold: its keys, as pydantic models, and the
JSON Schema made from them (``schemas/config.schema.json``, ``config schema``)."""

from __future__ import annotations

import datetime as dt
import typing as t

from pydantic import BaseModel, ConfigDict, Field

from iia_checker.model.findings import Severity
from iia_checker.ruleset.models import Board


class RuleSettingFile(BaseModel):
    """``[rule.EQ-017]``: a rule's severity changed, or the rule switched off.

    (Not ``[rules.EQ-017]``: TOML cannot make ``rules`` both the list of packs and
    a table.) The reason is required: every change is listed in provenance.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(
        min_length=10, description="Why the council changed this rule (recorded)."
    )
    severity: Severity | None = Field(default=None, description="The new severity.")
    enabled: bool = Field(default=True, description="false switches the rule off.")


class ConfigFile(BaseModel):
    """The keys a configuration file may hold (the same names as the options)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    rules: list[str] | None = Field(
        default=None,
        description="Rule packs layered on the bundled rules, bottom first.",
    )
    bundled_rules: bool | None = Field(
        default=None, description="false: only the packs in rules, not the bundled."
    )
    rule: dict[str, RuleSettingFile] | None = Field(
        default=None, description="Per-rule changes by id: severity or off, and why."
    )
    schema_: str | None = Field(default=None, alias="schema")
    profile: str | None = None
    boards: list[Board] | None = None
    tags: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: Severity | None = None
    min_severity: Severity | None = None
    as_of: dt.date | None = None
    waivers: str | None = None
    baseline: str | None = None
    new_only: bool | None = None
    format: str | None = None
    outputs: list[str] | None = None


def config_json_schema() -> dict[str, t.Any]:
    """The JSON Schema of a configuration file (of ``[tool.iia-checker]`` too)."""
    schema = _without_null(ConfigFile.model_json_schema(by_alias=True))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://iia-checker.example/schemas/config.schema.json",
        "title": "iia-checker configuration (iia-checker.toml or [tool.iia-checker])",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _without_null(node: t.Any) -> t.Any:
    """TOML has no null: ``anyOf: [X, null]`` with ``default: null`` becomes X."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _without_null(value) for key, value in node.items()}
    options = cleaned.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        kept = [option for option in options if option != {"type": "null"}]
        del cleaned["anyOf"]
        cleaned = {**(kept[0] if len(kept) == 1 else {"anyOf": kept}), **cleaned}
        if cleaned.get("default", 0) is None:
            del cleaned["default"]
    return cleaned
