"""``iia-check diff``: new, fixed and still failing findings between two reports."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from iia_checker.run.report_diff import Entry, Findings, compare

from .conftest import ROOT, Run

RunFn = t.Callable[..., Run]
DEFICIENT = ROOT / "samples" / "deficient" / "unmitigated-negative-impacts.json"
OTHER = ROOT / "samples" / "deficient" / "digital-only-service.json"


def report(run: RunFn, path: Path, *inputs: Path, as_of: str = "2021-09-01") -> Path:
    run("check", *map(str, inputs), "--as-of", as_of, "-q", "-o", f"json:{path}")
    return path


def test_a_fix_and_a_new_overdue_action_are_listed_per_project(
    run: RunFn, tmp_path: Path
) -> None:
    data = json.loads(DEFICIENT.read_text(encoding="utf-8"))
    data["equality_impacts"][0]["justification"] = (
        "Proportionate to the aim of safety, with a phased switchover and support."
    )
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    old = report(run, tmp_path / "old.json", DEFICIENT, OTHER)
    new = report(run, tmp_path / "new.json", edited, OTHER, as_of="2022-09-01")
    text = run("diff", str(old), str(new))
    assert text.exit_code == 1
    assert (
        "  fixed: error   EQ-022  The negative impact on age has no mitigating action"
        " and no justification." in text.stdout
    )
    assert "  new:   warning EQ-126  Action A1 was due on 2021-12-17" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("5 new, 1 fixed, 13 still failing")
    document = run("diff", str(old), str(new), "-f", "json").json()
    [telecare] = [p for p in document["projects"] if p["project"] == "HS-2021-019"]
    assert [e["pointer"] for e in telecare["fixed"]] == [
        "/equality_impacts/0/action_ids"
    ]
    assert document["totals"] == {
        "new": 5,
        "fixed": 1,
        "still_failing": 13,
        "projects": 2,
    }


def test_a_report_against_itself_has_nothing_new(run: RunFn, tmp_path: Path) -> None:
    same = report(run, tmp_path / "r.json", DEFICIENT)
    result = run("diff", str(same), str(same))
    assert result.exit_code == 0
    assert result.stdout.startswith("0 new, 0 fixed, ")


def test_a_file_that_is_not_a_report_is_a_one_line_error(
    run: RunFn, tmp_path: Path
) -> None:
    good = report(run, tmp_path / "r.json", DEFICIENT)
    for text, says in (("{", "not JSON"), ('{"a": 1}', "not an iia-check JSON report")):
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        result = run("diff", str(bad), str(good))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"iia-check: {bad}: {says}")
        assert "Traceback" not in result.stderr
    assert run("diff", str(tmp_path / "missing.json"), str(good)).exit_code == 2


def entries() -> st.SearchStrategy[Findings]:
    key = st.tuples(
        st.sampled_from(["EQ-001", "EQ-002", "schema.required"]),
        st.sampled_from(["/a", "/b/0", ""]),
    )
    per_project = st.dictionaries(key, st.just(None), max_size=6).map(
        lambda keys: {k: Entry(k[0], "error", k[1], "m") for k in keys}
    )
    return st.dictionaries(st.sampled_from(["P1", "P2", "P3"]), per_project, max_size=3)


@given(entries(), entries())
def test_new_fixed_and_still_failing_partition_both_reports(
    old: Findings, new: Findings
) -> None:
    forward = {d.project: d for d in compare(old, new, {})}
    backward = {d.project: d for d in compare(new, old, {})}
    assert forward.keys() == old.keys() | new.keys()
    for project, d in forward.items():
        after = set(new.get(project, {}).values())
        before = set(old.get(project, {}).values())
        assert set(d.new) | set(d.still_failing) == after
        # Entries here differ only by key, so those still failing are in both.
        assert set(d.fixed) | set(d.still_failing) == before
        assert not set(d.new) & set(d.still_failing)
        assert backward[project].new == d.fixed and backward[project].fixed == d.new
