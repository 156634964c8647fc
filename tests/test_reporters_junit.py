from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from iia_checker.reporters import REPORTERS, RenderOptions

from .reporter_cases import json_result, make_report


def parse(report: object = None) -> ET.Element:
    text = REPORTERS["junit"](report or make_report(), RenderOptions())  # type: ignore[arg-type]
    assert isinstance(text, str)
    return ET.fromstring(text.encode("utf-8"))


def case(suite: ET.Element, rule_id: str) -> ET.Element:
    [found] = [
        c for c in suite.iter("testcase") if c.get("name", "").startswith(rule_id + " ")
    ]
    return found


def test_one_suite_per_submission_and_counts_add_up() -> None:
    root = parse()
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["DF-1", "HS-2", "broken.json"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        for key, tag in (
            ("failures", "failure"),
            ("errors", "error"),
            ("skipped", "skipped"),
        ):
            assert suite.get(key) == str(
                sum(1 for c in cases if c.find(tag) is not None)
            )
    for key in ("tests", "failures", "errors", "skipped"):
        assert root.get(key) == str(sum(int(s.get(key, "")) for s in suites))
    assert (
        root.get("tests"),
        root.get("failures"),
        root.get("errors"),
        root.get("skipped"),
    ) == ("7", "3", "2", "2")


def test_testcases_per_rule_outcome() -> None:
    suite = parse().findall("testsuite")[0]
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == [f"EQ-00{i} Title of EQ-00{i}" for i in range(1, 6)]
    assert len(set(names)) == len(names)
    failure = case(suite, "EQ-001").find("failure")
    assert failure is not None
    assert failure.get("type") == "error"
    assert failure.get("message") == "The negative impact has no action. (and 1 more)"
    body = failure.text or ""
    for part in (
        "sub.json:10:5 /equality/0",
        "Fix EQ-001.",
        "Basis: EHRC guidance",
        "Duties: equality",
        "Boards: Digital First, Hub and Spoke",
    ):
        assert part in body
    assert case(suite, "EQ-001").get("classname") == "psed"


def test_not_applicable_and_waived_are_skipped_with_reason() -> None:
    suite = parse().findall("testsuite")[0]
    skipped = case(suite, "EQ-004").find("skipped")
    assert (
        skipped is not None
        and skipped.get("message") == "not applicable: `when` did not hold"
    )
    waived = case(suite, "EQ-003").find("skipped")
    assert waived is not None
    assert (waived.get("message") or "").startswith("waived: Agreed at board, 1 June")


def test_rule_errors_and_unreadable_inputs_are_errors() -> None:
    suites = parse().findall("testsuite")
    error = case(suites[0], "EQ-005").find("error")
    assert error is not None and "boom" in (error.get("message") or "")
    [unreadable] = suites[2].findall("testcase")
    error = unreadable.find("error")
    assert error is not None and error.get("type") == "input.unreadable"
    assert error.get("message") == "malformed JSON"


def test_control_characters_never_break_the_xml() -> None:
    result = json_result(title="bad \x00\x07 title")
    bad = dataclasses.replace(result.findings[0], message="value \x01\x1b end \ufffe")
    root = parse(
        make_report(dataclasses.replace(result, findings=(bad, *result.findings[1:])))
    )
    failure = case(root.findall("testsuite")[0], "EQ-001").find("failure")
    assert failure is not None
    # Shown, not obeyed (safe_text): control pictures, else the code point.
    assert (failure.get("message") or "").startswith("value \u2401\u241b end <U+FFFE>")
