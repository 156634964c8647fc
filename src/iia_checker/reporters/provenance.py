"""The one line of provenance people read; the full record is in machine formats."""

from __future__ import annotations

from iia_checker.model.findings import Report


def provenance_line(report: Report) -> str:
    """One short line for people; the hashes stay in the machine formats."""
    return (
        f"Checked with iia-checker {report.tool_version}, rules"
        f" {report.ruleset_name} {report.ruleset_version}, as of {report.as_of}."
        " Fingerprints of every file are in the JSON and SARIF reports."
    )
