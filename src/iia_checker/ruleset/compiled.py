"""Compiled rules and the ruleset: what the engine evaluates and the reports name."""

from __future__ import annotations

import fnmatch
import typing as t
from dataclasses import dataclass, field, replace

from iia_checker.model.findings import RuleInfo, RuleOutcome, Severity, Status
from iia_checker.operators.base import Node
from iia_checker.ruleset.models import Profile, RuleDef
from iia_checker.ruleset.packs import PackInfo, RuleChange


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
    #: The label of each allowed value, by code: messages show values by label.
    value_names: t.Mapping[str, str] = field(default_factory=dict, repr=False)
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


@dataclass(frozen=True, slots=True)
class Ruleset:
    """Compiled rules in id order, with the ruleset's metadata."""

    rules: tuple[CompiledRule, ...]
    name: str
    version: str
    profiles: t.Mapping[str, Profile] = field(default_factory=dict)
    #: SHA-256 over every rule file's path and bytes, for provenance.
    content_hash: str = ""
    #: What the packs above the first and the configuration changed.
    changes: tuple[RuleChange, ...] = ()
    #: Every pack, bottom first.
    packs: tuple[PackInfo, ...] = ()
    #: The pack each rule comes from, by rule id.
    origin: t.Mapping[str, PackInfo] = field(default_factory=dict)

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
