"""The files of a rules directory, read with line numbers: the rule files, and
``ruleset.yaml`` and ``profiles.yaml`` beside them."""

from __future__ import annotations

import typing as t
from pathlib import Path

from pydantic import ValidationError

from iia_checker.errors import RuleFileProblem
from iia_checker.regular_files import read_regular
from iia_checker.ruleset import yaml_positions
from iia_checker.ruleset.models import (
    Profile,
    ProfilesFile,
    RulesetMeta,
    pydantic_problems,
)
from iia_checker.ruleset.parse_cache import ParseCache

META_FILE: t.Final = "ruleset.yaml"
PROFILES_FILE: t.Final = "profiles.yaml"


def rule_paths(directory: Path) -> list[Path]:
    """Every rule file under ``directory`` (not ``_``-prefixed), in path order."""
    files = [*directory.rglob("*.yaml"), *directory.rglob("*.yml")]
    skipped = (META_FILE, PROFILES_FILE)
    return sorted(
        p for p in files if p.name not in skipped and not p.name.startswith("_")
    )


def load_meta(
    directory: Path, problems: list[RuleFileProblem], cache: ParseCache | None = None
) -> RulesetMeta | None:
    """``ruleset.yaml`` of ``directory``, if there is one and it is valid."""
    path = directory / META_FILE
    if not path.is_file():
        return None
    data, lines = read(path, problems, cache)
    if data is None:
        return None
    try:
        return RulesetMeta.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(str(path), exc, lines))
        return None


def load_profiles(
    directory: Path, problems: list[RuleFileProblem], cache: ParseCache | None = None
) -> dict[str, Profile]:
    """The profiles in ``profiles.yaml`` of ``directory``, if any."""
    path = directory / PROFILES_FILE
    if not path.is_file():
        return {}
    data, lines = read(path, problems, cache)
    try:
        return dict(ProfilesFile.model_validate(data).profiles)
    except ValidationError as exc:
        problems.extend(pydantic_problems(str(path), exc, lines))
        return {}


def read(
    path: Path, problems: list[RuleFileProblem], cache: ParseCache | None = None
) -> tuple[t.Any, dict[str, int]]:
    """A YAML file's data and the line of each JSON pointer in it, or a problem;
    from ``cache`` when it holds what these exact bytes parse to."""
    try:
        if path.stat().st_size > 1_000_000:
            raise yaml_positions.YamlProblem("larger than 1 MB; a rule file is small")
        content = read_regular(path)
        kept = cache.get(content) if cache is not None else None
        if kept is not None:
            return kept
        data, lines = yaml_positions.load(content.decode("utf-8"))
        if cache is not None:
            cache.put(content, data, lines)
        return data, lines
    except yaml_positions.YamlProblem as exc:
        problems.append(RuleFileProblem(str(path), exc.line, "", exc.message))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(RuleFileProblem(str(path), None, "", f"cannot read: {exc}"))
    return None, {}
