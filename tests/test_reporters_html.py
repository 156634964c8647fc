"""The HTML report: escaping, accessible structure, and filters in a real browser."""

from __future__ import annotations

import shutil
import subprocess
import typing as t
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iia_checker.reporters import REPORTERS, RenderOptions

from .reporter_cases import json_result, make_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(report: t.Any = None) -> str:
    text = REPORTERS["html"](report or make_report(), RenderOptions())
    assert isinstance(text, str)
    return text


class Rows(HTMLParser):
    """Collects the findings table's rows: (attributes, hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = ""
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table = dict(attrs).get("id") or ""
        elif tag == "tr" and self.table == "findings":
            found = dict(attrs)
            if "data-severity" in found:
                self.rows.append(found)


def rows(html: str) -> list[dict[str, str | None]]:
    parser = Rows()
    parser.feed(html)
    return parser.rows


def test_all_text_is_escaped() -> None:
    html = render(make_report(json_result(title="<script>alert(1)</script>")))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1


def test_accessible_structure() -> None:
    html = render()
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert html.count("<caption>") == 4  # submissions, findings, two count tables
    assert (
        '<th scope="col">Severity</th>' in html
        and '<th scope="row">sub.json</th>' in html
    )
    for name in ("project", "board", "duty", "severity"):
        assert (
            f'<label for="filter-{name}">' in html
            and f'<select id="filter-{name}" name="{name}">' in html
        )
    assert (
        '<form id="filters" method="get"' in html and '<button type="submit">' in html
    )
    assert ":focus-visible" in html and "@media print" in html
    assert '<span class="badge fail">FAIL</span>' in html
    assert "http" not in html.replace("http://www.w3.org", "")


def test_without_script_every_finding_is_shown_and_footer_has_provenance() -> None:
    html = render()
    assert len(rows(html)) == 6
    assert all("hidden" not in row for row in rows(html))
    footer = html[html.index("<footer>") :]
    for text in (
        "iia-checker 9.9.9",
        "test-rules 1.2",
        "2021-09-01",
        "commit",
        "abc123",
    ):
        assert text in footer


def dump_dom(page: Path, query: str) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.as_uri() + query,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (.ci/run installs it with apt-get)",
)
@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", 6),
        ("?severity=error", 4),
        ("?board=hub-and-spoke", 5),
        ("#duty=accessibility", 1),
        ("?project=HS-2&severity=error", 1),
        ("?severity=info&board=hub-and-spoke", 0),
    ],
)
def test_filters_work_in_headless_chromium(
    tmp_path: Path, query: str, shown: int
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(), encoding="utf-8")
    dom = dump_dom(page, query)
    visible = [row for row in rows(dom) if "hidden" not in row]
    assert len(rows(dom)) == 6
    assert len(visible) == shown
    assert f"Showing {shown} of 6 findings." in dom
