from __future__ import annotations

import datetime as dt
import json
import typing as t
from pathlib import Path

from jsonschema import Draft202012Validator

from iia_checker import check
from iia_checker.reporters import RenderOptions, text

from .conftest import DATA, ROOT, VALID_SAMPLE, Run

RunFn = t.Callable[..., Run]
AS_OF = ("--as-of", "2021-09-01")


def broken(valid: dict[str, t.Any]) -> dict[str, t.Any]:
    """The valid sample with one error: an unmitigated negative impact."""
    valid["equality_impacts"][1]["impact"] = "negative"
    valid["equality_impacts"][1]["action_ids"] = []
    valid["equality_impacts"][1].pop("justification", None)
    return valid


def test_a_clean_submission_exits_0(run: RunFn) -> None:
    result = run("check", str(VALID_SAMPLE), *AS_OF)
    assert result.exit_code == 0, result.stdout
    assert "Digital First: PASS   Hub and Spoke: PASS" in result.stdout
    assert result.stdout.rstrip().endswith("0 errors, 0 warnings, 0 info")


def test_findings_at_the_threshold_exit_1_and_say_what_to_fix(
    run: RunFn, valid_data: dict[str, t.Any], write_json: t.Callable[..., Path]
) -> None:
    path = write_json(broken(valid_data))
    result = run("check", str(path), *AS_OF)
    assert result.exit_code == 1
    assert "EQ-022" in result.stdout
    assert "Fix: " in result.stdout and "Basis: " in result.stdout
    assert "Digital First: FAIL" in result.stdout


def test_fail_on_and_ignore_change_the_gate(
    run: RunFn, valid_data: dict[str, t.Any], write_json: t.Callable[..., Path]
) -> None:
    path = str(write_json(broken(valid_data)))
    assert run("check", path, *AS_OF, "--ignore", "EQ-022").exit_code == 0
    assert run("check", path, *AS_OF, "--select", "EQ-02*").exit_code == 1


def test_unreadable_input_exits_3_and_the_others_are_still_checked(run: RunFn) -> None:
    result = run(
        "check",
        str(DATA / "json" / "truncated.json"),
        str(VALID_SAMPLE),
        *AS_OF,
        "-f",
        "json",
    )
    assert result.exit_code == 3
    report = result.json()
    assert [s["readable"] for s in report["submissions"]] == [False, True]
    assert report["submissions"][1]["project_id"] == "DF-2021-014"
    [problem] = report["submissions"][0]["findings"]
    assert problem["rule_id"] == "input.unreadable"
    assert problem["location"]["line"] == 4


def test_a_rule_file_error_exits_2_with_one_line_per_problem(
    run: RunFn, tmp_path: Path
) -> None:
    (tmp_path / "EQ-900.yaml").write_text("id: EQ-900\ntittle: x\n")
    result = run("check", str(VALID_SAMPLE), "--rules", str(tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"{tmp_path}/EQ-900.yaml:2: /tittle: unknown key" in result.stderr
    assert run("rules", "validate", "--rules", str(tmp_path)).exit_code == 2


def test_usage_errors_exit_2(run: RunFn) -> None:
    assert run("check", str(VALID_SAMPLE), "--as-of", "1/9/2021").exit_code == 2
    assert run("check", str(VALID_SAMPLE), "--format", "pdf").exit_code == 2
    assert run("explain", "EQ-999").exit_code == 2


def test_json_report_follows_its_schema_and_is_deterministic(
    run: RunFn, valid_data: dict[str, t.Any], write_json: t.Callable[..., Path]
) -> None:
    path = str(write_json(broken(valid_data)))
    first = run("check", path, str(VALID_SAMPLE), *AS_OF, "-f", "json")
    second = run("check", path, str(VALID_SAMPLE), *AS_OF, "-f", "json")
    assert first.stdout == second.stdout
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(first.json())) == []
    report = first.json()
    assert report["summary"]["gate"] == "fail"
    [finding] = [
        f for f in report["submissions"][0]["findings"] if f["rule_id"] == "EQ-022"
    ]
    assert finding["location"]["pointer"] == "/equality_impacts/1/action_ids"
    assert finding["location"]["line"] > 1
    assert finding["references"] and finding["remediation"]
    assert report["submissions"][0]["outcomes"]["EQ-022"] == "fail"


def test_output_file_is_written_and_stdin_is_read(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "r.json"
    result = run(
        "check",
        "-",
        *AS_OF,
        "-f",
        "json",
        "-o",
        str(out),
        stdin=VALID_SAMPLE.read_text(),
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    report = json.loads(out.read_text())
    assert report["submissions"][0]["source"] == "<stdin>"
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]


def test_folders_are_expanded_to_their_json_files(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.json").write_text(VALID_SAMPLE.read_text())
    (tmp_path / "notes.txt").write_text("not a submission")
    report = run("check", str(tmp_path), *AS_OF, "-f", "json").json()
    assert [s["source"] for s in report["submissions"]] == [
        str(tmp_path / "a" / "one.json")
    ]


def test_board_option_limits_rules_and_verdicts(run: RunFn) -> None:
    report = run(
        "check", str(VALID_SAMPLE), *AS_OF, "-f", "json", "--board", "hub-and-spoke"
    ).json()
    assert list(report["submissions"][0]["verdicts"]) == ["hub-and-spoke"]
    assert all("hub-and-spoke" in rule["boards"] for rule in report["rules"].values())


def test_rules_list_show_test_and_schema(run: RunFn) -> None:
    listed = run("rules", "list")
    assert listed.exit_code == 0 and "EQ-020" in listed.stdout
    assert run("rules", "show", "EQ-020").stdout.startswith("id: EQ-020")
    tested = run("rules", "test")
    assert tested.exit_code == 0
    assert " 0 failed" in tested.stdout.splitlines()[-1]
    assert (
        json.loads(run("schema").stdout)["properties"]["schema_version"]["const"]
        == "1.0"
    )
    assert "Condition" in json.loads(run("rules", "schema").stdout)["$defs"]


def test_rules_test_fails_when_an_example_misbehaves(
    run: RunFn, tmp_path: Path
) -> None:
    rule = (ROOT / "rules" / "psed" / "EQ-021.yaml").read_text()
    (tmp_path / "EQ-021.yaml").write_text(
        rule.replace(
            'description: "No impact."',
            'description: "No impact at all, we are entirely sure of it, none."',
        )
        + "overrides: EQ-021\n"
    )
    result = run("rules", "test", "--rules", str(tmp_path))
    assert result.exit_code == 1
    assert (
        "/examples/fail/0: expected the rule to fail on this example, but it gave pass"
        in result.stdout
    )


def test_explain_says_why_and_how_it_went(
    run: RunFn, valid_data: dict[str, t.Any], write_json: t.Callable[..., Path]
) -> None:
    path = str(write_json(broken(valid_data)))
    plain = run("explain", "EQ-022")
    assert (
        "Why it matters:" in plain.stdout
        and "What to do:" in plain.stdout
        and "Bracking" in plain.stdout
    )
    traced = run("explain", "eq-022", path, *AS_OF)
    assert "DF-2021-014: fail" in traced.stdout
    assert "/equality_impacts/1/action_ids" in traced.stdout


def test_help_documents_the_exit_codes(run: RunFn) -> None:
    text = run("check", "--help").stdout
    for code in ("0  no finding", "1  findings", "2  usage", "3  some input"):
        assert code in text


def test_rules_test_fails_a_message_that_fills_a_blank_with_not_given(
    run: RunFn, tmp_path: Path
) -> None:
    rule = (ROOT / "rules" / "actions" / "EQ-136.yaml").read_text()
    hedged = rule.split("check:")[0] + (
        "check: {field: publication.accessible_formats_on_request, equals: true}\n"
        "message: Accessible formats on request is {value}.\n"
        "examples:" + rule.split("\nexamples:")[1]
    ).replace(
        "    - publication: {publish: true, accessible_formats_on_request: false}",
        "    - publication: {publish: true}",
    )
    (tmp_path / "EQ-136.yaml").write_text(hedged)
    result = run("rules", "test", "--rules", str(tmp_path), "--no-bundled-rules")
    assert result.exit_code == 1
    assert "placeholder with no value" in result.stdout


def test_a_batch_report_opens_with_its_summary_and_ends_with_where_to_go_next(
    run: RunFn,
) -> None:
    result = run("check", str(ROOT / "samples" / "valid"), *AS_OF)
    lines = result.stdout.rstrip().splitlines()
    assert lines[0].startswith("Summary: 2 submissions checked")
    assert lines[-2] == lines[0]
    assert lines[-1].startswith("Checked with iia-checker ")
    assert "sha256" not in result.stdout.lower()
    # Not a terminal here: no tip. At a terminal the report ends with one.
    assert "Tip:" not in result.stdout
    report = check([ROOT / "samples" / "valid"], as_of=dt.date(2021, 9, 1))
    tip = text.render(report, RenderOptions(hints=True)).rstrip().splitlines()[-1]
    assert "--brief" in tip and "-f html -o report.html" in tip
    assert "iia-check serve" in tip
