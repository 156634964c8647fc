"""Waived, new and unchanged findings are marked in every human format, and the
counts keep them apart; batch counts per rule and per board add up."""

from __future__ import annotations

import csv
import io
import json
import typing as t
from pathlib import Path

import openpyxl
import pytest

from .conftest import ROOT, SAMPLES, Run

RunFn = t.Callable[..., Run]
AS_OF = ("--as-of", "2021-09-01")
KNOWN = ROOT / "samples" / "deficient" / "unmitigated-negative-impacts.json"
FRESH = ROOT / "samples" / "deficient" / "digital-only-service.json"


@pytest.fixture
def marked(run: RunFn, tmp_path: Path) -> t.Callable[..., Run]:
    """Check KNOWN (in the baseline, one rule waived) and FRESH (not in it)."""
    baseline = tmp_path / "baseline.json"
    run("baseline", "create", str(baseline), str(KNOWN), *AS_OF)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - rule: EQ-022\n    project: HS-2021-019\n"
        "    reason: Mitigation agreed with the provider, plan due in October.\n"
        "    approved_by: Head of Adult Services\n    expires: 2022-03-31\n"
    )

    def check(*args: str) -> Run:
        return run(
            "check",
            str(KNOWN),
            str(FRESH),
            *AS_OF,
            "--baseline",
            str(baseline),
            "--new-only",
            "--waivers",
            str(waivers),
            *args,
        )

    return check


def test_the_summary_line_separates_waived_new_and_unchanged(
    marked: t.Callable[..., Run],
) -> None:
    result = marked("-f", "json")
    marks = result.json()["summary"]["marks"]
    assert marks["waived"] == 2 and marks["new"] > 0 and marks["unchanged"] > 0
    [line] = result.stderr.splitlines()
    assert line.endswith(
        f"({marks['new']} new, {marks['unchanged']} unchanged since the baseline;"
        " 2 waived)"
    )


def test_text_and_markdown_mark_each_finding(marked: t.Callable[..., Run]) -> None:
    text = marked("-f", "text").stdout
    assert "error   [waived] EQ-022" in text
    assert "Waived: Mitigation agreed" in text
    assert "[new] " in text and "[unchanged] " in text
    summary = [line for line in text.splitlines() if line.startswith("Summary: ")]
    assert "unchanged since the baseline; 2 waived)" in summary[-1]
    markdown = marked("-f", "markdown").stdout
    assert "error (waived: Mitigation agreed" in markdown
    assert " (new) |" in markdown and " (unchanged) |" in markdown


def test_tables_carry_the_mark_in_their_status_column(
    marked: t.Callable[..., Run], tmp_path: Path
) -> None:
    rows = list(
        csv.DictReader(io.StringIO(marked("-f", "csv").stdout.lstrip("\ufeff")))
    )
    assert {row["Status"] for row in rows} == {"waived", "fail, new", "fail, unchanged"}
    book = tmp_path / "r.xlsx"
    marked("-o", f"xlsx:{book}")
    sheet = openpyxl.load_workbook(book)["Findings"]
    column = [c.value for c in sheet[1]].index("Status")
    assert {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "waived",
        "fail, new",
        "fail, unchanged",
    }
    html = marked("-f", "html").stdout
    assert '<span class="badge fail-new">fail, new</span>' in html
    assert '<span class="badge fail-unchanged">fail, unchanged</span>' in html
    assert '<span class="badge waived">waived</span>' in html


def test_ci_formats_do_not_gate_on_what_is_known(marked: t.Callable[..., Run]) -> None:
    github = marked("-f", "github").stdout
    unchanged = [line for line in github.splitlines() if "Unchanged since" in line]
    assert unchanged and all(line.startswith("::notice") for line in unchanged)
    assert any(
        line.startswith("::error") and "New since the baseline" in line
        for line in github.splitlines()
    )
    junit = marked("-f", "junit").stdout
    assert "unchanged since the baseline (not gating with --new-only)" in junit
    assert "Waived: Mitigation agreed" in junit


def test_counts_per_rule_and_per_board_add_up(run: RunFn) -> None:
    inputs = sorted(str(p) for p in (SAMPLES / "deficient").glob("*.json"))
    report = run("check", *inputs, *AS_OF, "-f", "json").json()
    checked = report["summary"]["submissions"]
    by_rule = report["counts"]["by_rule"]
    for rule_id in report["rules"]:
        counts = by_rule[rule_id]
        statuses = ("pass", "fail", "not-applicable", "error", "suppressed")
        ran = sum(counts[k] for k in statuses)
        assert ran == checked, rule_id
    every = [f for s in report["submissions"] for f in s["findings"]]
    assert sum(c["findings"] for c in by_rule.values()) == len(every)
    for board, counts in report["counts"]["by_board"].items():
        assert counts["fail"] == report["summary"]["failing_by_board"][board]
        assert sum(counts.values()) == len(report["submissions"])


def test_the_json_report_matches_its_schema_with_marks_and_counts(
    marked: t.Callable[..., Run],
) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    Draft202012Validator(schema).validate(marked("-f", "json").json())


def test_counting_by_columns_agrees_with_counting_each_outcome(run: RunFn) -> None:
    import dataclasses
    import datetime as dt
    from collections import Counter

    from iia_checker import check
    from iia_checker.model.tally import rule_counts

    report = check(
        [SAMPLES / "deficient", SAMPLES / "valid"], as_of=dt.date(2021, 9, 1)
    )
    # Copies that are equal but not shared, as from a pool that pickles by value.
    copies = [
        dataclasses.replace(
            r, outcomes=tuple(dataclasses.replace(o) for o in r.outcomes)
        )
        for r in report.results
    ]
    mixed = dataclasses.replace(report, results=(*report.results, *copies))
    slow = Counter(
        (o.rule.id, o.status.value) for r in mixed.results for o in r.outcomes
    )
    fast = rule_counts(mixed)
    for rule_id, counts in fast.items():
        for status in ("pass", "fail", "not-applicable", "error"):
            assert counts[status] == slow[rule_id, status], (rule_id, status)
