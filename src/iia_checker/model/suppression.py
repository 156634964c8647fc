"""One problem, one finding: which findings repeat what another already says.

Two findings are about the same absence when the first part of the submission
missing on the way to each is the same (``pointers.first_absent``): a missing
Sign-off section explains both "the section is missing" and "the grade of the
signatory is missing". Of such findings the most important is kept, and the others
are recorded as suppressed by it, but only when it gates every board they gate at
least as hard, so suppression never turns a verdict from fail into pass.
Findings about values that are present are never merged across rules.
"""

from __future__ import annotations

import typing as t
from dataclasses import replace

from iia_checker.model import pointers
from iia_checker.model.findings import Finding, RuleOutcome, Severity, Status

#: A structural finding this severe hides rule findings at and below its place.
_BLOCKING: t.Final = Severity.ERROR


def blocks(finding: Finding) -> bool:
    """True when ``finding`` explains every rule finding at or below its pointer.

    A note about the input as a whole (an ignored sheet, column or row label) has
    no pointer, or is not an error, and never hides anything.
    """
    return finding.severity is _BLOCKING and bool(finding.location.pointer)


def covering(pointer: str, blocking: t.Sequence[Finding]) -> Finding | None:
    """The first of ``blocking`` whose place (or a place it also speaks for, as a
    grouped finding does for each field it names) holds ``pointer``."""
    for finding in blocking:
        if any(pointers.covers(place, pointer) for place in _places(finding)):
            return finding
    return None


def _places(finding: Finding) -> tuple[str, ...]:
    return (finding.location.pointer, *finding.also)


def dominates(kept: Finding, other: Finding) -> bool:
    """Whether dropping ``other`` for ``kept`` leaves every verdict as it was."""
    return kept.severity.rank >= other.severity.rank and set(other.rule.boards) <= set(
        kept.rule.boards
    )


def _precedence(finding: Finding) -> tuple[int, int, int, int, str]:
    structural = 0 if finding.kind != "rule" else 1
    return (
        structural,
        -finding.severity.rank,
        finding.rule.rank.order,
        len(finding.location.pointer),
        finding.rule.id,
    )


def collapse(
    outcomes: t.Sequence[RuleOutcome],
    structural: t.Sequence[Finding],
    data: object,
) -> tuple[RuleOutcome, ...]:
    """``outcomes`` with each absence reported once (see the module docstring)."""
    failed = [f for o in outcomes if o.status is Status.FAIL for f in o.findings]
    if not failed:
        return tuple(outcomes)
    suppressor = _suppressors([*structural, *failed], data)
    if not suppressor:
        return tuple(outcomes)
    return tuple(_apply(outcome, suppressor) for outcome in outcomes)


def _suppressors(findings: list[Finding], data: object) -> dict[int, Finding]:
    """For each suppressed finding (by ``id``), the finding kept in its place."""
    kept: dict[str, list[Finding]] = {}
    suppressed: dict[int, Finding] = {}
    for finding in sorted(findings, key=_precedence):
        if finding.kind != "rule":  # kept, in the place of each field it names
            for place in _places(finding):
                gap = pointers.first_absent(data, place)
                if gap is not None:
                    kept.setdefault(gap, []).append(finding)
            continue
        gap = pointers.first_absent(data, finding.location.pointer)
        if gap is None:
            continue
        same = kept.setdefault(gap, [])
        keeper = next((k for k in same if dominates(k, finding)), None)
        if keeper is None:
            same.append(finding)
        else:
            suppressed[id(finding)] = keeper
    return suppressed


def _apply(outcome: RuleOutcome, suppressor: dict[int, Finding]) -> RuleOutcome:
    if outcome.status is not Status.FAIL:
        return outcome
    left = tuple(f for f in outcome.findings if id(f) not in suppressor)
    if len(left) == len(outcome.findings):
        return outcome
    if left:
        return replace(outcome, findings=left)
    return suppressed(outcome, suppressor[id(outcome.findings[0])])


def suppressed(outcome: RuleOutcome, by: Finding) -> RuleOutcome:
    """``outcome`` recorded as saying nothing ``by`` does not already say."""
    reason = f"already reported by {by.rule.id} at {by.location.pointer or '/'}"
    return RuleOutcome(outcome.rule, Status.SUPPRESSED, reason=reason, suppressed_by=by)
