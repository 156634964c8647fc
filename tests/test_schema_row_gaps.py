"""Rows of a table with the same empty required fields are one finding, not one
per row: a table left blank, or a column left empty down a list."""

from __future__ import annotations

import copy
import json
import typing as t
from pathlib import Path

import openpyxl

from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure
from iia_checker.workbooks.convert import json_to_workbook

from .conftest import VALID_SAMPLE

AS_OF = ("--as-of", "2021-09-01")
TABLE = "Equality impacts: rows"


def _required(run: t.Callable[..., t.Any], path: Path) -> list[str]:
    report = run("check", str(path), *AS_OF, "--format", "json").json()
    return [
        f["message"]
        for s in report["submissions"]
        for f in s["findings"]
        if f["rule_id"] == "schema.required"
    ]


def _impacts_cleared(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    """A filled-in form whose equality impacts are as the template prefills them."""
    path = tmp_path / "form.xlsx"
    json_to_workbook([json.loads(VALID_SAMPLE.read_text())], path, "form")
    book = openpyxl.load_workbook(path)
    for row in book["EqualityImpacts"].iter_rows(min_row=2):
        for cell in row[1:]:
            cell.value = None
    return path, book


def test_the_blank_form_template_names_its_impacts_table_once(
    run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    assert run("template", "-o", str(path)).exit_code == 0
    impacts = [m for m in _required(run, path) if m.startswith("Equality impact")]
    assert impacts == [
        "Equality impacts: items 1-9 have required fields left empty:"
        " Impact (B2:B10) and Reasoning (F2:F10)"
    ]


def test_a_partly_filled_row_keeps_its_own_finding(
    run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    path, book = _impacts_cleared(tmp_path)
    book["EqualityImpacts"]["B5"].value = "Neutral"
    book.save(path)
    assert _required(run, path) == [
        "Equality impacts: items 1-3 and 5-9 have required fields left empty:"
        " Impact (B2:B4, B6:B10) and Reasoning (F2:F4, F6:F10)",
        "Equality impact 4, Reasoning is required but empty",
    ]


def test_one_blank_row_is_reported_as_before(
    run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    path, book = _impacts_cleared(tmp_path)
    filled = openpyxl.load_workbook(tmp_path / "form.xlsx")["EqualityImpacts"]
    for row in range(3, 11):
        for column in range(2, 10):
            source = filled.cell(row=row, column=column).value
            book["EqualityImpacts"].cell(row=row, column=column).value = source
    book.save(path)
    assert _required(run, path) == [
        "Equality impact 1: 2 required fields are empty: Impact (B2) and Reasoning (F2)"
    ]


def test_blank_items_of_a_json_submission_are_one_finding(
    schema: SubmissionSchema,
) -> None:
    data = json.loads(VALID_SAMPLE.read_text())
    impacts = data["equality_impacts"]
    data["equality_impacts"] = [
        {"characteristic": impacts[0]["characteristic"]},
        {},
        copy.deepcopy(impacts[2]),
        {"characteristic": impacts[3]["characteristic"], "severity": "low"},
    ]
    data["equality_impacts"][2].pop("description")
    submission = Submission("s.json", data, PlainLocator("s.json"))
    messages = [f.message for f in validate_structure(submission, schema)]
    # Items 1 and 4 leave the same fields empty; item 2 has other gaps.
    assert messages == [
        "Equality impacts: items 1 and 4 have required fields left empty:"
        " Impact and Reasoning",
        "Equality impact 2: 3 required fields are empty: Characteristic, Impact"
        " and Reasoning",
        "Equality impact 3, Reasoning is required but empty",
    ]


def test_a_field_left_empty_down_a_list_is_one_finding(
    schema: SubmissionSchema,
) -> None:
    """A longer evidence list without sources is one problem, not one per item."""
    data = json.loads(VALID_SAMPLE.read_text())
    items = [{**item} for item in data["evidence"]]
    for item in items:
        item.pop("source", None)
    data["evidence"] = items * 3
    for number, item in enumerate(data["evidence"]):
        item["id"] = f"E{number + 1}"
    submission = Submission("s.json", data, PlainLocator("s.json"))
    messages = [f.message for f in validate_structure(submission, schema)]
    assert messages == [
        f"Evidence: items 1-{len(items) * 3} have a required field left empty: Source"
    ]
