"""XLSX and CSV reports: sheets, styles, determinism and formula safety."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import typing as t
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from iia_checker.model.a1 import column_letters
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.reporters.safe_text import spreadsheet as spreadsheet_text

from .conftest import Run
from .reporter_cases import EQ1, json_finding, json_result, make_report

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+3", "@SUM(4,4)", "\tx", "\rx"]


def xlsx(report: t.Any = None) -> bytes:
    data = REPORTERS["xlsx"](report or make_report(), RenderOptions())
    assert isinstance(data, bytes)
    return data


def csv_rows(report: t.Any = None) -> list[list[str]]:
    text = REPORTERS["csv"](report or make_report(), RenderOptions())
    assert isinstance(text, str) and text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_six_sheets_with_frozen_headers_filters_and_widths() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    assert book.sheetnames == [
        "Summary",
        "Findings",
        "Rules",
        "Counts by rule",
        "Counts by board",
        "Provenance",
    ]
    findings = book["Findings"]
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref == "A1:O7"
    assert (findings.column_dimensions["L"].width or 0) > 20
    assert [c.value for c in findings[1]][:5] == [
        "Project id",
        "Project title",
        "Rule id",
        "Rule title",
        "Severity",
    ]
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert summary[1] == [
        "sub.json",
        "DF-1",
        "Booking <online>",
        2,
        1,
        0,
        1,
        "FAIL",
        "FAIL",
    ]
    assert summary[3][-2:] == ["NOT CHECKED", "NOT CHECKED"]
    provenance = dict(
        t.cast(t.Any, book["Provenance"].iter_rows(min_row=2, values_only=True))
    )
    assert (
        provenance["Tool"] == "iia-checker 9.9.9" and provenance["commit"] == "abc123"
    )
    assert [row[0].value for row in book["Rules"].iter_rows(min_row=2)][
        -1
    ] == "input.unreadable"


def test_status_and_verdict_are_words_with_a_fill() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    row = {c.coordinate[0]: c for c in book["Findings"][4]}
    assert row["H"].value == "waived"
    assert row["H"].fill.fgColor.rgb == "00FFEB9C"
    assert str(row["O"].value).startswith(
        "Agreed at board, 1 June (approved by Chief Officer"
    )
    verdict = book["Summary"]["H2"]
    assert verdict.value == "FAIL" and verdict.fill.fgColor.rgb == "00FFC7CE"


def test_same_report_gives_the_same_bytes() -> None:
    assert xlsx() == xlsx()
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    assert book.properties.created.isoformat() == "2021-09-01T00:00:00"
    assert book.properties.modified == book.properties.created


def test_illegal_characters_are_shown_and_long_text_cut() -> None:
    bad = json_finding(EQ1, "a\x00b\x1bc" + "x" * 40_000, "/p", 1)
    report = make_report(dataclasses.replace(json_result(), findings=(bad,)))
    book = openpyxl.load_workbook(io.BytesIO(xlsx(report)))
    message = book["Findings"]["L2"].value
    assert message.startswith("a\u2400b\u241bc") and len(message) == 32_767


def dangerous_report() -> t.Any:
    findings = tuple(
        json_finding(EQ1, text, f"/p/{i}", i + 1) for i, text in enumerate(DANGEROUS)
    )
    result = dataclasses.replace(json_result(title=DANGEROUS[0]), findings=findings)
    return make_report(result)


def test_formula_like_messages_are_text_in_xlsx_and_prefixed_in_csv() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx(dangerous_report())))
    cells = [row[11] for row in book["Findings"].iter_rows(min_row=2)]
    # XML turns a stored CR into LF when read back; the apostrophe is what matters.
    expected = [("s", "'" + text.replace("\r", "\n")) for text in DANGEROUS]
    assert [(c.data_type, c.value) for c in cells] == expected
    messages = [row[11] for row in csv_rows(dangerous_report())[1:]]
    assert messages == ["'" + text for text in DANGEROUS]


@pytest.fixture
def hostile_submission(valid_data: dict[str, t.Any], tmp_path: Path) -> Path:
    valid_data["project"]["title"] = DANGEROUS[0]
    valid_data["project"]["service_area"] = "@SUM(1,1)"
    valid_data["project"]["proposal_type"] = "+cmd"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(valid_data, indent=2), encoding="utf-8")
    return path


def test_a_hostile_submission_stays_text_end_to_end(
    run: t.Callable[..., Run], hostile_submission: Path, tmp_path: Path
) -> None:
    book_path, csv_path = tmp_path / "r.xlsx", tmp_path / "r.csv"
    run(
        "check",
        str(hostile_submission),
        "--as-of",
        "2021-09-01",
        "-o",
        str(book_path),
        "-o",
        str(csv_path),
    )
    book = openpyxl.load_workbook(book_path)
    titles = {row[1] for row in book["Findings"].iter_rows(min_row=2)}
    assert {(c.data_type, c.value) for c in titles} == {("s", "'" + DANGEROUS[0])}
    summary_title = book["Summary"]["C2"]
    assert (summary_title.data_type, summary_title.value) == ("s", "'" + DANGEROUS[0])
    rows = list(
        csv.DictReader(
            io.StringIO(csv_path.read_text(encoding="utf-8-sig"), newline="")
        )
    )
    assert rows and {row["Project title"] for row in rows} == {"'" + DANGEROUS[0]}
    formulas = [
        c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []


def test_csv_quotes_every_field_and_has_one_row_per_finding() -> None:
    text = REPORTERS["csv"](make_report(), RenderOptions())
    assert isinstance(text, str)
    lines = text[1:].split("\r\n")
    assert lines[0].startswith('"Project id","Project title","Rule id"')
    assert all(line.startswith('"') for line in lines if line)
    assert len(csv_rows()) == 1 + 6


HOSTILE = [
    *DANGEROUS,
    "a\x00b\x0bc\x1bd",
    "Gàidhlig \u2013 \u201cquotes\u201d \u2713 \U0001d11e",
    "  leading spaces kept",
    'XML & <tags> "quoted"',
    "_x0041_ is not an A",
    "lone \ud800 surrogate",
    "=" + "x" * 40_000,
]


def hostile_messages() -> list[str]:
    """What a reader must find: safe text, CR read as LF (XML line-end rules)."""
    safe = [spreadsheet_text(text).replace("\r", "\n") for text in HOSTILE]
    return [text.replace("\ud800", "\ufffd") for text in safe]


def hostile_book() -> bytes:
    findings = tuple(
        json_finding(EQ1, text, f"/p/{i}", i + 1) for i, text in enumerate(HOSTILE)
    )
    return xlsx(make_report(dataclasses.replace(json_result(), findings=findings)))


def test_hostile_text_reads_back_as_text_in_openpyxl_and_calamine() -> None:
    data = hostile_book()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Findings"]
    cells = [row[11] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cell.value for cell in cells] == hostile_messages()
    assert len(str(cells[-1].value)) == 32_767
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name("Findings").to_python()
    assert [row[11] for row in rows[1:]] == hostile_messages()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_reads_the_same_workbook(tmp_path: Path) -> None:
    source = tmp_path / "report.xlsx"
    source.write_bytes(hostile_book())
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    command = ["soffice", profile, "--headless", "--convert-to", "xlsx"]
    out = tmp_path / "out"
    subprocess.run([*command, "--outdir", str(out), str(source)], check=True)
    ours = openpyxl.load_workbook(source)
    theirs = openpyxl.load_workbook(out / "report.xlsx")
    assert theirs.sheetnames == ours.sheetnames
    for name in ours.sheetnames:
        assert values(theirs[name]) == values(ours[name])
        assert theirs[name].auto_filter.ref == ours[name].auto_filter.ref
    assert theirs["Findings"]["H2"].fill.fgColor.rgb == "FFFFC7CE"


def values(sheet: t.Any) -> list[list[t.Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_every_part_is_xml_dated_as_of_and_declared() -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx())) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {
            (2021, 9, 1, 0, 0, 0)
        }
        parts = {name: ET.fromstring(archive.read(name)) for name in names}
    declared = {
        item.get("PartName")
        for item in parts["[Content_Types].xml"]
        if item.get("PartName")
    }
    assert declared == {f"/{name}" for name in names if not name.endswith(".rels")} - {
        "/[Content_Types].xml"
    }
    creator = parts["docProps/core.xml"].find(
        "{http://purl.org/dc/elements/1.1/}creator"
    )
    assert creator is not None and creator.text == "iia-checker"


def test_repeated_text_is_stored_once_as_a_shared_string() -> None:
    with zipfile.ZipFile(io.BytesIO(xlsx())) as archive:
        table = archive.read("xl/sharedStrings.xml").decode()
        findings = archive.read("xl/worksheets/sheet2.xml").decode()
    assert table.count("<t>Fix EQ-001.</t>") == 1
    assert '<c r="C2" t="s"><v>' in findings and "<f>" not in findings
    assert '<autoFilter ref="A1:O7"/>' in findings


def test_columns_fit_the_longest_line_up_to_60() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(hostile_book()))["Findings"]
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    assert widths["A"] == len("Project id") + 4
    assert widths["C"] == len("Rule id") + 4
    assert widths["L"] == 60
    assert widths["D"] == len("Title of EQ-001") + 2


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (14, "O"), (25, "Z"), (26, "AA"), (52, "BA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letters(index) == letters
