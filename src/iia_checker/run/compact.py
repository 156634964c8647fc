"""Results as workers send them back: rules named by their index, not copied.

Workers are forked after the rules are compiled, so each holds the parent's
rules in the parent's order. A register's results name those rules a million
times; pickled as they are, every chunk of results would carry its own copies of
the rule descriptions and of the outcomes every passing submission shares, for
the parent to unpickle and throw away. So a worker packs each result with the
rules replaced by their index, and the parent puts its own objects back.
"""

from __future__ import annotations

import dataclasses
import typing as t

from iia_checker.model.findings import Finding, RuleInfo, RuleOutcome, SubmissionResult
from iia_checker.ruleset.loading import Ruleset

#: A rule by its index in the ruleset; a built-in rule (``input.*``,
#: ``schema.*``) is not in it and travels as itself.
RuleRef = int | RuleInfo
#: A finding or outcome as a tuple of its fields, the rule as a ``RuleRef``.
Packed = tuple[t.Any, ...]
#: Marks an outcome that is one of its rule's shared ones.
_PASSED, _SKIPPED = "passed", "skipped"

_FINDING_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(Finding))
_OUTCOME_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(RuleOutcome))
_RESULT_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(SubmissionResult))
_FINDINGS_AT: t.Final = _OUTCOME_FIELDS.index("findings")


class ResultPacker:
    """Packs results in a worker and unpacks them in the parent, for one ruleset."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.rules = ruleset.rules
        self.index = {id(rule.info): i for i, rule in enumerate(self.rules)}

    def pack(self, result: SubmissionResult) -> Packed:
        """``result`` with every rule of the ruleset as its index."""
        fields = {name: getattr(result, name) for name in _RESULT_FIELDS}
        fields["findings"] = tuple(map(self._pack_finding, result.findings))
        # An outcome's findings are most often the result's own: sent once.
        at = {id(finding): i for i, finding in enumerate(result.findings)}
        fields["outcomes"] = tuple(self._pack_outcome(o, at) for o in result.outcomes)
        return tuple(fields.values())

    def unpack(self, packed: Packed) -> SubmissionResult:
        """The result ``pack`` was given, with the parent's own rule objects."""
        fields = dict(zip(_RESULT_FIELDS, packed, strict=True))
        findings = tuple(map(self._unpack_finding, fields["findings"]))
        fields["findings"] = findings
        fields["outcomes"] = tuple(
            self._unpack_outcome(o, findings) for o in fields["outcomes"]
        )
        return SubmissionResult(**fields)

    def _ref(self, rule: RuleInfo) -> RuleRef:
        return self.index.get(id(rule), rule)

    def _info(self, ref: RuleRef) -> RuleInfo:
        return self.rules[ref].info if isinstance(ref, int) else ref

    def _pack_finding(self, finding: Finding) -> Packed:
        values = [getattr(finding, name) for name in _FINDING_FIELDS]
        return (self._ref(finding.rule), *values[1:])

    def _unpack_finding(self, packed: Packed) -> Finding:
        return Finding(self._info(packed[0]), *packed[1:])

    def _pack_outcome(self, outcome: RuleOutcome, at: dict[int, int]) -> Packed:
        ref = self._ref(outcome.rule)
        if isinstance(ref, int):
            if outcome is self.rules[ref].passed:
                return (_PASSED, ref)
            if outcome is self.rules[ref].skipped:
                return (_SKIPPED, ref)
        values = [getattr(outcome, name) for name in _OUTCOME_FIELDS]
        values[_FINDINGS_AT] = tuple(
            at.get(id(f)) if id(f) in at else self._pack_finding(f)
            for f in outcome.findings
        )
        return (ref, *values[1:])

    def _unpack_outcome(
        self, packed: Packed, findings: tuple[Finding, ...]
    ) -> RuleOutcome:
        if packed[0] == _PASSED:
            return self.rules[packed[1]].passed
        if packed[0] == _SKIPPED:
            return self.rules[packed[1]].skipped
        values = [self._info(packed[0]), *packed[1:]]
        values[_FINDINGS_AT] = tuple(
            findings[f] if isinstance(f, int) else self._unpack_finding(f)
            for f in values[_FINDINGS_AT]
        )
        return RuleOutcome(*values)
