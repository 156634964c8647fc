"""Make the LibreOffice-saved fixtures (run by hand; needs `soffice` on PATH).

python tests/data/xlsx/make_fixtures.py  writes messy-form.xlsx and lo-*.xlsx here:
a form workbook edited as people do (a title row, an extra column, a blank row,
UK dates as text, y/n answers, a formula, a merged cell, a hidden sheet), then
opened and saved by LibreOffice so dates are serials, strings are shared and
formulas carry cached values.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from iia_checker.workbooks.convert import json_to_workbook

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "samples" / "valid" / "digital-appointments.json"
STRATEGY = SAMPLE.with_name("digital-strategy.json")


def messy(path: Path) -> None:
    """Edit a converted form the way a person might."""
    book = openpyxl.load_workbook(path)
    project = book["Project"]
    for row in project.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Decision date":
            row[1].value = "01/09/2021"
        if row[0].value == "Project ID":
            row[0].value = "project_id:"
    evidence = book["Evidence"]
    evidence.insert_rows(1)
    evidence["A1"] = "Evidence used in this assessment"
    evidence.merge_cells("A1:C1")
    evidence.cell(row=2, column=evidence.max_column + 1, value="Notes")
    evidence.insert_rows(5)
    activities = book["EngagementActivities"]
    activities["E2"] = "=10+5"
    book.create_sheet("Scratch").sheet_state = "hidden"
    book.save(path)


def main() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    strategy = json.loads(STRATEGY.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        json_to_workbook([data], folder / "messy-form.xlsx")
        messy(folder / "messy-form.xlsx")
        json_to_workbook([data], folder / "lo-form.xlsx")
        json_to_workbook([data, strategy], folder / "lo-register.xlsx", "register")
        shutil.copy(folder / "messy-form.xlsx", HERE / "messy-form-openpyxl.xlsx")
        out = folder / "lo"
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out)]
            + [
                str(folder / n)
                for n in ("messy-form.xlsx", "lo-form.xlsx", "lo-register.xlsx")
            ],
            check=True,
            capture_output=True,
        )
        for made in out.iterdir():
            shutil.copy(made, HERE / made.name)
        sheet = folder / "tiny.xlsx"
        book = openpyxl.Workbook()
        book.active["A1"] = "Project"  # type: ignore[index]
        book.save(sheet)
        for kind in ("ods", "xls"):
            subprocess.run(
                [
                    "soffice",
                    "--headless",
                    "--convert-to",
                    kind,
                    "--outdir",
                    str(out),
                    str(sheet),
                ],
                check=True,
                capture_output=True,
            )
            shutil.copy(out / f"tiny.{kind}", HERE / f"tiny.{kind}")


if __name__ == "__main__":
    main()
