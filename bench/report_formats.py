"""Time every report format on one synthetic report of many findings.

    python bench/report_formats.py [--findings 50000] [--runs 3] [--only xlsx,csv]

The report has ``--findings`` findings spread over 250 submissions, with the bundled
rules' titles, remediation and references and messages of realistic length (a
quarter from register workbooks, a tenth waived, a few formula-like or non-ASCII).
Each figure is the median of ``--runs`` renders in this process, after one warm-up
render. ``xlsx-openpyxl`` is the openpyxl write-only writer this project used
before its own SpreadsheetML writer, loaded from git (``OLD_XLSX``) for comparison;
it is skipped when git or that commit is not at hand.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

from iia_checker.model.findings import (
    Finding,
    Location,
    Report,
    RuleInfo,
    SubmissionResult,
    Waiver,
)
from iia_checker.reporters import REPORTERS, Renderer, RenderOptions
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import load_ruleset
from iia_checker.schema.submission import load_schema

ROOT = Path(__file__).resolve().parent.parent
#: The last commit whose xlsx.py wrote with openpyxl.
OLD_XLSX = "5e68b0f:src/iia_checker/reporters/xlsx.py"
SUBMISSIONS = 250
MESSAGES = (
    "The negative impact on {0} has no mitigating action recorded.",
    "Section {0} says 'not applicable' but the proposal changes a front-line service.",
    "Consultation with {0} is mentioned without a date, method or outcome.",
    "=SUM({0}) looks like a formula and must stay text",
    "Gàidhlig translation for {0} is missing - the scheme commits to it.",
    "  Evidence for {0} cites a survey older than three years; refresh it.",
)
GROUPS = ("older people", "disabled people", "carers", "young people", "tenants")


def bundled_rules() -> list[RuleInfo]:
    schema = load_schema(default_schema_path())
    return [rule.info for rule in load_ruleset([default_rules_dir()], schema).rules]


def finding(rules: list[RuleInfo], number: int, source: str) -> Finding:
    rule = rules[number % len(rules)]
    message = MESSAGES[number % len(MESSAGES)].format(GROUPS[number % len(GROUPS)])
    if number % 4 == 0:
        row = 2 + number % 900
        pointer = f"/equality_impacts/{row}/impact"
        where = Location(source, pointer, sheet="Impacts", cell=f"D{row}", row=row)
    else:
        where = Location(source, f"/equality/{number % 40}/impact", line=number % 999)
    waiver = None
    if number % 10 == 0:
        waiver = Waiver(rule.id, "P", "Agreed at board", "Chief Officer", "2030-01-01")
    return Finding(rule, rule.severity, message, where, waiver=waiver)


def synthetic_report(findings: int) -> Report:
    rules = bundled_rules()
    per_submission = -(-findings // SUBMISSIONS)
    results = []
    for index in range(SUBMISSIONS):
        first = index * per_submission
        numbers = range(first, min(first + per_submission, findings))
        source = f"submissions/project-{index:04}.json"
        found = tuple(finding(rules, n, source) for n in numbers)
        title = f"Project {index}: community hubs - phase {index % 3 + 1}"
        results.append(SubmissionResult(source, f"DF-{index:04}", title, found))
    return Report(
        results=tuple(results),
        rules=tuple(rules),
        tool_version="0.0.0",
        ruleset_name="bundled",
        ruleset_version="1",
        as_of="2021-09-01",
        provenance={"commit": "bench"},
    )


def old_xlsx() -> Renderer | None:
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", OLD_XLSX],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old_xlsx.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("old_xlsx", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except ImportError:  # it imports modules the layout has since moved
            return None
    return t.cast(Renderer, module.render)


def timed(render: Renderer, report: Report, runs: int) -> tuple[float, int]:
    output = render(report, RenderOptions())
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        output = render(report, RenderOptions())
        seconds.append(time.perf_counter() - start)
    size = len(output.encode("utf-8") if isinstance(output, str) else output)
    return statistics.median(seconds), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated format names")
    args = parser.parse_args()
    renderers: dict[str, Renderer] = dict(REPORTERS)
    old = old_xlsx()
    if old is not None:
        renderers["xlsx-openpyxl"] = old
    wanted = [name for name in args.only.split(",") if name] or list(renderers)
    report = synthetic_report(args.findings)
    print(f"{args.findings:,} findings, median of {args.runs} renders", flush=True)
    print(f"{'format':<14} {'seconds':>8} {'us/row':>8} {'bytes':>12}")
    for name in wanted:
        seconds, size = timed(renderers[name], report, args.runs)
        per_row = seconds / args.findings * 1e6
        print(f"{name:<14} {seconds:8.3f} {per_row:8.1f} {size:12,}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
