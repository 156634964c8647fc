from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from iia_checker.model.findings import Severity
from iia_checker.reporters import REPORTERS, RenderOptions, github
from iia_checker.reporters.safe_text import github_message, github_property

from .reporter_cases import EQ1, EQ2, EQ3, json_finding, json_result, make_report


@pytest.fixture(autouse=True)
def no_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def lines() -> list[str]:
    text = REPORTERS["github"](make_report(), RenderOptions())
    assert isinstance(text, str)
    return text.splitlines()


def test_escaping_of_data_and_properties() -> None:
    assert github_message(["100%", "next: a, b"]) == "100%25%0Anext: a, b"
    assert github_message(["a\r\nb"]) == "a\u240d\u240ab"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25\u240a"


def test_annotations_carry_file_line_col_title_and_everything_else() -> None:
    first = lines()[0]
    assert first.startswith(
        "::error file=sub.json,line=10,col=5,title=EQ-001 Title of EQ-001::"
    )
    for part in (
        "Project: DF-1",
        "Pointer: /equality/0",
        "Duties: equality",
        "Fix: Fix EQ-001.",
        "Basis: EHRC guidance",
    ):
        assert part in first
    assert "\n" not in first and "%0A" in first


def test_errors_then_warnings_then_notices() -> None:
    kinds = [
        line.split(" ", 1)[0].split("::")[1]
        for line in lines()
        if line.startswith("::")
    ]
    assert kinds == ["error", "error", "error", "error", "warning", "notice"]
    assert "Waived (Agreed at board" in lines()[-1]


def test_workbook_findings_have_no_line_and_name_the_cell() -> None:
    [book] = [line for line in lines() if "book.xlsx" in line]
    assert book.startswith("::error file=book.xlsx,title=")
    assert "::Impacts!B7: Impact is blank." in book


def test_more_than_ten_of_a_kind_says_how_many_were_hidden() -> None:
    many = [json_finding(EQ1, f"e{i}", f"/e/{i}", i + 1) for i in range(13)]
    many += [json_finding(EQ2, f"w{i}", f"/w/{i}", i + 1) for i in range(3)]
    many += [json_finding(EQ3, f"n{i}", f"/n/{i}", i + 1) for i in range(12)]
    result = dataclasses.replace(json_result(), findings=tuple(many))
    text = github.workflow_commands(make_report(result)).splitlines()
    assert sum(line.startswith("::error ") for line in text) == 10
    assert sum(line.startswith("::warning ") for line in text) == 3
    notices = [line for line in text if line.startswith("::notice ")]
    assert len(notices) == 10
    assert "3 more error annotations not shown" in notices[0]
    assert "4 more notice annotations not shown" in notices[1]
    assert sum(line.startswith("::notice file=") for line in text) == 8


def test_step_summary_is_appended_when_github_provides_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    REPORTERS["github"](make_report(), RenderOptions())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# IIA check")
    assert (
        "| sub.json | DF-1 | Booking &lt;online&gt; | 2 | 1 | 0 | 1 | FAIL | FAIL |"
        in text
    )
    assert "| DF-1 | warning | EQ-002 Title of EQ-002 |" in text
    assert "| broken.json |  |  | 1 | 0 | 0 | 0 | NOT CHECKED | NOT CHECKED |" in text


def test_step_summary_is_pure_and_bounded() -> None:
    assert github.step_summary(make_report()) == github.step_summary(make_report())
    huge = json_finding(EQ1, "x" * 2_000_000, "/big", 1)
    result = dataclasses.replace(json_result(), findings=(huge,))
    text = github.step_summary(make_report(result))
    assert len(text.encode("utf-8")) <= 1024 * 1024
    assert text.endswith("see the full report._\n")


def test_severity_mapping() -> None:
    assert github._KIND[Severity.INFO] == "notice"
