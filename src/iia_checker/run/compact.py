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
from array import array

from iia_checker.model.findings import Finding, RuleInfo, RuleOutcome, SubmissionResult
from iia_checker.ruleset.loading import Ruleset

#: A rule by its index in the ruleset; a built-in rule (``input.*``,
#: ``schema.*``) is not in it and travels as itself.
RuleRef = int | RuleInfo
#: A finding or outcome as a tuple of its fields, the rule as a ``RuleRef``.
Packed = tuple[t.Any, ...]
#: How many distinct shapes of outcomes the parent keeps built.
_SHAPES_KEPT: t.Final = 4096

_FINDING_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(Finding))
_OUTCOME_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(RuleOutcome))
_RESULT_FIELDS: t.Final = tuple(f.name for f in dataclasses.fields(SubmissionResult))
_FINDINGS_AT: t.Final = _OUTCOME_FIELDS.index("findings")


class ResultPacker:
    """Packs results in a worker and unpacks them in the parent, for one ruleset.

    A result's outcomes travel as a shape (for each outcome, the number of the
    shared outcome it is, or -1) and the few outcomes that are not shared. Shapes
    repeat across a register, so the parent builds each one's tuple once.
    """

    def __init__(self, ruleset: Ruleset) -> None:
        self.rules = ruleset.rules
        self.index = {id(rule.info): i for i, rule in enumerate(self.rules)}
        self.shared = [o for rule in self.rules for o in (rule.passed, rule.skipped)]
        self.number = {id(outcome): n for n, outcome in enumerate(self.shared)}
        self.shapes: dict[bytes, tuple[RuleOutcome | None, ...]] = {}

    def pack(self, result: SubmissionResult) -> Packed:
        """``result`` with every rule of the ruleset as its index."""
        fields = {name: getattr(result, name) for name in _RESULT_FIELDS}
        fields["findings"] = tuple(map(self._pack_finding, result.findings))
        # An outcome's findings are most often the result's own: sent once.
        at = {id(finding): i for i, finding in enumerate(result.findings)}
        number = self.number
        shape = array("h", [number.get(id(o), -1) for o in result.outcomes])
        own = [
            self._pack_outcome(o, at) for o in result.outcomes if id(o) not in number
        ]
        fields["outcomes"] = (shape.tobytes(), tuple(own))
        return tuple(fields.values())

    def unpack(self, packed: Packed) -> SubmissionResult:
        """The result ``pack`` was given, with the parent's own rule objects."""
        fields = dict(zip(_RESULT_FIELDS, packed, strict=True))
        findings = tuple(map(self._unpack_finding, fields["findings"]))
        fields["findings"] = findings
        shape, own = fields["outcomes"]
        base = self.shapes.get(shape) or self._shape(shape)
        if own:
            mine = iter([self._unpack_outcome(o, findings) for o in own])
            fields["outcomes"] = tuple(o if o is not None else next(mine) for o in base)
        else:
            fields["outcomes"] = t.cast(tuple[RuleOutcome, ...], base)
        return SubmissionResult(**fields)

    def _shape(self, shape: bytes) -> tuple[RuleOutcome | None, ...]:
        numbers = array("h")
        numbers.frombytes(shape)
        base = tuple(self.shared[n] if n >= 0 else None for n in numbers)
        if len(self.shapes) < _SHAPES_KEPT:
            self.shapes[shape] = base
        return base

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
        values = [getattr(outcome, name) for name in _OUTCOME_FIELDS]
        values[_FINDINGS_AT] = tuple(
            at.get(id(f)) if id(f) in at else self._pack_finding(f)
            for f in outcome.findings
        )
        return (self._ref(outcome.rule), *values[1:])

    def _unpack_outcome(
        self, packed: Packed, findings: tuple[Finding, ...]
    ) -> RuleOutcome:
        values = [self._info(packed[0]), *packed[1:]]
        values[_FINDINGS_AT] = tuple(
            findings[f] if isinstance(f, int) else self._unpack_finding(f)
            for f in values[_FINDINGS_AT]
        )
        return RuleOutcome(*values)
