"""What ``check`` says on standard error after a run, whatever ``-o`` says.

One line of counts (not when a text report on the terminal has just ended with
the same), one line per report file written, and with ``--verbose`` the time
taken and what ran. Standard output stays the report's alone, so a pipe or
``-o json:-`` is never mixed with these lines.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from iia_checker.model.findings import Report
from iia_checker.model.tally import tally

PREFIX: t.Final = "iia-check: "


#: Formats that end with the summary themselves (shown on a terminal, the line
#: of counts on standard error would say it twice).
SUMMARISED: t.Final = frozenset({"text", "brief"})


def summary_lines(
    report: Report,
    written: t.Sequence[tuple[str, Path]],
    *,
    verbose: bool = False,
    counts: bool = True,
) -> list[str]:
    """The line of counts (unless not ``counts``), then ``wrote PATH (FORMAT)``
    for each file written."""
    lines = [PREFIX + tally(report).sentence()] if counts else []
    lines.extend(f"{PREFIX}wrote {path} ({fmt})" for fmt, path in written)
    if verbose:
        lines.append(PREFIX + _details(report))
    return lines


def _details(report: Report) -> str:
    outcomes = sum(len(result.outcomes) for result in report.results)
    findings = sum(len(result.findings) for result in report.results)
    took = (
        f"in {report.elapsed_seconds:.2f} s; "
        if report.elapsed_seconds is not None
        else ""
    )
    packs = report.provenance.get("packs") or [
        {"name": report.ruleset_name, "version": report.ruleset_version}
    ]
    named = " + ".join(f"{pack['name']} {pack['version']}" for pack in packs)
    return (
        f"{took}{len(report.rules)} rules ({named}), {len(report.inputs)} inputs,"
        f" {outcomes} rule outcomes, {findings} findings"
    )
