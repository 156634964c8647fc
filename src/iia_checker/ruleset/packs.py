"""Rule packs in layers: the bundled pack, then each council pack on top of it.

A pack is a rules directory. A later pack adds rules; it replaces a rule of a pack
below only when it says so, by ``overrides: EQ-017`` in the rule file or by listing
the id under ``overrides`` in its ``ruleset.yaml``, so a council never shadows a
rule by accident and still receives every fix to the rules it did not replace.
On top of all packs the configuration may change a rule's severity or switch it
off, always with a reason. Every change is a ``RuleChange``, kept for provenance
and ``rules list``.
"""

from __future__ import annotations

import dataclasses
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from iia_checker.errors import RuleFileProblem
from iia_checker.model.findings import Severity

if t.TYPE_CHECKING:
    from iia_checker.ruleset.compiled import CompiledRule
    from iia_checker.ruleset.models import Profile


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One way the layers or the configuration changed the bundled rules."""

    rule_id: str
    #: ``added``, ``overridden``, ``severity`` or ``disabled``.
    change: str
    detail: str
    #: The pack's name, or the configuration file.
    source: str

    def __str__(self) -> str:
        return f"{self.rule_id} {self.change} by {self.source}: {self.detail}"

    def as_dict(self) -> dict[str, str]:
        """For the JSON report's provenance and ``rules list -f json``."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """The configuration's word on one rule: a new severity, or off; and why."""

    reason: str
    severity: Severity | None = None
    enabled: bool = True

    def __str__(self) -> str:
        change = "off" if not self.enabled else f"severity {self.severity}"
        return f"{change} ({self.reason})"


@dataclass(frozen=True, slots=True)
class PackInfo:
    """What provenance says of a pack: never its path, which differs per machine."""

    name: str
    version: str
    sha256: str
    bundled: bool = False
    #: Where it was read; for choosing a pack's own rules, never for output.
    directory: str = field(default="", compare=False)

    def as_dict(self) -> dict[str, t.Any]:
        """For the JSON report's provenance (without the directory)."""
        record = dataclasses.asdict(self)
        del record["directory"]
        return record


@dataclass(slots=True)
class Pack:
    """One rules directory, read and compiled."""

    directory: Path
    info: PackInfo
    overrides: tuple[str, ...]
    rules: list[CompiledRule] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)


@dataclass(slots=True)
class Layered:
    """The rules left after layering, where each came from, and what changed."""

    rules: dict[str, CompiledRule] = field(default_factory=dict)
    origin: dict[str, PackInfo] = field(default_factory=dict)
    changes: list[RuleChange] = field(default_factory=list)
    problems: list[RuleFileProblem] = field(default_factory=list)


def layer(packs: t.Sequence[Pack]) -> Layered:
    """Stack ``packs``, the first at the bottom; problems for undeclared clashes."""
    done = Layered()
    for depth, pack in enumerate(packs):
        _check_pack_overrides(pack, done)
        for rule in pack.rules:
            _place(rule, pack, done, first=depth == 0)
    return done


def _check_pack_overrides(pack: Pack, done: Layered) -> None:
    ids = {rule.info.id for rule in pack.rules}
    for rule_id in pack.overrides:
        if rule_id not in ids:
            done.problems.append(
                RuleFileProblem(
                    str(pack.directory / "ruleset.yaml"),
                    None,
                    "/overrides",
                    f"lists {rule_id} under overrides, but this pack has no rule"
                    f" {rule_id}",
                )
            )


def _place(rule: CompiledRule, pack: Pack, done: Layered, *, first: bool) -> None:
    rule_id = rule.info.id
    declared = rule.definition.overrides
    target = declared or (rule_id if rule_id in pack.overrides else None)
    if target is not None:
        _override(rule, target, pack, done)
        return
    if rule_id in done.rules:
        below = done.rules[rule_id].source
        done.problems.append(
            RuleFileProblem(
                rule.source,
                rule.lines.get("/id"),
                "/id",
                f'duplicate rule id "{rule_id}" (also in {below}); to replace that'
                f" rule, add `overrides: {rule_id}` to this file",
            )
        )
        return
    if not first:
        done.changes.append(
            RuleChange(rule_id, "added", rule.info.title, pack.info.name)
        )
    done.rules[rule_id] = rule
    done.origin[rule_id] = pack.info


def _override(rule: CompiledRule, target: str, pack: Pack, done: Layered) -> None:
    replaced = done.rules.pop(target, None)
    if replaced is None:
        done.problems.append(
            RuleFileProblem(
                rule.source,
                rule.lines.get("/overrides") or rule.lines.get("/id"),
                "/overrides",
                f"overrides {target}, but no pack below this one has a rule {target}",
            )
        )
        return
    below = done.origin.pop(target)
    detail = f"replaces {target} of {below.name}"
    if rule.info.id != target:
        detail += f" with {rule.info.id}"
    done.changes.append(RuleChange(target, "overridden", detail, pack.info.name))
    done.rules[rule.info.id] = rule
    done.origin[rule.info.id] = pack.info


def apply_settings(
    done: Layered, settings: t.Mapping[str, RuleSetting], source: str
) -> None:
    """Change severities and switch rules off as the configuration says."""
    for rule_id, setting in sorted(settings.items()):
        rule = done.rules.get(rule_id)
        if rule is None:
            done.problems.append(
                RuleFileProblem(
                    source, None, "", f"[rule.{rule_id}]: there is no rule {rule_id}"
                )
            )
            continue
        if setting.enabled and setting.severity is None:
            done.problems.append(
                RuleFileProblem(
                    source,
                    None,
                    "",
                    f"[rule.{rule_id}]: give severity = ... or enabled = false;"
                    " a reason alone changes nothing",
                )
            )
        elif not setting.enabled:
            del done.rules[rule_id]
            del done.origin[rule_id]
            done.changes.append(RuleChange(rule_id, "disabled", setting.reason, source))
        elif setting.severity is not None:
            # Recorded even when it changes nothing ("warning -> warning"): a
            # release may since have set it, and the council should see that.
            info = dataclasses.replace(rule.info, severity=setting.severity)
            done.rules[rule_id] = dataclasses.replace(rule, info=info)
            detail = (
                f"{rule.info.severity.value} -> {setting.severity.value}:"
                f" {setting.reason}"
            )
            done.changes.append(RuleChange(rule_id, "severity", detail, source))
