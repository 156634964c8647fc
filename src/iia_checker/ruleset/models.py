"""The pydantic models of rule files, profiles and ruleset metadata, and how their
validation errors become one-line rule-file problems."""

from __future__ import annotations

import typing as t

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from iia_checker.errors import RuleFileProblem
from iia_checker.model.findings import Rank, Severity
from iia_checker.ruleset import yaml_positions

Board = t.Literal["digital-first", "hub-and-spoke"]
Tag = t.Literal[
    "equality",
    "fairer-scotland",
    "childrens-rights",
    "human-rights",
    "accessibility",
    "data-protection",
    "climate",
    "governance",
    "evidence",
    "engagement",
    "access",
    "best-value",
    "procurement",
    "other-duties",
]
#: In the generated rule schema this marker becomes a reference to ``Condition``.
CONDITION_MARKER: t.Final = {"$comment": "iia-checker condition"}
Condition = t.Annotated[dict[str, t.Any], WithJsonSchema(CONDITION_MARKER)]


class Examples(BaseModel):
    """Submission fragments on which the rule must pass and must fail."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    pass_: list[dict[str, t.Any]] = Field(alias="pass", min_length=1)
    fail: list[dict[str, t.Any]] = Field(min_length=1)


class RuleDef(BaseModel):
    """One rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*-[0-9]{3}$", description="e.g. EQ-020")
    title: str = Field(min_length=5, max_length=120)
    severity: Severity
    rank: Rank = Field(
        default=Rank.STANDARD,
        description="key: a legal duty failure, shown first; standard; advice:"
        " advice and local-alignment notes, shown last.",
    )
    boards: list[Board] = Field(min_length=1)
    tags: list[Tag] = Field(min_length=1, description="The duties the rule serves.")
    references: list[str] = Field(min_length=1, description="Legal or policy basis.")
    description: str = Field(min_length=20, description="Why the rule matters.")
    remediation: str = Field(min_length=20, description="What the project lead does.")
    when: Condition | None = Field(default=None, description="When the rule applies.")
    check: Condition = Field(description="What must hold.")
    message: str = Field(min_length=10, description="Message with {placeholders}.")
    examples: Examples
    overrides: str | None = Field(
        default=None,
        pattern=r"^[A-Z][A-Z0-9]*-[0-9]{3}$",
        description="The id of a rule of a pack below (e.g. the bundled one) that"
        " this rule replaces.",
    )


class RulesetMeta(BaseModel):
    """``ruleset.yaml``: the ruleset's name and version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    description: str = ""
    #: Ids of rules of this pack that replace the same ids in the packs below.
    overrides: list[str] = Field(default_factory=list)


class Profile(BaseModel):
    """A named selection of rules and a gate, for one kind of user."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    min_severity: Severity = Severity.INFO
    fail_on: Severity = Severity.ERROR
    boards: list[Board] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)


class ProfilesFile(BaseModel):
    """``profiles.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profiles: dict[str, Profile]


def pydantic_problems(
    file: str, exc: ValidationError, lines: dict[str, int]
) -> list[RuleFileProblem]:
    """One ``file:line: /pointer: message`` problem per validation error."""
    errors = exc.errors()
    messages = [_key_message(error, [str(p) for p in error["loc"]]) for error in errors]
    # "unknown key tittle (did you mean title?)" already explains "missing key title".
    explained = {
        m.split('did you mean "')[1].rstrip('"?)')
        for m in messages
        if "did you mean" in m
    }
    problems = []
    for error, message in zip(errors, messages, strict=True):
        loc = [str(p) for p in error["loc"]]
        if error.get("type") == "missing" and loc[-1] in explained:
            continue
        pointer = "".join(f"/{p}" for p in loc)
        problems.append(
            RuleFileProblem(
                file, yaml_positions.line_of(lines, pointer), pointer, message
            )
        )
    return problems


def _key_message(error: t.Mapping[str, t.Any], loc: list[str]) -> str:
    import difflib

    kind = error.get("type")
    if kind == "extra_forbidden":
        fields = [*RuleDef.model_fields, "pass"] if len(loc) <= 2 else []
        guess = difflib.get_close_matches(loc[-1], fields, 1)
        hint = f' (did you mean "{guess[0]}"?)' if guess else ""
        return f'unknown key "{loc[-1]}"{hint}'
    if kind == "missing":
        return f'missing required key "{loc[-1]}"'
    return str(error.get("msg", "invalid value"))
