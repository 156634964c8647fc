"""Council rule packs layered on the bundled rules, and per-rule configuration."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import ROOT, Run

RunFn = t.Callable[..., Run]
AS_OF = ("--as-of", "2021-09-01")
DEFICIENT = ROOT / "samples" / "deficient" / "unmitigated-negative-impacts.json"
EQ022 = (ROOT / "rules" / "psed" / "EQ-022.yaml").read_text(encoding="utf-8")


def pack(tmp_path: Path, name: str = "council", **rules: str) -> Path:
    """A pack folder with ``ruleset.yaml`` and one file per rule id."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "ruleset.yaml").write_text(f"name: {name}\nversion: '2.1'\n")
    for rule_id, text in rules.items():
        (folder / f"{rule_id.replace('_', '-')}.yaml").write_text(text)
    return folder


def council_rule(new_id: str = "MC-001", extra: str = "") -> str:
    return EQ022.replace("id: EQ-022", f"id: {new_id}") + extra


def findings(report: dict[str, t.Any]) -> list[tuple[str, str]]:
    return sorted(
        {(f["rule_id"], f["severity"]) for f in report["submissions"][0]["findings"]}
    )


def test_a_pack_adds_its_rules_on_top_of_the_bundled_ones(
    run: RunFn, tmp_path: Path
) -> None:
    folder = pack(tmp_path, MC_001=council_rule())
    result = run("check", str(DEFICIENT), *AS_OF, "-f", "json", "--rules", str(folder))
    report = result.json()
    ids = {rule_id for rule_id, _ in findings(report)}
    outcomes = report["submissions"][0]["outcomes"]
    # The council's copy of EQ-022 runs; where it repeats EQ-022's finding about
    # the same absent answer it is recorded as suppressed (one absence, one finding).
    assert "EQ-022" in ids
    assert outcomes["MC-001"] in ("fail", "suppressed")
    assert "MC-001" in ids or "MC-001" in report["submissions"][0]["suppressed"]
    changes = report["provenance"]["rule_changes"]
    assert changes == [
        {
            "rule_id": "MC-001",
            "change": "added",
            "detail": "Negative impacts mitigated or justified",
            "source": "council",
        }
    ]
    assert [p["name"] for p in report["provenance"]["packs"]] == [
        "midlothian-iia",
        "council",
    ]
    assert [p["bundled"] for p in report["provenance"]["packs"]] == [True, False]


def test_the_same_id_without_overrides_is_an_error_that_says_what_to_write(
    run: RunFn, tmp_path: Path
) -> None:
    folder = pack(tmp_path, EQ_022=EQ022)
    result = run("check", str(DEFICIENT), "--rules", str(folder))
    assert result.exit_code == 2
    assert "add `overrides: EQ-022` to this file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["rule file", "ruleset.yaml"])
def test_a_pack_overrides_a_bundled_rule_when_it_says_so(
    run: RunFn, tmp_path: Path, how: str
) -> None:
    text = EQ022.replace("severity: error", "severity: warning")
    if how == "rule file":
        folder = pack(tmp_path, EQ_022=text + "overrides: EQ-022\n")
    else:
        folder = pack(tmp_path, EQ_022=text)
        (folder / "ruleset.yaml").write_text(
            "name: council\nversion: '2.1'\noverrides: [EQ-022]\n"
        )
    result = run("check", str(DEFICIENT), *AS_OF, "-f", "json", "--rules", str(folder))
    assert ("EQ-022", "warning") in findings(result.json())
    assert ("EQ-022", "error") not in findings(result.json())
    [change] = result.json()["provenance"]["rule_changes"]
    assert change["change"] == "overridden" and change["source"] == "council"
    listed = run("rules", "list", "--rules", str(folder))
    assert "EQ-022 overridden by council: replaces EQ-022 of midlothian-iia" in (
        listed.stdout
    )


def test_overriding_a_rule_that_does_not_exist_is_an_error(
    run: RunFn, tmp_path: Path
) -> None:
    folder = pack(tmp_path, MC_001=council_rule(extra="overrides: EQ-999\n"))
    result = run("rules", "validate", "--rules", str(folder))
    assert result.exit_code == 2
    assert "overrides EQ-999, but no pack below this one has a rule EQ-999" in (
        result.stderr
    )


def test_configuration_changes_a_severity_or_switches_a_rule_off_with_a_reason(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "iia-checker.toml").write_text(
        '[rule.EQ-022]\nseverity = "warning"\n'
        'reason = "Board agreed 2024-05: mitigation is reviewed at gate 2"\n'
        "[rule.EQ-021]\nenabled = false\n"
        'reason = "Covered by the council\'s own screening form"\n'
    )
    monkeypatch.chdir(tmp_path)
    report = run("check", str(DEFICIENT), *AS_OF, "-f", "json").json()
    assert ("EQ-022", "warning") in findings(report)
    assert "EQ-021" not in report["rules"]
    changes = {c["rule_id"]: c for c in report["provenance"]["rule_changes"]}
    assert changes["EQ-022"]["detail"].startswith("error -> warning: Board agreed")
    assert changes["EQ-021"]["change"] == "disabled"
    assert changes["EQ-022"]["source"] == "iia-checker.toml"
    listed = run("rules", "list", "-f", "json").json()
    assert "EQ-021" not in {r["id"] for r in listed["rules"]}
    assert {c["rule_id"] for c in listed["changes"]} == {"EQ-021", "EQ-022"}


def test_a_setting_for_an_unknown_rule_or_without_a_reason_is_an_error(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "iia-checker.toml"
    monkeypatch.chdir(tmp_path)
    config.write_text(
        '[rule.EQ-999]\nenabled = false\nreason = "No longer used here"\n'
    )
    result = run("check", str(DEFICIENT))
    assert result.exit_code == 2
    assert "[rule.EQ-999]: there is no rule EQ-999" in result.stderr
    config.write_text('[rule.EQ-022]\nseverity = "warning"\n')
    result = run("rules", "list")
    assert result.exit_code == 2
    assert "rule.EQ-022.reason" in result.stderr
    config.write_text('[rule.EQ-022]\nreason = "We looked at it and it is fine"\n')
    result = run("rules", "list")
    assert result.exit_code == 2
    assert "a reason alone changes nothing" in result.stderr


def test_without_the_bundled_rules_only_the_packs_run(
    run: RunFn, tmp_path: Path
) -> None:
    folder = pack(tmp_path, MC_001=council_rule())
    result = run(
        "check",
        str(DEFICIENT),
        *AS_OF,
        "-f",
        "json",
        "--no-bundled-rules",
        "--rules",
        str(folder),
    )
    assert list(result.json()["rules"]) == ["MC-001"]
    assert run("check", str(DEFICIENT), "--no-bundled-rules").exit_code == 2


def test_a_pack_is_validated_tested_and_documented_on_its_own(
    run: RunFn, tmp_path: Path
) -> None:
    folder = pack(tmp_path, MC_001=council_rule(), MC_002=council_rule("MC-002"))
    validated = run("rules", "validate", "--rules", str(folder))
    assert validated.stdout == "2 rules valid (council 2.1)\n"
    tested = run("rules", "test", "--rules", str(folder))
    assert tested.exit_code == 0
    assert tested.stdout.endswith("2 passed, 0 failed (4 examples)\n")
    docs = run("rules", "docs", "--rules", str(folder)).stdout
    assert "# Rule catalogue: council 2.1" in docs
    assert "MC-002" in docs and "EQ-022" not in docs


def test_rules_and_explain_read_the_configuration(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = pack(tmp_path, MC_001=council_rule())
    (tmp_path / "iia-checker.toml").write_text('rules = ["council"]\n')
    monkeypatch.chdir(tmp_path)
    assert "MC-001" in run("rules", "list").stdout
    assert run("rules", "validate").stdout == "1 rules valid (council 2.1)\n"
    assert "MC-001: Negative impacts" in run("explain", "MC-001").stdout
    assert folder.is_dir()


def test_a_pack_naming_the_bundled_folder_again_does_not_clash(run: RunFn) -> None:
    result = run("rules", "validate", "--rules", str(ROOT / "rules"))
    assert result.exit_code == 0
    bundled = len(list((ROOT / "rules").rglob("EQ-*.yaml")))
    assert result.stdout.startswith(f"{bundled} rules valid")


def stub_rule(rule_id: str, overrides: str | None, pack: str) -> t.Any:
    from types import SimpleNamespace

    return SimpleNamespace(
        info=SimpleNamespace(id=rule_id, title=f"{rule_id} title"),
        definition=SimpleNamespace(overrides=overrides),
        source=f"{pack}/{rule_id}.yaml",
        lines={},
    )


IDS = st.sampled_from(["EQ-001", "EQ-002", "EQ-003", "MC-001"])
PACK = st.dictionaries(IDS, st.booleans(), max_size=4)


@given(st.lists(PACK, min_size=1, max_size=4))
def test_layering_keeps_the_topmost_declared_rule_and_flags_every_clash(
    packs: list[dict[str, bool]],
) -> None:
    """Each pack maps rule ids to whether the file says ``overrides: <its id>``."""
    from iia_checker.ruleset.packs import Pack, PackInfo, layer

    built = [
        Pack(
            Path(f"p{depth}"),
            PackInfo(f"p{depth}", "1", "0" * 64),
            (),
            [
                stub_rule(i, i if declared else None, f"p{depth}")
                for i, declared in rules.items()
            ],
        )
        for depth, rules in enumerate(packs)
    ]
    done = layer(built)
    expected_problems = expected_overrides = 0
    owner: dict[str, int] = {}
    for depth, rules in enumerate(packs):
        for rule_id, declared in rules.items():
            below = rule_id in owner
            if declared != below:
                expected_problems += 1  # overrides nothing, or an undeclared clash
                continue
            expected_overrides += declared
            owner[rule_id] = depth
    assert len(done.problems) == expected_problems
    assert {i: r.source for i, r in done.rules.items()} == {
        i: f"p{depth}/{i}.yaml" for i, depth in owner.items()
    }
    assert {i: info.name for i, info in done.origin.items()} == {
        i: f"p{depth}" for i, depth in owner.items()
    }
    changes = [c.change for c in done.changes]
    assert changes.count("overridden") == expected_overrides
