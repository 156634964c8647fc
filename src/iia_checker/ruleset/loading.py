"""Rule files: loading (read by ``files``), compilation, and the compiled ruleset.

Every rule is one YAML file, ``<id>.yaml``, under a rules directory (a pack);
sub-folders group rules for the docs. ``ruleset.yaml`` beside them names the pack.
Several packs are stacked by ``packs.layer``.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import typing as t
from pathlib import Path

from pydantic import ValidationError

from iia_checker.errors import RuleFileProblem, RulesetError
from iia_checker.model.findings import RuleInfo
from iia_checker.regular_files import read_regular
from iia_checker.resources import default_rules_dir
from iia_checker.ruleset import files as rule_files
from iia_checker.ruleset import yaml_positions
from iia_checker.ruleset.compiled import CompiledRule, Ruleset
from iia_checker.ruleset.compiler import ConditionCompiler
from iia_checker.ruleset.models import Profile, RuleDef, RulesetMeta, pydantic_problems
from iia_checker.ruleset.packs import (
    Pack,
    PackInfo,
    RuleSetting,
    apply_settings,
    layer,
)
from iia_checker.ruleset.parse_cache import ParseCache

__all__ = ["CompiledRule", "Ruleset", "load_ruleset"]
from iia_checker.schema.submission import SubmissionSchema

GLOBAL_PLACEHOLDERS: t.Final = frozenset({"project.id", "project.title", "as_of"})
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def load_ruleset(
    directories: t.Sequence[Path],
    schema: SubmissionSchema,
    *,
    settings: t.Mapping[str, RuleSetting] | None = None,
    settings_source: str = "configuration",
) -> Ruleset:
    """Load, compile and layer the packs in ``directories`` (the first at the
    bottom), then apply ``settings``; or raise ``RulesetError`` naming every problem.
    """
    problems: list[RuleFileProblem] = []
    loaded = [_load_pack(d, schema, problems) for d in _distinct(directories)]
    packs = [pack for pack in loaded if pack is not None]
    layered = layer(packs)
    apply_settings(layered, settings or {}, settings_source)
    problems.extend(layered.problems)
    if problems:
        raise RulesetError(problems)
    profiles: dict[str, Profile] = {}
    for pack in packs:
        profiles.update(pack.profiles)
    base = packs[0].info if packs else PackInfo("custom", "0", "")
    digest = hashlib.sha256("".join(p.info.sha256 for p in packs).encode())
    return Ruleset(
        tuple(sorted(layered.rules.values(), key=lambda r: r.info.id)),
        base.name,
        base.version,
        profiles,
        packs[0].info.sha256 if len(packs) == 1 else digest.hexdigest(),
        changes=tuple(layered.changes),
        packs=tuple(pack.info for pack in packs),
        origin=dict(layered.origin),
    )


def _distinct(directories: t.Sequence[Path]) -> list[Path]:
    """Each directory once: naming the bundled rules again must not clash."""
    seen: set[Path] = set()
    kept = []
    for directory in directories:
        resolved = directory.resolve()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(directory)
    return kept


def _load_pack(
    directory: Path, schema: SubmissionSchema, problems: list[RuleFileProblem]
) -> Pack | None:
    if not directory.is_dir():
        problems.append(
            RuleFileProblem(str(directory), None, "", "no such rules directory")
        )
        return None
    cache = ParseCache.for_directory(directory)
    meta = rule_files.load_meta(directory, problems, cache) or RulesetMeta(
        name=directory.name, version="0"
    )
    digest = hashlib.sha256()
    rules = []
    for path in rule_files.rule_paths(directory):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):  # _load_rule reports it
            digest.update(read_regular(path))
        rule = _load_rule(path, directory, schema, problems, cache)
        if rule is not None:
            rules.append(rule)
    if not rules and not rule_files.rule_paths(directory):
        problems.append(
            RuleFileProblem(str(directory), None, "", "no rule files found")
        )
    bundled = directory.resolve() == default_rules_dir().resolve()
    info = PackInfo(
        meta.name, meta.version, digest.hexdigest(), bundled, str(directory)
    )
    profiles = rule_files.load_profiles(directory, problems, cache)
    cache.save()
    return Pack(directory, info, tuple(meta.overrides), rules, profiles)


def _load_rule(
    path: Path,
    root: Path,
    schema: SubmissionSchema,
    problems: list[RuleFileProblem],
    cache: ParseCache,
) -> CompiledRule | None:
    data, lines = rule_files.read(path, problems, cache)
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
    return CompiledRule(definition, info, when, check, file, lines, schema.value_labels)


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
