from __future__ import annotations

import io
import json
import subprocess
import sys
import typing as t
import zipfile
from pathlib import Path

import openpyxl
import pytest

from iia_checker.limits import Limits
from iia_checker.loaders import load
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.load import load as load_workbook

from .conftest import DATA, SAMPLES

XLSX = DATA / "xlsx"
APPOINTMENTS = json.loads((SAMPLES / "valid" / "digital-appointments.json").read_text())
STRATEGY = json.loads((SAMPLES / "valid" / "digital-strategy.json").read_text())


def read(path: Path) -> list[t.Any]:
    return load_workbook(path.read_bytes(), path.name, Limits())


def test_libreoffice_saved_form_and_register_give_the_samples_back() -> None:
    (form,) = read(XLSX / "lo-form.xlsx")
    assert form.data == APPOINTMENTS and form.problems == ()
    register = read(XLSX / "lo-register.xlsx")
    assert [s.data for s in register] == [APPOINTMENTS, STRATEGY]
    assert {s.source for s in register} == {"lo-register.xlsx"}


def test_a_messy_form_saved_by_libreoffice_is_read_tolerantly() -> None:
    (form,) = read(XLSX / "messy-form.xlsx")
    assert (
        form.data["project"]["id"] == APPOINTMENTS["project"]["id"]
    )  # "project_id:" label
    assert form.data["project"]["decision_date"] == "2021-09-01"  # typed 01/09/2021
    assert (
        form.data["engagement"]["activities"][0]["participants"] == 15
    )  # =10+5, cached
    assert form.data["evidence"] == APPOINTMENTS["evidence"]  # title row, blank row
    found = sorted(
        (p.rule_id, p.severity.value, p.location.sheet, p.location.cell)
        for p in form.problems
    )
    assert found == [
        ("input.unknown-column", "info", "Evidence", "K2"),
        ("input.unknown-column", "info", "Scratch", None),
    ]


def test_a_formula_without_a_cached_value_is_a_finding() -> None:
    (form,) = read(XLSX / "messy-form-openpyxl.xlsx")
    (formula,) = [p for p in form.problems if p.rule_id == "input.formula"]
    assert (
        formula.location.cell == "E2"
        and formula.location.sheet == "EngagementActivities"
    )
    assert formula.location.pointer == "/engagement/activities/0/participants"
    assert "participants" not in form.data["engagement"]["activities"][0]


def test_every_pointer_maps_to_its_cell_and_missing_fields_fall_back(
    valid_data, tmp_path
) -> None:
    from iia_checker.workbooks.convert import json_to_workbook

    del valid_data["evidence"][2]["url"]
    path = tmp_path / "form.xlsx"
    json_to_workbook([valid_data], path)
    (form,) = read(path)
    where = form.locate("/equality_impacts/1/action_ids/0")
    assert (where.sheet, where.cell, where.row, where.field) == (
        "EqualityImpacts",
        "H3",
        3,
        "Action IDs",
    )
    lead = form.locate("/project/lead_officer/name")
    assert (
        (lead.sheet, lead.field) == ("Project", "Lead officer name")
        and lead.cell
        and lead.cell.startswith("B")
    )
    missing = form.locate("/evidence/2/url")  # empty cell in an existing column
    assert (missing.sheet, missing.cell) == ("Evidence", "E4")
    assert form.locate("/evidence/2/no_such").row == 4


def register_with_bad_row(tmp_path: Path) -> Path:
    from iia_checker.workbooks.convert import json_to_workbook

    path = tmp_path / "register.xlsx"
    json_to_workbook([APPOINTMENTS, STRATEGY], path, "register")
    book = openpyxl.load_workbook(path)
    projects = book["Projects"]
    headers = [c.value for c in projects[1]]
    projects.cell(
        row=3, column=headers.index("Project: Decision date") + 1
    ).value = "2021-13-01"
    actions = book["Actions"]
    actions.append(["NO-SUCH-PROJECT", "A9"])
    book.save(path)
    return path


def test_one_bad_row_in_a_register_is_a_finding_for_that_project_only(
    tmp_path, run
) -> None:
    path = register_with_bad_row(tmp_path)
    first, second = read(path)
    assert [p.rule_id for p in second.problems] == ["input.cell-value"]
    assert (
        second.problems[0].location.cell is not None
        and second.problems[0].location.row == 3
    )
    assert [p.rule_id for p in first.problems] == ["input.orphan-row"]
    assert first.data == APPOINTMENTS
    report = run("check", str(path), "--as-of", "2021-09-01", "--format", "json").json()
    results = report["results"] if "results" in report else report["submissions"]
    assert len(results) == 2


def test_the_schema_does_not_report_again_what_reading_reported(tmp_path, run) -> None:
    path = register_with_bad_row(tmp_path)
    out = run("check", str(path), "--as-of", "2021-09-01").stdout
    assert "2021-13-01" in out and "schema.format" not in out


def test_missing_required_column_is_reported_once(tmp_path) -> None:
    from iia_checker.workbooks.convert import json_to_workbook

    path = tmp_path / "form.xlsx"
    json_to_workbook([APPOINTMENTS], path)
    book = openpyxl.load_workbook(path)
    book["Actions"].delete_cols(2)  # Action (the description)
    book.save(path)
    (form,) = read(path)
    (missing,) = [p for p in form.problems if p.rule_id == "input.missing-column"]
    assert missing.location.pointer == "/actions/*/description"


def zip_bytes(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Project" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def hostile(sheet_data: str, prolog: str = "") -> bytes:
    sheet = (
        f'{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": WORKBOOK,
            "xl/_rels/workbook.xml.rels": RELS,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


SPARSE = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
)


def test_a_sparse_far_cell_is_refused_before_calamine_sees_it() -> None:
    # This 2 KB file kills python-calamine with SIGABRT; run in a child to be safe.
    raw = hostile(SPARSE)
    assert len(raw) < 2048
    code = (
        "import sys; from iia_checker.loaders.xlsx.load import load;"
        "from iia_checker.limits import Limits\n"
        "try: load(sys.stdin.buffer.read(), 'x.xlsx', Limits())\n"
        "except Exception as exc: print(type(exc).__name__, exc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=raw, capture_output=True, timeout=60
    )
    assert done.returncode == 0
    assert b"FileProblem" in done.stdout and b"row 1,048,576" in done.stdout


def test_rows_without_references_are_counted() -> None:
    with pytest.raises(FileProblem, match="limits"):
        load_workbook(
            hostile("<row><c><v>1</v></c></row>" * 30), "x", Limits(max_sheet_rows=20)
        )


def test_entities_are_refused() -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]>'
    with pytest.raises(FileProblem, match="DTD"):
        load_workbook(hostile("", prolog=bomb), "x", Limits())


ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\0" * 100
    + "EncryptionInfo".encode("utf-16-le")
)


@pytest.mark.parametrize(
    ("raw", "rule", "words"),
    [
        (
            (XLSX / "tiny.xls").read_bytes(),
            "input.unsupported",
            "old Excel 97-2003 (.xls)",
        ),
        ((XLSX / "tiny.ods").read_bytes(), "input.unsupported", "OpenDocument (.ods)"),
        (b"id,title\nDF-1,x\n", "input.unsupported", "CSV"),
        (b"<html><body>export</body></html>", "input.unsupported", "web page"),
        (ENCRYPTED, "input.unreadable", "password-protected"),
        (b"PK\x03\x04truncated", "input.unreadable", "damaged or truncated"),
        (b"", "input.unreadable", "empty"),
    ],
)
def test_other_files_named_xlsx_are_one_clear_finding(
    tmp_path, raw: bytes, rule: str, words: str
) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(raw)
    outcome = load(str(path), Limits())
    (finding,) = outcome.problems
    assert (finding.rule_id, finding.location.file) == (rule, str(path))
    assert words in finding.message


def test_checking_json_never_imports_excel_libraries() -> None:
    code = (
        "import sys\n"
        "from iia_checker.cli import cli\n"
        f"args = ['check', {str(SAMPLES / 'valid' / 'digital-appointments.json')!r}, '--as-of', '2021-09-01']\n"
        # cli.main, not the console script's main(), which ends the process.
        "try: cli.main(args, standalone_mode=False)\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'python_calamine')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_xlsm_is_read_as_a_workbook(tmp_path) -> None:
    path = tmp_path / "macro.xlsm"
    path.write_bytes((XLSX / "lo-form.xlsx").read_bytes())
    (form,) = load(str(path), Limits()).submissions
    assert form.data == APPOINTMENTS
