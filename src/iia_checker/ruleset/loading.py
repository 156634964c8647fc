"""Rule files: loading (read by ``rule_files``), compilation, and the compiled ruleset.

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

from pydantic import ValidationError

from iia_checker.errors import RuleFileProblem, RulesetError
from iia_checker.model.findings import RuleInfo, RuleOutcome, Severity, Status
from iia_checker.operators.base import Node
from iia_checker.ruleset import files as rule_files
from iia_checker.ruleset import yaml_positions
from iia_checker.ruleset.compiler import ConditionCompiler
from iia_checker.ruleset.models import Profile, RuleDef, RulesetMeta, pydantic_problems
from iia_checker.run import process_shared
from iia_checker.schema.submission import SubmissionSchema

GLOBAL_PLACEHOLDERS: t.Final = frozenset({"project.id", "project.title", "as_of"})
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


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
    #: Its outcome when it passes, and when ``when`` does not hold. Outcomes are
    #: immutable, so a batch of thousands of submissions shares these two.
    passed: RuleOutcome = field(init=False, repr=False, compare=False)
    skipped: RuleOutcome = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        skipped = RuleOutcome(
            self.info, Status.NOT_APPLICABLE, reason="`when` did not hold"
        )
        passed = RuleOutcome(self.info, Status.PASS)
        object.__setattr__(self, "passed", passed)
        object.__setattr__(self, "skipped", skipped)
        # Forked workers send these back by name (``process_shared``).
        for shared in (self.info, passed, skipped):
            process_shared.register(shared)


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
        meta = rule_files.load_meta(directory, problems) or meta
        profiles.update(rule_files.load_profiles(directory, problems))
        for path in rule_files.rule_paths(directory):
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


def _load_rule(
    path: Path, root: Path, schema: SubmissionSchema, problems: list[RuleFileProblem]
) -> CompiledRule | None:
    data, lines = rule_files.read(path, problems)
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
        problems.extend(pydantic_problems(file, exc, lines))
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
    messages = [("/message", definition.message), *compiler.messages]
    for where, text in messages if not compiler.problems else []:
        for name in PLACEHOLDER.findall(text):
            if name not in allowed:
                problems.append(
                    RuleFileProblem(
                        file,
                        yaml_positions.line_of(lines, where),
                        where,
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
        rank=definition.rank,
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
