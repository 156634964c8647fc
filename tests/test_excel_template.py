from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.load import load

from .conftest import SAMPLES


def test_form_template_has_help_dropdowns_and_the_nine_characteristics(
    run, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    assert run("template", "--layout", "form", "-o", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    assert (
        book.sheetnames[0] == "Instructions" and book["Lists"].sheet_state == "hidden"
    )
    impacts = book["EqualityImpacts"]
    characteristics = [impacts.cell(row=r, column=1).value for r in range(2, 11)]
    assert characteristics[:4] == [
        "Age",
        "Disability",
        "Gender reassignment",
        "Marriage and civil partnership",
    ]
    assert impacts.freeze_panes == "A2"
    rules = {dv.promptTitle: dv for dv in impacts.data_validations.dataValidation}
    assert rules["Impact"].type == "list" and "Mixed" in str(rules["Impact"].formula1)
    project = book["Project"]
    kinds = {dv.promptTitle: dv.type for dv in project.data_validations.dataValidation}
    assert kinds["Decision date"] == "date" and kinds["Strategic decision"] == "list"
    assert kinds["People affected: Estimated numbe"] == "whole"
    long_lists = [
        dv.formula1
        for ws in book
        for dv in ws.data_validations.dataValidation
        if "Lists" in str(dv.formula1)
    ]
    assert long_lists
    help_texts = [str(row[2].value) for row in project.iter_rows(min_row=2)]
    assert not any("True if" in text or "null" in text for text in help_texts)
    assert any(text.endswith("Choose Yes or No.") for text in help_texts)
    assert any(text.endswith("leave blank if not known.") for text in help_texts)
    dropdowns = " ".join(
        str(dv.formula1) for ws in book for dv in ws.data_validations.dataValidation
    )
    assert "_" not in dropdowns.replace("Lists", "")
    lists = book["Lists"]
    offered = {str(c.value) for row in lists.iter_rows() for c in row if c.value}
    assert "None of the above" in offered and "none_of_the_above" not in offered
    (blank,) = load(path.read_bytes(), "form.xlsx", Limits())
    assert blank.data["schema_version"] == "1.0"
    assert len(blank.data["equality_impacts"]) == 9


def test_register_template_reads_as_an_empty_register(run, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    assert run("template", "--layout", "register", "-o", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book["Projects"][1]]
    assert headers[0] == "Project ID" and "Assessment: Stage" in headers
    assert len(headers) == len(set(headers))
    assert book["Participants"]["A1"].value == "Project id"
    outcome = run("check", str(path), "--as-of", "2021-09-01")
    assert outcome.exit_code == 3 and "lists no projects" in outcome.stdout


def test_json_skeleton_has_every_section(run) -> None:
    skeleton = json.loads(run("template", "--format", "json").stdout)
    assert skeleton["schema_version"] == "1.0"
    assert skeleton["project"]["lead_officer"] == {
        "name": "",
        "job_title": "",
        "email": "",
    }
    assert skeleton["equality_impacts"][0]["action_ids"] == []
    assert "publication" in skeleton


def test_convert_both_ways_on_the_command_line(run, tmp_path: Path) -> None:
    sample = SAMPLES / "valid" / "digital-appointments.json"
    book = tmp_path / "a.xlsx"
    one = run("convert", str(sample), str(book))
    assert one.exit_code == 0 and f"wrote {book} (form, 1 submission)" in one.stderr
    back = run("convert", str(book), "-")
    assert back.exit_code == 0 and json.loads(back.stdout) == json.loads(
        sample.read_text()
    )
    register = tmp_path / "r.xlsx"
    strategy = SAMPLES / "valid" / "digital-strategy.json"
    two = run("convert", str(sample), str(strategy), str(register))
    assert two.exit_code == 0 and "(register, 2 submissions)" in two.stderr
    assert len(json.loads(run("convert", str(register), "-").stdout)) == 2


def test_committed_sample_workbooks_check_as_expected(run) -> None:
    assert (
        run(
            "check", str(SAMPLES / "digital-appointments.xlsx"), "--as-of", "2021-09-01"
        ).exit_code
        == 0
    )
    assert (
        run(
            "check", str(SAMPLES / "valid-register.xlsx"), "--as-of", "2021-09-01"
        ).exit_code
        == 0
    )
    deficient = run(
        "check", str(SAMPLES / "deficient-form.xlsx"), "--as-of", "2021-09-01"
    )
    assert deficient.exit_code == 1
    assert "deficient-form.xlsx!Actions!E2" in deficient.stdout
    assert '"maybe" is not yes or no' in deficient.stdout
