"""Provenance: exactly what was checked, with what, and when.

Every machine-readable report carries it, so a board can trust and reproduce a
result: tool and ruleset versions, content hashes of the rules, schema, waiver and
baseline files, each input's SHA-256, the as-of date and the time of the run;
and, when a council layered its own rule packs or changed rules in its
configuration, every pack and every change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import typing as t
from pathlib import Path

from iia_checker import __version__
from iia_checker.regular_files import read_regular
from iia_checker.ruleset.loading import Ruleset

#: Set (to anything) for reports without the run's time: goldens, reproducible CI.
DETERMINISTIC_ENV: t.Final = "IIA_CHECK_DETERMINISTIC"


def file_sha256(path: Path | None) -> str | None:
    """SHA-256 of a file's bytes, or None without a file."""
    return hashlib.sha256(read_regular(path)).hexdigest() if path else None


def build(
    *,
    ruleset: Ruleset,
    schema_path: Path,
    inputs: t.Sequence[tuple[str, str | None]],
    as_of: dt.date,
    waivers: Path | None = None,
    baseline: Path | None = None,
    run_at: dt.datetime | None = None,
) -> dict[str, t.Any]:
    """The provenance record; ``run_at`` is left out in deterministic mode."""
    record: dict[str, t.Any] = {
        "tool_version": __version__,
        "ruleset": {
            "name": ruleset.name,
            "version": ruleset.version,
            "sha256": ruleset.content_hash,
            "rules_run": len(ruleset.rules),
        },
        "schema_sha256": file_sha256(schema_path),
        "waivers_sha256": file_sha256(waivers),
        "baseline_sha256": file_sha256(baseline),
        "inputs": [{"path": path, "sha256": digest} for path, digest in inputs],
        "as_of": as_of.isoformat(),
    }
    if len(ruleset.packs) > 1 or ruleset.changes:
        # Only when a council layered or changed rules, so plain runs stay as they were.
        record["packs"] = [pack.as_dict() for pack in ruleset.packs]
        record["rule_changes"] = [change.as_dict() for change in ruleset.changes]
    if run_at is not None:
        record["run_at"] = run_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    return record
