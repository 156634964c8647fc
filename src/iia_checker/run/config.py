"""Configuration: ``iia-checker.toml`` or ``[tool.iia-checker]`` in ``pyproject.toml``.

Found by walking up from the current directory (or given with ``--config``).
Precedence, highest first: the command line, the configuration file, the profile,
the built-in default. ``iia-check config show`` prints every setting with its source.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import typing as t
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from iia_checker.errors import IiaCheckerError
from iia_checker.model.findings import BOARDS, Severity
from iia_checker.regular_files import read_text
from iia_checker.ruleset.models import Profile
from iia_checker.ruleset.packs import RuleSetting
from iia_checker.run.config_file import ConfigFile

CONFIG_NAME: t.Final = "iia-checker.toml"
PYPROJECT: t.Final = "pyproject.toml"
PATH_KEYS: t.Final = ("rules", "schema", "waivers", "baseline")


class ConfigError(IiaCheckerError):
    """The configuration file cannot be used."""


@dataclass(frozen=True, slots=True)
class Setting:
    """An effective value and where it came from."""

    value: t.Any
    source: str


DEFAULTS: t.Final[dict[str, t.Any]] = {
    "rules": [],
    "bundled_rules": True,
    "rule": {},
    "schema": None,
    "profile": None,
    "boards": list(BOARDS),
    "tags": [],
    "select": [],
    "ignore": [],
    "fail_on": Severity.ERROR,
    "min_severity": Severity.INFO,
    "as_of": None,
    "waivers": None,
    "baseline": None,
    "new_only": False,
    "format": None,
    "outputs": [],
}
PROFILE_KEYS: t.Final = (
    "boards",
    "tags",
    "select",
    "ignore",
    "fail_on",
    "min_severity",
)


def find_config(start: Path) -> Path | None:
    """The nearest ``iia-checker.toml``, or ``pyproject.toml`` with our table."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        project = folder / PYPROJECT
        if project.is_file() and _has_table(project):
            return project
    return None


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text("utf-8")
    except (OSError, ValueError):
        return False
    try:
        return "iia-checker" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        # Broken, but meant for us: load_config says where, rather than the
        # settings being silently ignored.
        return "[tool.iia-checker]" in text


def load_config(path: Path) -> dict[str, t.Any]:
    """The settings a configuration file gives, paths made absolute."""
    try:
        document = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_problem(path, exc)) from None
    table = (
        document.get("tool", {}).get("iia-checker", {})
        if path.name == PYPROJECT
        else document
    )
    prefix = "[tool.iia-checker] " if path.name == PYPROJECT else ""
    try:
        parsed = ConfigFile.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_problems(path, prefix, exc)) from None
    given = {_name(k): v for k, v in parsed.model_dump(exclude_none=True).items()}
    if parsed.rule:
        given["rule"] = {
            rule_id: RuleSetting(s.reason, s.severity, s.enabled)
            for rule_id, s in parsed.rule.items()
        }
    return _absolute(given, path.parent)


_TOML_PLACE: t.Final = re.compile(r"^(.*) \(at line (\d+), column \d+\)$")
_TOML_TWICE: t.Final = {
    "Cannot overwrite a value": "a key is written twice; keep one",
    "Cannot declare": "a table is declared twice; keep one",
}


def toml_problem(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    """``path:line: what is wrong``, one line, for a TOML file Python refused."""
    place = _TOML_PLACE.match(str(exc).splitlines()[0] if str(exc) else "")
    if place is None:
        return f"{path}: not valid TOML: {exc}"
    what, line = place.groups()
    for start, plain in _TOML_TWICE.items():
        if what.startswith(start):
            return f"{path}:{line}: {plain}"
    return f"{path}:{line}: not valid TOML: {what[:1].lower()}{what[1:]}"


def _name(field_name: str) -> str:
    return field_name.rstrip("_")


def _absolute(values: dict[str, t.Any], base: Path) -> dict[str, t.Any]:
    for key in PATH_KEYS:
        if key in values:
            value = values[key]
            values[key] = (
                [str(base / v) for v in value]
                if isinstance(value, list)
                else str(base / value)
            )
    return values


def _problems(path: Path, prefix: str, exc: ValidationError) -> str:
    lines = []
    known = [_name(n) for n in ConfigFile.model_fields]
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        if error.get("type") == "extra_forbidden":
            guess = difflib.get_close_matches(key, known, 1)
            hint = f' (did you mean "{guess[0]}"?)' if guess else ""
            lines.append(f'{path}: {prefix}unknown key "{key}"{hint}')
        else:
            lines.append(f"{path}: {prefix}{key}: {error['msg']}")
    return "\n".join(lines)


def resolve(
    command_line: dict[str, t.Any],
    config: dict[str, t.Any],
    config_source: str,
    profiles: t.Mapping[str, Profile],
) -> dict[str, Setting]:
    """Every setting's effective value and its source."""
    settings = {key: Setting(value, "default") for key, value in DEFAULTS.items()}
    settings.update({k: Setting(v, config_source) for k, v in config.items()})
    settings.update({k: Setting(v, "command line") for k, v in command_line.items()})
    name = settings["profile"].value
    if name is None:
        return settings
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none defined"
        raise ConfigError(
            f'unknown profile "{name}" ({settings["profile"].source}); known: {known}'
        )
    return _with_profile(settings, name, profiles[name])


def _with_profile(
    settings: dict[str, Setting], name: str, profile: Profile
) -> dict[str, Setting]:
    values = profile.model_dump()
    for key in PROFILE_KEYS:
        if settings[key].source == "default" and values[key] not in ([], None):
            settings[key] = Setting(values[key], f"profile {name}")
    return settings
