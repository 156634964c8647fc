"""Forms filled in the way officers fill them: labels, odd spacing, commas, new lines."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import typing as t
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iia_checker.limits import Limits
from iia_checker.loaders import load
from iia_checker.loaders.xlsx.choices import lookup, parts
from iia_checker.loaders.xlsx.values import coerce
from iia_checker.resources import default_schema_path
from iia_checker.workbooks.convert import json_to_workbook

from .conftest import VALID_SAMPLE
from .ods_files import from_workbook, ods_bytes, table_xml

SCHEMA = json.loads(default_schema_path().read_text(encoding="utf-8"))
CHARACTERISTIC = SCHEMA["$defs"]["characteristic"]
BOARDS = {"type": "array", "items": SCHEMA["$defs"]["board"]}
PROJECT_ID = SCHEMA["properties"]["project"]["properties"]["id"]
AS_OF = ("--as-of", "2021-09-01")


@pytest.mark.parametrize(
    "typed",
    [
        "Marriage and civil partnership",
        "marriage and civil partnership",
        "  MARRIAGE AND CIVIL  PARTNERSHIP ",
        "marriage_civil_partnership",
        "Marriage civil partnership",
    ],
)
def test_a_label_or_a_code_in_any_case_and_spacing_is_the_code(typed: str) -> None:
    done = coerce(typed, CHARACTERISTIC)
    assert (done.value, done.problem) == ("marriage_civil_partnership", None)


@pytest.mark.parametrize(
    "typed",
    [
        "Digital First; Hub and Spoke",
        "Digital First, Hub and Spoke",
        "Digital First\nHub and Spoke",
        "digital_first,hub_and_spoke",
    ],
)
def test_a_list_cell_splits_on_semicolons_commas_and_new_lines(typed: str) -> None:
    assert coerce(typed, BOARDS).value == ["digital_first", "hub_and_spoke"]


def test_a_comma_inside_a_label_keeps_the_label_whole() -> None:
    labelled = next(
        node
        for node in _nodes(SCHEMA)
        if "one_council_working_with_you_for_you" in node.get("enum", [])
    )
    cell = "One council working with you, for you; Efficient and modern"
    value = coerce(cell, {"type": "array", "items": labelled}).value
    assert value == ["one_council_working_with_you_for_you", "efficient_and_modern"]


def test_a_comma_list_with_an_unknown_part_stays_one_value_for_the_schema() -> None:
    assert coerce("Digital First, Hub & Spoke", BOARDS).value == [
        "Digital First, Hub & Spoke"
    ]


@given(
    st.lists(st.sampled_from(sorted(BOARDS["items"]["x-labels"])), min_size=1),
    st.sampled_from([";", ",", "\n", " ; ", ", "]),
    st.booleans(),
)
def test_any_list_of_labels_or_codes_reads_back_as_its_codes(
    codes: list[str], separator: str, as_labels: bool
) -> None:
    labels = BOARDS["items"]["x-labels"]
    cell = separator.join(labels[c] if as_labels else c for c in codes)
    assert parts(cell, lookup(BOARDS["items"])) and coerce(cell, BOARDS).value == codes


def test_spaces_around_an_identifier_are_trimmed_with_a_note() -> None:
    done = coerce(" DF-2021-014 ", PROJECT_ID)
    assert done.value == "DF-2021-014" and done.problem is None
    assert done.note == 'the spaces before or after "DF-2021-014" were removed'


def _nodes(node: object) -> t.Iterator[dict[str, t.Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _nodes(child)
    elif isinstance(node, list):
        for child in node:
            yield from _nodes(child)


def _form(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = tmp_path / "form.xlsx"
    json_to_workbook([json.loads(VALID_SAMPLE.read_text())], path, "form")
    return path, openpyxl.load_workbook(path)


def _label_cell(book: openpyxl.Workbook, sheet: str, label: str) -> t.Any:
    for row in book[sheet].iter_rows():
        if row[0].value == label:
            return row[1]
    raise AssertionError(f"no {label} row in {sheet}")


def _findings(run: t.Callable[..., t.Any], path: Path) -> list[dict[str, t.Any]]:
    report = run("check", str(path), *AS_OF, "--format", "json").json()
    return [f for s in report["submissions"] for f in s["findings"]]


def test_a_form_typed_with_labels_and_odd_spacing_is_read_as_meant(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    _label_cell(book, "Project", "Project ID").value = " DF-2021-014 "
    _label_cell(book, "Project", "Boards").value = "Digital First, Hub and Spoke"
    _label_cell(book, "Project", "Proposal type").value = "service CHANGE"
    impacts = book["EqualityImpacts"]
    assert impacts["A5"].value in (
        "marriage_civil_partnership",
        "Marriage and civil partnership",
    )
    impacts["A5"].value = "Marriage and civil partnership"
    book.save(path)
    findings = _findings(run, path)
    assert not [f for f in findings if f["rule_id"].startswith("schema.")]
    [note] = [f for f in findings if f["rule_id"] == "input.cell-value"]
    assert note["severity"] == "info"
    assert note["message"] == (
        'Project ID: the spaces before or after "DF-2021-014" were removed'
    )


def test_a_merged_cell_is_read_for_each_row_and_reported_as_merged(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    actions = book["Actions"]
    headers = [cell.value for cell in actions[1]]
    column = headers.index("Owner") + 1
    owner = actions.cell(row=2, column=column).value
    actions.cell(row=3, column=column).value = None
    actions.merge_cells(start_row=2, end_row=3, start_column=column, end_column=column)
    book.save(path)
    findings = _findings(run, path)
    assert not [f for f in findings if f["rule_id"] == "schema.required"]
    [merged] = [f for f in findings if f["rule_id"] == "input.merged-cell"]
    letter = openpyxl.utils.get_column_letter(column)
    assert merged["severity"] == "warning"
    assert merged["message"].startswith(f"cells {letter}2 to {letter}3 are merged;")
    assert f'"{owner}" was read for each' in merged["message"]
    assert "Unmerge the cells" in merged["message"]


def test_a_partly_filled_section_lists_every_empty_required_cell_at_once(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    for label in ("Summary of change", "Service area", "Decision date"):
        _label_cell(book, "Project", label).value = None
    book.save(path)
    [missing] = [f for f in _findings(run, path) if f["rule_id"] == "schema.required"]
    message = missing["message"]
    assert message.startswith("Project: 3 required fields are empty: ")
    for label in ("Summary of change (B", "Service area (B", "Decision date (B"):
        assert label in message


def test_an_empty_access_sheet_names_its_cells_top_to_bottom(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    """A public digital service whose officer left the Access sheet blank: one
    finding, its cells in the order they are read, whatever the schema's order."""
    data = json.loads(VALID_SAMPLE.read_text())
    del data["access"]
    path = tmp_path / "form.xlsx"
    json_to_workbook([data], path, "form")
    [missing] = [f for f in _findings(run, path) if f["rule_id"] == "schema.required"]
    cells = re.findall(r"\(([A-Z]+)([0-9]+)\)", missing["message"])
    assert missing["message"].startswith("Access: 4 required fields are empty: ")
    rows = [int(row) for _, row in cells]
    assert len(rows) == 4 and rows == sorted(rows)
    assert missing["location"]["cell"] == "".join(cells[0])


def test_a_wrong_choice_in_a_cell_lists_the_labels_and_suggests_one(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    book["EqualityImpacts"]["A5"].value = "Marriage & civil"
    book.save(path)
    [wrong] = [f for f in _findings(run, path) if f["rule_id"] == "schema.enum"]
    assert wrong["message"].startswith("Equality impact 4, Characteristic is ")
    assert "Pregnancy and maternity" in wrong["message"]
    assert "pregnancy_maternity" not in wrong["message"]
    assert 'did you mean "Marriage and civil partnership"?' in wrong["message"]


def test_a_form_saved_as_ods_gives_the_same_submission(tmp_path: Path) -> None:
    path, book = _form(tmp_path)
    ods = tmp_path / "form.ods"
    ods.write_bytes(from_workbook(book))
    from_xlsx, from_ods = load(str(path), Limits()), load(str(ods), Limits())
    assert from_ods.problems == [] and len(from_ods.submissions) == 1
    assert from_ods.submissions[0].data == from_xlsx.submissions[0].data
    located = from_ods.submissions[0].locate("/equality_impacts/3/characteristic")
    assert (located.sheet, located.cell) == ("EqualityImpacts", "A5")


def test_a_register_saved_as_ods_gives_every_project(tmp_path: Path) -> None:
    register = tmp_path / "register.xlsx"
    strategy = VALID_SAMPLE.parent / "digital-strategy.json"
    datas = [json.loads(p.read_text()) for p in (VALID_SAMPLE, strategy)]
    json_to_workbook(datas, register, "register")
    ods = tmp_path / "register.ods"
    ods.write_bytes(from_workbook(openpyxl.load_workbook(register)))
    outcome = load(str(ods), Limits())
    assert [s.data for s in outcome.submissions] == datas


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (
            table_xml("Project", [["Project ID", "x"]], tail=False).replace(
                "<table:table-row>",
                '<table:table-row table:number-rows-repeated="200000">',
            ),
            "beyond the limits",
        ),
        (
            table_xml("Project", [["x"]], tail=False).replace(
                'office:value-type="string">',
                'office:value-type="string" table:number-columns-repeated="5000">',
            ),
            "beyond the limits",
        ),
    ],
)
def test_an_ods_whose_values_reach_past_the_limits_is_refused_before_reading(
    tmp_path: Path, table: str, words: str
) -> None:
    path = tmp_path / "far.ods"
    path.write_bytes(ods_bytes([table]))
    outcome = load(str(path), Limits())
    [problem] = outcome.problems
    assert problem.rule_id == "input.too-large" and words in problem.message


def test_an_ods_with_entities_is_refused(tmp_path: Path) -> None:
    data = ods_bytes([table_xml("Project", [["a"]])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    bomb = content.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", bomb)
    path = tmp_path / "bomb.ods"
    path.write_bytes(buffer.getvalue())
    [problem] = load(str(path), Limits()).problems
    assert "DTD or entities" in problem.message


def _ods_with(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize(
    ("parts", "says"),
    [
        # Two parts of one name: readers differ on which they take.
        ([("content.xml", b"<a/>"), ("content.xml", b"<b/>")], "two parts named"),
        # A DTD in a UTF-16 part: the same prolog check as for .xlsx parts.
        (
            [
                (
                    "content.xml",
                    '<?xml version="1.0" encoding="UTF-16"?>'
                    '<!DOCTYPE x [<!ENTITY a "a">]><x/>'.encode("utf-16"),
                )
            ],
            "declares a DTD or entities",
        ),
    ],
    ids=["duplicate-part", "utf16-dtd"],
)
def test_the_ods_guard_shares_the_xlsx_container_checks(
    tmp_path: Path, parts: list[tuple[str, bytes]], says: str
) -> None:
    path = tmp_path / "hostile.ods"
    path.write_bytes(_ods_with(parts))
    [problem] = load(str(path), Limits()).problems
    assert problem.rule_id.startswith("input.")
    assert says in problem.message


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("old.xls", "File > Save As"),
        ("binary.xlsb", "Excel Workbook (.xlsx)"),
        ("sheet.csv", "copy the values into the form template"),
        ("notes.txt", "Excel Workbook (.xlsx)"),
    ],
)
def test_other_spreadsheet_files_say_how_to_save_them_as_xlsx(
    tmp_path: Path, run: t.Callable[..., t.Any], name: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"a,b\n1,2\n")
    result = run("check", str(path), *AS_OF)
    assert result.exit_code == 3
    assert "input.unsupported" in result.stdout
    assert words in " ".join(result.stdout.split())
    assert "unsupported input type" not in result.stdout


def _libreoffice(source: Path, kind: str, tmp_path: Path) -> Path:
    """``source`` opened and saved again by LibreOffice as ``kind`` (xlsx or ods)."""
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    out = tmp_path / f"lo-{kind}"
    command = ["soffice", profile, "--headless", "--convert-to", kind]
    subprocess.run(
        [*command, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / f"{source.stem}.{kind}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_form_typed_by_hand_and_saved_by_libreoffice_reads_the_same(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    _label_cell(book, "Project", "Project ID").value = " DF-2021-014 "
    _label_cell(book, "Project", "Boards").value = "Digital First\nHub and Spoke"
    book["EqualityImpacts"]["A5"].value = "Marriage and civil partnership"
    book.save(path)
    expected = load(str(path), Limits()).submissions[0].data
    for kind in ("xlsx", "ods"):
        saved = _libreoffice(path, kind, tmp_path)
        outcome = load(str(saved), Limits())
        assert [s.data for s in outcome.submissions] == [expected], kind
        notes = [p.message for p in outcome.submissions[0].problems]
        assert notes == [
            'Project ID: the spaces before or after "DF-2021-014" were removed'
        ]
    report = run("check", str(saved), *AS_OF, "--format", "json").json()
    assert report["summary"]["findings"] == {"error": 0, "warning": 0, "info": 1}


def test_a_merged_cell_in_a_register_is_read_for_each_row_and_warned_once(
    tmp_path: Path,
) -> None:
    register = tmp_path / "register.xlsx"
    strategy = VALID_SAMPLE.parent / "digital-strategy.json"
    datas = [json.loads(p.read_text()) for p in (VALID_SAMPLE, strategy)]
    json_to_workbook(datas, register, "register")
    book = openpyxl.load_workbook(register)
    projects = book["Projects"]
    column = [c.value for c in projects[1]].index("Project: Service area") + 1
    datas[1]["project"]["service_area"] = datas[0]["project"]["service_area"]
    projects.cell(row=3, column=column).value = None
    projects.merge_cells(start_row=2, end_row=3, start_column=column, end_column=column)
    book.save(register)
    first, second = load(str(register), Limits()).submissions
    assert [first.data, second.data] == datas
    assert [p.rule_id for p in first.problems] == ["input.merged-cell"]
    assert second.problems == ()


def test_a_blank_form_names_each_empty_field_with_its_cell_or_sheet(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path = tmp_path / "blank.xlsx"
    assert run("template", "--layout", "form", "-o", str(path)).exit_code == 0
    findings = _findings(run, path)
    [assessment] = [
        f
        for f in findings
        if f["rule_id"] == "schema.required" and f["message"].startswith("Assessment:")
    ]
    assert "Stage (B2)" in assessment["message"]
    assert "Participants (Participants sheet)" in assessment["message"]
    sections = [
        f["message"].split(":")[0]
        for f in findings
        if f["rule_id"] == "schema.required"
    ]
    assert len(sections) == len(set(sections))  # one finding per section or row


def test_an_ods_form_converts_to_the_same_json(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    _, book = _form(tmp_path)
    ods = tmp_path / "form.ods"
    ods.write_bytes(from_workbook(book))
    result = run("convert", str(ods), "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(VALID_SAMPLE.read_text())


def test_notes_beside_the_answers_and_a_notes_column_are_left_alone(
    tmp_path: Path, run: t.Callable[..., t.Any]
) -> None:
    path, book = _form(tmp_path)
    project = book["Project"]
    project["D1"].value = "My notes"
    project["D3"].value = "check the title with the board clerk"
    actions = book["Actions"]
    notes = actions.max_column + 1
    actions.cell(row=1, column=notes).value = "Notes"
    actions.cell(row=2, column=notes).value = "owner agreed 3 May"
    book.save(path)
    findings = _findings(run, path)
    assert not [f for f in findings if f["severity"] == "error"]
    unknown = [f for f in findings if f["rule_id"] == "input.unknown-column"]
    assert [(f["severity"], f["location"]["sheet"]) for f in unknown] == [
        ("info", "Actions")
    ]
    assert unknown[0]["message"] == (
        'column "Notes" is not a field of this sheet; it was ignored'
    )
