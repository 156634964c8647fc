from __future__ import annotations

from iia_checker.reporters import REPORTERS, RenderOptions, markdown
from iia_checker.run.output import FORMAT_BY_SUFFIX

from .reporter_cases import make_report


def render() -> str:
    text = REPORTERS["markdown"](make_report(), RenderOptions())
    assert isinstance(text, str)
    return text


def test_cells_escape_pipes_newlines_and_html() -> None:
    assert markdown.cell("a | b\nc\r\nd <b>&") == "a \\| b<br>c<br>d &lt;b&gt;&amp;"


def test_table_rows_always_have_the_header_column_count() -> None:
    for line in render().splitlines():
        if line.startswith("| Severity"):
            width = line.count(" | ")
        elif (
            line.startswith("| error")
            or line.startswith("| warning")
            or line.startswith("| info")
        ):
            assert line.replace("\\|", "").count(" | ") == width


def test_submissions_then_findings_grouped_by_submission() -> None:
    text = render()
    assert text.index("## Submissions") < text.index("## Findings")
    assert (
        "| sub.json | DF-1 | Booking &lt;online&gt; | 2 | 1 | 0 | 1 | FAIL | FAIL |"
        in text
    )
    assert "### DF-1: Booking &lt;online&gt;" in text
    assert "### HS-2: Hubs" in text
    assert "broken.json could not be read." in text
    row = "| warning | EQ-002 Title of EQ-002 | Hub and Spoke; accessibility | sub.json:20:5 /access | Channel 'phone' \\| withdrawn<br>next line | Fix EQ-002. | Equality Act 2010 s.149; EHRC guidance |"
    assert row in text
    assert (
        "| info (waived: Agreed at board, 1 June (approved by Chief Officer; expires 2022-01-01)) |"
        in text
    )
    assert (
        "| error | EQ-001 Title of EQ-001 | Digital First, Hub and Spoke; equality | book.xlsx!Impacts!B7 /equality_impacts/2/impact |"
        in text
    )


def test_every_format_is_registered_and_every_suffix_names_one() -> None:
    assert set(REPORTERS) >= {
        "text",
        "json",
        "sarif",
        "junit",
        "github",
        "xlsx",
        "csv",
        "html",
        "markdown",
    }
    assert set(FORMAT_BY_SUFFIX.values()) <= set(REPORTERS)
