"""Configuration, profiles, waivers, baselines and provenance, end to end."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest

from .conftest import ROOT, VALID_SAMPLE, Run

RunFn = t.Callable[..., Run]
AS_OF = ("--as-of", "2021-09-01")
DEFICIENT = ROOT / "samples" / "deficient" / "unmitigated-negative-impacts.json"
PROJECT = "HS-2021-019"


def waiver_file(
    tmp_path: Path,
    expires: str = "2022-03-31",
    rule: str = "EQ-022",
    pointer: str | None = None,
) -> Path:
    path = tmp_path / "waivers.yaml"
    lines = [
        "waivers:",
        f"  - rule: {rule}",
        f"    project: {PROJECT}",
        "    reason: Mitigation agreed with the telecare provider, action plan due in October.",
        "    approved_by: Head of Adult Services",
        f"    expires: {expires}",
    ]
    if pointer:
        lines.append(f"    pointer: {pointer}")
    path.write_text("\n".join(lines) + "\n")
    return path


def eq022(report: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    return [f for f in report["submissions"][0]["findings"] if f["rule_id"] == "EQ-022"]


def test_a_waiver_marks_findings_waived_and_stops_them_gating(
    run: RunFn, tmp_path: Path
) -> None:
    plain = run("check", str(DEFICIENT), *AS_OF, "--select", "EQ-022", "-f", "json")
    assert plain.exit_code == 1
    waived = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "--select",
        "EQ-022",
        "-f",
        "json",
        "--waivers",
        str(waiver_file(tmp_path)),
    )
    assert waived.exit_code == 0
    findings = eq022(waived.json())
    assert findings and {f["status"] for f in findings} == {"waived"}
    assert findings[0]["waiver"]["approved_by"] == "Head of Adult Services"
    assert waived.json()["submissions"][0]["verdicts"]["hub-and-spoke"] == "pass"


def test_a_waiver_scoped_to_a_pointer_covers_only_that_place(
    run: RunFn, tmp_path: Path
) -> None:
    waivers = waiver_file(tmp_path, pointer="/equality_impacts/0")
    report = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "--select",
        "EQ-022",
        "-f",
        "json",
        "--waivers",
        str(waivers),
    ).json()
    statuses = {f["location"]["pointer"]: f["status"] for f in eq022(report)}
    assert statuses["/equality_impacts/0/action_ids"] == "waived"
    assert "fail" in statuses.values()


def test_an_expired_waiver_fails_and_says_when_it_expired(
    run: RunFn, tmp_path: Path
) -> None:
    result = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "--select",
        "EQ-022",
        "-f",
        "json",
        "--waivers",
        str(waiver_file(tmp_path, "2021-08-31")),
    )
    assert result.exit_code == 1
    assert all("expired on 2021-08-31" in f["message"] for f in eq022(result.json()))
    assert "expired on 2021-08-31" in result.stderr


def test_an_unused_waiver_is_reported_and_no_waivers_ignores_them(
    run: RunFn, tmp_path: Path
) -> None:
    waivers = waiver_file(tmp_path, rule="EQ-090")
    result = run(
        "check", str(DEFICIENT), *AS_OF, "-f", "json", "--waivers", str(waivers)
    )
    assert any("matched no finding" in n for n in result.json()["notices"])
    audit = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "--select",
        "EQ-022",
        "--waivers",
        str(waiver_file(tmp_path)),
        "--no-waivers",
    )
    assert audit.exit_code == 1


def test_a_malformed_waiver_file_names_the_entry(run: RunFn, tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "waivers:\n  - rule: EQ-022\n    project: X\n    expires: 2022-01-01\n    approved_by: Someone\n"
    )
    result = run("check", str(DEFICIENT), *AS_OF, "--waivers", str(path))
    assert result.exit_code == 2
    assert f"{path}:2: /waivers/0/reason: missing required key" in result.stderr


def test_baseline_gates_only_new_findings_and_ignores_order(
    run: RunFn, tmp_path: Path, valid_data: dict[str, t.Any]
) -> None:
    baseline = tmp_path / "baseline.json"
    created = run("baseline", "create", str(baseline), str(DEFICIENT), *AS_OF)
    assert created.exit_code == 0
    entries = json.loads(baseline.read_text())["entries"]
    assert {
        "rule": "EQ-022",
        "project": PROJECT,
        "pointer": "/equality_impacts/0/action_ids",
    } in entries
    same = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "--baseline",
        str(baseline),
        "--new-only",
        "-f",
        "json",
    )
    assert same.exit_code == 0
    assert {f["baseline_state"] for f in same.json()["submissions"][0]["findings"]} == {
        "unchanged"
    }
    data = json.loads(DEFICIENT.read_text())
    data["actions"] = list(reversed(data.get("actions", [])))
    data["monitoring"]["review_date"] = "2019-01-01"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data, indent=4))
    result = run(
        "check",
        str(edited),
        *AS_OF,
        "--baseline",
        str(baseline),
        "--new-only",
        "-f",
        "json",
    )
    states = {
        (f["rule_id"], f["baseline_state"])
        for f in result.json()["submissions"][0]["findings"]
    }
    assert ("EQ-022", "unchanged") in states
    assert any(state == "new" for _, state in states)
    assert result.exit_code == 1


def test_baseline_update_drops_fixed_entries(run: RunFn, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("baseline", "create", str(baseline), str(DEFICIENT), *AS_OF)
    before = len(json.loads(baseline.read_text())["entries"])
    data = json.loads(DEFICIENT.read_text())
    for impact in data["equality_impacts"]:
        impact["justification"] = (
            "Accepted: the switchover is required nationally by 2025; see A1."
        )
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(data))
    updated = run("baseline", "update", str(baseline), str(fixed), *AS_OF)
    assert updated.exit_code == 0 and "fixed and dropped" in updated.stdout
    after = json.loads(baseline.read_text())["entries"]
    assert len(after) < before
    assert not any(e["rule"] == "EQ-022" for e in after)


def test_configuration_is_found_walking_up_and_cli_overrides_it(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "iia-checker.toml").write_text(
        'profile = "ci-gate"\nas_of = 2021-09-01\nignore = ["EQ-022"]\n'
    )
    nested = tmp_path / "projects" / "2021"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    shown = run("config", "show")
    assert f"configuration file: {tmp_path / 'iia-checker.toml'}" in shown.stdout
    assert "min_severity   error  [profile ci-gate]" in shown.stdout
    assert f"ignore         EQ-022  [{tmp_path / 'iia-checker.toml'}]" in shown.stdout
    assert run("check", str(DEFICIENT)).exit_code == 0
    assert run("check", str(DEFICIENT), "--ignore", "EQ-000").exit_code == 1
    overridden = run("config", "show", "--fail-on", "warning")
    assert "fail_on        warning  [command line]" in overridden.stdout


def test_pyproject_table_is_read_and_unknown_keys_are_errors(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.iia-checker]\nprofiel = "ci-gate"\n'
    )
    monkeypatch.chdir(tmp_path)
    result = run("check", str(VALID_SAMPLE))
    assert result.exit_code == 2
    assert (
        'pyproject.toml: [tool.iia-checker] unknown key "profiel" (did you mean "profile"?)'
        in result.stderr
    )


def test_profiles_change_which_rules_run(run: RunFn) -> None:
    every = run("check", str(DEFICIENT), *AS_OF, "-f", "json").json()
    gate = run(
        "check", str(DEFICIENT), *AS_OF, "-f", "json", "--profile", "ci-gate"
    ).json()
    assert any(r["severity"] == "info" for r in every["rules"].values())
    assert {r["severity"] for r in gate["rules"].values()} == {"error"}
    assert run("check", str(DEFICIENT), "--profile", "nope").exit_code == 2


def test_provenance_records_hashes_of_everything_used(
    run: RunFn, tmp_path: Path
) -> None:
    import hashlib

    report = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "-f",
        "json",
        "--waivers",
        str(waiver_file(tmp_path)),
    ).json()
    record = report["provenance"]
    assert record["inputs"] == [
        {
            "path": str(DEFICIENT),
            "sha256": hashlib.sha256(DEFICIENT.read_bytes()).hexdigest(),
        }
    ]
    assert len(record["ruleset"]["sha256"]) == 64
    assert (
        record["waivers_sha256"]
        == hashlib.sha256((tmp_path / "waivers.yaml").read_bytes()).hexdigest()
    )
    assert record["as_of"] == "2021-09-01"
    assert "run_at" not in record


def test_committed_rule_docs_are_current(run: RunFn) -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == run("rules", "docs").stdout, (
        "run: iia-check rules docs -o docs/rules.md"
    )
