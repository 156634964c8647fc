"""The real page in headless Chromium: template, upload, finding, XLSX download.

Playwright drives Debian's chromium (never a browser of its own); the server is
the real ``iia-check serve`` on a free loopback port.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

import openpyxl
import pytest

from .chromium import NEEDS_CHROMIUM, page_of
from .conftest import SAMPLES
from .web_server import running_server

WORKBOOK: t.Final = SAMPLES / "deficient-form.xlsx"

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def base_url() -> t.Iterator[str]:
    with running_server() as base:
        yield base


def test_template_upload_finding_and_xlsx_download(
    browser: t.Any, base_url: str, tmp_path: Path
) -> None:
    page = page_of(browser)
    page.goto(base_url)
    with page.expect_download() as template:
        page.get_by_role("link", name="Form workbook").click()
    saved = tmp_path / "template.xlsx"
    template.value.save_as(saved)
    assert "Instructions" in openpyxl.load_workbook(saved).sheetnames

    page.get_by_label("Submissions or a register").set_input_files(str(WORKBOOK))
    page.get_by_label("Assessment date").fill("2021-09-01")
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="IIA check report").wait_for()
    row = page.locator("#findings tbody tr", has_text="EqualityImpacts!H2")
    assert "EQ-022" in row.inner_text()
    assert "deficient-form.xlsx!EqualityImpacts!H2" in row.inner_text()

    page.get_by_label("Severity").select_option("warning")
    assert row.is_hidden()  # the report's filter script runs under the policy
    assert page.refused == []

    with page.expect_download() as report:
        page.get_by_role("link", name="Excel workbook (.xlsx)").click()
    path = tmp_path / "report.xlsx"
    report.value.save_as(path)
    # Not read-only: that mode keeps the file open until the book is collected.
    findings = openpyxl.load_workbook(path)["Findings"]
    rows = [[str(v) for v in r] for r in findings.iter_rows(values_only=True)]
    assert any(
        "EQ-022" in r and "deficient-form.xlsx!EqualityImpacts!H2" in r for r in rows
    )


def test_upload_and_read_without_javascript(browser: t.Any, base_url: str) -> None:
    page = page_of(browser, java_script_enabled=False)
    page.goto(base_url)
    page.get_by_label("Submissions or a register").set_input_files(str(WORKBOOK))
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="IIA check report").wait_for()
    assert page.locator("#findings tbody tr", has_text="EQ-022").count() >= 2


def test_keyboard_and_narrow_screen(browser: t.Any, base_url: str) -> None:
    page = page_of(browser, viewport={"width": 320, "height": 640})
    for path in ("/", "/rules", "/rules/EQ-022"):
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways at 320 px: {width}"
    page.goto(base_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_label("Submissions or a register").set_input_files(str(WORKBOOK))
    page.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="IIA check report").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.refused == []


def test_form_errors_are_announced_and_tied_to_fields(
    browser: t.Any, base_url: str
) -> None:
    page = page_of(browser)
    page.goto(base_url)
    page.get_by_label("Assessment date").fill("tomorrow")
    page.get_by_role("button", name="Check").click()
    assert page.get_by_role("alert").is_visible()
    files = page.get_by_label("Submissions or a register")
    described = files.get_attribute("aria-describedby") or ""
    assert "files-error" in described
    assert (
        page.locator("#files-error")
        .inner_text()
        .endswith("Choose at least one file to check.")
    )
