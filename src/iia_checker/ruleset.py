"""Rule files: their pydantic model, loading with line numbers, and compilation.

Every rule is one YAML file, ``<id>.yaml``, under a rules directory; sub-folders
group rules for the docs. ``ruleset.yaml`` beside them names the ruleset.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import typing as t
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from iia_checker import yaml_positions
from iia_checker.checks.base import Node
from iia_checker.condition_compiler import ConditionCompiler
from iia_checker.errors import RuleFileProblem, RulesetError
from iia_checker.findings import RuleInfo, Severity
from iia_checker.schema import SubmissionSchema

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
GLOBAL_PLACEHOLDERS: t.Final = frozenset({"project.id", "project.title", "as_of"})
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
META_FILE: t.Final = "ruleset.yaml"
PROFILES_FILE: t.Final = "profiles.yaml"


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
    boards: list[Board] = Field(min_length=1)
    tags: list[Tag] = Field(min_length=1, description="The duties the rule serves.")
    references: list[str] = Field(min_length=1, description="Legal or policy basis.")
    description: str = Field(min_length=20, description="Why the rule matters.")
    remediation: str = Field(min_length=20, description="What the project lead does.")
    when: Condition | None = Field(default=None, description="When the rule applies.")
    check: Condition = Field(description="What must hold.")
    message: str = Field(min_length=10, description="Message with {placeholders}.")
    examples: Examples


class RulesetMeta(BaseModel):
    """``ruleset.yaml``: the ruleset's name and version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    description: str = ""


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


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to evaluate."""

    definition: RuleDef
    info: RuleInfo
    when: Node | None
    check: Node
    source: str
    #: Line of each JSON pointer in the rule file, for messages.
    lines: t.Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Ruleset:
    """Compiled rules in id order, with the ruleset's metadata."""

    rules: tuple[CompiledRule, ...]
    name: str
    version: str
    profiles: t.Mapping[str, Profile] = field(default_factory=dict)
    #: SHA-256 over every rule file's path and bytes, for provenance.
    content_hash: str = ""

    def get(self, rule_id: str) -> CompiledRule | None:
        """The rule with ``rule_id``, if any."""
        return next((r for r in self.rules if r.info.id == rule_id), None)

    def select(
        self,
        *,
        boards: t.Collection[str] = (),
        tags: t.Collection[str] = (),
        include: t.Collection[str] = (),
        exclude: t.Collection[str] = (),
        min_severity: Severity = Severity.INFO,
    ) -> Ruleset:
        """The rules for any of ``boards`` and ``tags``, filtered by id and severity."""
        kept = [
            rule
            for rule in self.rules
            if (not boards or set(boards) & set(rule.info.boards))
            and (not tags or set(tags) & set(rule.info.tags))
            and (not include or _matches(rule.info.id, include))
            and not _matches(rule.info.id, exclude)
            and rule.info.severity.rank >= min_severity.rank
        ]
        return replace(self, rules=tuple(kept))


def _matches(rule_id: str, patterns: t.Collection[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, p) for p in patterns)


def load_ruleset(directories: t.Sequence[Path], schema: SubmissionSchema) -> Ruleset:
    """Load and compile every rule under ``directories``, or raise ``RulesetError``."""
    problems: list[RuleFileProblem] = []
    rules: list[CompiledRule] = []
    meta = RulesetMeta(name="custom", version="0")
    profiles: dict[str, Profile] = {}
    digest = hashlib.sha256()
    for directory in directories:
        if not directory.is_dir():
            problems.append(
                RuleFileProblem(str(directory), None, "", "no such rules directory")
            )
            continue
        meta = _load_meta(directory, problems) or meta
        profiles.update(_load_profiles(directory, problems))
        for path in _rule_files(directory):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
            rule = _load_rule(path, directory, schema, problems)
            if rule is not None:
                rules.append(rule)
    problems.extend(_duplicates(rules))
    if not rules and not problems:
        where = ", ".join(map(str, directories))
        problems.append(RuleFileProblem(where, None, "", "no rule files found"))
    if problems:
        raise RulesetError(problems)
    rules.sort(key=lambda r: r.info.id)
    return Ruleset(tuple(rules), meta.name, meta.version, profiles, digest.hexdigest())


def _rule_files(directory: Path) -> list[Path]:
    files = [*directory.rglob("*.yaml"), *directory.rglob("*.yml")]
    skipped = (META_FILE, PROFILES_FILE)
    return sorted(
        p for p in files if p.name not in skipped and not p.name.startswith("_")
    )


def _load_meta(directory: Path, problems: list[RuleFileProblem]) -> RulesetMeta | None:
    path = directory / META_FILE
    if not path.is_file():
        return None
    data, lines = _read(path, problems)
    if data is None:
        return None
    try:
        return RulesetMeta.model_validate(data)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(str(path), exc, lines))
        return None


def _load_profiles(
    directory: Path, problems: list[RuleFileProblem]
) -> dict[str, Profile]:
    path = directory / PROFILES_FILE
    if not path.is_file():
        return {}
    data, lines = _read(path, problems)
    try:
        return dict(ProfilesFile.model_validate(data).profiles)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(str(path), exc, lines))
        return {}


def _read(path: Path, problems: list[RuleFileProblem]) -> tuple[t.Any, dict[str, int]]:
    try:
        if path.stat().st_size > 1_000_000:
            raise yaml_positions.YamlProblem("larger than 1 MB; a rule file is small")
        return yaml_positions.load(path.read_text(encoding="utf-8"))
    except yaml_positions.YamlProblem as exc:
        problems.append(RuleFileProblem(str(path), exc.line, "", exc.message))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(RuleFileProblem(str(path), None, "", f"cannot read: {exc}"))
    return None, {}


def _load_rule(
    path: Path, root: Path, schema: SubmissionSchema, problems: list[RuleFileProblem]
) -> CompiledRule | None:
    data, lines = _read(path, problems)
    if data is None:
        return None
    file = str(path)
    if not isinstance(data, dict):
        problems.append(
            RuleFileProblem(
                file, 1, "", "a rule file holds one mapping (id, title, ...)"
            )
        )
        return None
    try:
        definition = RuleDef.model_validate(data)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(file, exc, lines))
        return None
    before = len(problems)
    rule = _compile(definition, path, root, schema, lines, problems)
    return rule if len(problems) == before else None


def _compile(
    definition: RuleDef,
    path: Path,
    root: Path,
    schema: SubmissionSchema,
    lines: dict[str, int],
    problems: list[RuleFileProblem],
) -> CompiledRule:
    file = str(path)
    compiler = ConditionCompiler(schema)
    when = (
        compiler.compile(definition.when, "/when")
        if definition.when is not None
        else None
    )
    check = compiler.compile(definition.check, "/check")
    for problem in compiler.problems:
        line = yaml_positions.line_of(lines, problem.pointer)
        problems.append(RuleFileProblem(file, line, problem.pointer, problem.message))
    allowed = GLOBAL_PLACEHOLDERS | compiler.placeholders
    # A condition that did not compile offers no placeholders: one mistake, one line.
    for name in (
        PLACEHOLDER.findall(definition.message) if not compiler.problems else []
    ):
        if name not in allowed:
            problems.append(
                RuleFileProblem(
                    file,
                    lines.get("/message"),
                    "/message",
                    _placeholder_message(name, allowed),
                )
            )
    if path.stem != definition.id:
        problems.append(
            RuleFileProblem(
                file,
                lines.get("/id"),
                "/id",
                f'id "{definition.id}" must match the file name "{path.stem}"',
            )
        )
    group = path.parent.relative_to(root).as_posix() if path.parent != root else ""
    info = _info(definition, group)
    return CompiledRule(definition, info, when, check, file, lines)


def _placeholder_message(name: str, allowed: t.Collection[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(name, sorted(allowed), 1)
    hint = f' (did you mean "{{{guess[0]}}}"?)' if guess else ""
    return f'unknown placeholder "{{{name}}}"{hint}; this rule offers: ' + ", ".join(
        sorted(allowed)
    )


def _info(definition: RuleDef, group: str) -> RuleInfo:
    return RuleInfo(
        id=definition.id,
        title=definition.title,
        severity=definition.severity,
        boards=tuple(definition.boards),
        tags=tuple(definition.tags),
        references=tuple(definition.references),
        description=definition.description.strip(),
        remediation=definition.remediation.strip(),
        group=group,
    )


def _duplicates(rules: list[CompiledRule]) -> list[RuleFileProblem]:
    seen: dict[str, str] = {}
    problems = []
    for rule in rules:
        first = seen.setdefault(rule.info.id, rule.source)
        if first != rule.source:
            problems.append(
                RuleFileProblem(
                    rule.source,
                    None,
                    "/id",
                    f'duplicate rule id "{rule.info.id}" (also in {first})',
                )
            )
    return problems


def _pydantic_problems(
    file: str, exc: ValidationError, lines: dict[str, int]
) -> list[RuleFileProblem]:
    errors = exc.errors()
    messages = [
        _rule_key_message(error, [str(p) for p in error["loc"]]) for error in errors
    ]
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


def _rule_key_message(error: t.Mapping[str, t.Any], loc: list[str]) -> str:
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
