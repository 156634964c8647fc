"""Outputs never harm their reader, whatever a submission or a file name holds.

Hostile strings (escape sequences, line breaks, bidi controls, Markdown links,
images, mentions, HTML, workflow commands, formula starts, characters XML forbids,
lone surrogates, very long text) go into every field that comes from data: file
name, project id and title, JSON key (pointer), message, workbook sheet and field,
waiver reason and approver, notices, provenance. Every format in ``REPORTERS`` is
then read the way its reader reads it: a terminal, cmark-gfm (GitHub's renderer),
the GitHub runner's line-by-line command parser, an XML parser, an HTML parser, a
CSV reader, openpyxl.
"""

from __future__ import annotations

import csv
import dataclasses
import html.parser
import io
import json
import re
import typing as t
import xml.etree.ElementTree as ET
from pathlib import Path

import cmarkgfm
import openpyxl
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iia_checker.model.findings import (
    Finding,
    Location,
    Report,
    RuleOutcome,
    Severity,
    Status,
    SubmissionResult,
    Waiver,
)
from iia_checker.reporters import REPORTERS, RenderOptions, github, safe_text
from iia_checker.reporters.acting import SHOWN_RANGES

from .conftest import VALID_SAMPLE
from .reporter_cases import EQ1, EQ2, EQ3, UNREADABLE, make_report

ATTACKS: t.Final = (
    "\x1b]0;window title\x07",
    "\x1b]52;c;cm0gLXJmIH4K\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m\x9d0;t\x9c",
    "\x1bP+q544e\x1b\\",
    "ok\r\nSummary: 0 submissions checked; 0 failing a board",
    "\rSummary: all clear",
    "\n  error   EQ-001  forged",
    "\u202eevil\u202c",
    "\u2066x\u2069\u2067\u2068",
    "\u200e\u200f\u061c\u200b\ufeff\u00ad\u2028\u2029\x85",
    "[click](javascript:alert(1))",
    "![](http://track.example/pixel.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<https://evil.example>",
    "@council-team",
    "cc @org/team please",
    "write to someone@example.org",
    "www.evil.example",
    "https://evil.example/x",
    "see #12 and GH-7",
    "[ref]: http://evil.example",
    "&lt;b&gt; &#64;x",
    "::error::injected",
    "%0A::error file=x::forged",
    "::stop-commands::token",
    "a,b:c%",
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\x00\x08\x0b\x0c\x7f",
    "lone \ud800 high",
    "lone \udcff low",
    "\ufffe\uffff",
    "\U000e0041\U000e007f",
    "| pipe",
    "`code`",
    "back\\slash",
    "]]>",
    "\"quote' ",
)
LONG: t.Final = st.sampled_from(ATTACKS).map(lambda text: text * (40_000 // len(text)))
PIECE: t.Final = st.one_of(
    st.sampled_from(ATTACKS), st.text(st.characters(codec=None), max_size=12)
)
HOSTILE: t.Final = st.one_of(
    st.lists(PIECE, min_size=1, max_size=5).map("".join),
    LONG,
)
FIELDS: t.Final = 12
#: Characters that act instead of being read (``SHOWN_RANGES``).
ACTING: t.Final = re.compile(
    "["
    + "".join(
        f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in SHOWN_RANGES
    )
    + "]"
)


def acting(text: str, allowed: str = "\n") -> set[str]:
    """The acting characters in ``text`` other than ``allowed``."""
    return {c for c in ACTING.findall(text) if c not in allowed}


def hostile_report(h: t.Sequence[str]) -> Report:
    """A report whose every data-derived string is one of ``h``."""
    waiver = Waiver("EQ-003", h[1], h[5], h[6], "2099-01-01", source=h[0])
    json_where = Location(file=h[0], pointer="/" + h[3], line=3, column=2)
    book_where = Location(
        file=h[0], pointer="/" + h[3], sheet=h[7], cell="B7", row=7, field=h[8]
    )
    findings = (
        Finding(EQ1, Severity.ERROR, h[4], json_where),
        Finding(EQ2, Severity.WARNING, h[4], book_where),
        Finding(EQ3, Severity.INFO, h[4], json_where, waiver=waiver),
    )
    outcomes = (
        RuleOutcome(EQ1, Status.FAIL, findings[:1]),
        RuleOutcome(EQ2, Status.ERROR, reason=h[10]),
        RuleOutcome(EQ3, Status.FAIL, findings[2:]),
    )
    checked = SubmissionResult(h[0], h[1], h[2], findings, outcomes)
    broken_where = Location(file=h[9], line=1, column=1)
    broken_finding = Finding(UNREADABLE, Severity.ERROR, h[4], broken_where)
    broken = SubmissionResult(h[9], None, None, (broken_finding,), readable=False)
    return dataclasses.replace(
        make_report(checked, broken),
        notices=(h[11],),
        provenance={h[3]: h[11], "inputs": [h[0], h[9]]},
        inputs=((h[0], "0" * 64), (h[9], None)),
    )


def benign_twin(h: t.Sequence[str]) -> Report:
    """The same shape with plain words: equal and empty where ``h`` is."""
    words = sorted(set(h))
    return hostile_report([f"plain{words.index(x)}" if x else "" for x in h])


def render(fmt: str, report: Report, **options: bool) -> str | bytes:
    return REPORTERS[fmt](report, RenderOptions(**options))


def text_of(output: str | bytes) -> str:
    assert isinstance(output, str)
    output.encode("utf-8")  # a lone surrogate would make it unwritable
    return output


hostile_fields = given(h=st.lists(HOSTILE, min_size=FIELDS, max_size=FIELDS))
few = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- text: a terminal obeys nothing, and no value starts a line ---------------
@few
@hostile_fields
def test_text_report_has_nothing_a_terminal_obeys_and_its_own_lines(
    h: list[str],
) -> None:
    report = hostile_report(h)
    for color in (False, True):
        out = text_of(render("text", report, color=color))
        if color:  # only our own colours: ESC [ digits m
            out = re.sub(r"\x1b\[\d+m", "", out)
        assert not acting(out), out
        lines = out.split("\n")
        # A batch opens and closes with its summary, then the provenance line.
        batch = len(report.results) > 1
        assert lines[-3 if batch else -2].startswith("Summary: 1 submission checked")
        unindented = [line for line in lines if line and not line.startswith(" ")]
        assert len(unindented) == len(report.results) + (3 if batch else 1)
        heads = [line for line in lines if re.match(r"  (error|warning|info) ", line)]
        assert len(heads) == sum(len(r.findings) for r in report.results)


def test_a_file_named_with_spaces_at_its_ends_does_not_start_an_indented_line() -> None:
    """Found by the draw above in CI: an input named " " made its heading read as a
    line of the result before it."""
    h = ["\x1b]0;t\x07"] * FIELDS
    h[9] = " "
    for fmt in ("text", "brief"):
        out = text_of(render(fmt, hostile_report(h)))
        assert '\n" ": could not be read' in out, fmt
        assert "\n : could not be read" not in out, fmt


# --- JSON and SARIF: exact values, nothing raw --------------------------------
@few
@hostile_fields
def test_json_keeps_every_value_exactly_and_writes_none_raw(h: list[str]) -> None:
    out = text_of(render("json", hostile_report(h)))
    assert not acting(out)
    document = json.loads(out)
    first = document["submissions"][0]
    assert (first["source"], first["project_id"], first["project_title"]) == tuple(
        h[:3]
    )
    assert document["notices"] == [h[11]]


@few
@hostile_fields
def test_sarif_messages_embed_no_link_and_properties_stay_exact(h: list[str]) -> None:
    out = text_of(render("sarif", hostile_report(h)))
    assert not acting(out)
    run = json.loads(out)["runs"][0]
    assert run["results"][0]["properties"]["projectId"] == h[1]
    for result in run["results"]:
        texts = [result["message"]["text"]]
        texts += [s["justification"] for s in result.get("suppressions", [])]
        for text in texts:
            # Every bracket is escaped: an odd number of backslashes before it.
            for slashes in re.findall(r"(\\*)[\[\]]", text):
                assert len(slashes) % 2 == 1, text
            assert not acting(text, "\t\n\r")


# --- Markdown and the job summary, as GitHub renders them ---------------------
ALLOWED_TAGS: t.Final = {
    "h1", "h2", "h3", "p", "hr", "br", "table", "thead", "tbody", "tr", "th",
    "td", "strong", "em", "del", "code",
}  # fmt: skip


class _Html(html.parser.HTMLParser):
    """Tags with their attributes, and text outside ``code`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.prose: list[str] = []
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))
        self._in_code += tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self._in_code -= tag == "code"

    def handle_data(self, data: str) -> None:
        if not self._in_code:
            self.prose.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", ()))


def parsed(markup: str) -> _Html:
    parser = _Html()
    parser.feed(markup)
    parser.close()
    return parser


def assert_only_text_in_markdown(document: str) -> None:
    rendered = cmarkgfm.github_flavored_markdown_to_html(
        document, options=Options.CMARK_OPT_UNSAFE
    )
    page = parsed(rendered)
    assert {tag for tag, _ in page.tags} - ALLOWED_TAGS == set()
    assert all(not attrs or tag in ("th", "td") for tag, attrs in page.tags)
    prose = "".join(page.prose)
    live = re.search(r"@\w|#\d|\bGH-\d", prose, re.IGNORECASE)
    assert live is None, prose[max(live.start() - 40, 0) : live.end() + 40]
    assert not acting(prose, "\t\n")
    for table in rendered.split("<table>")[1:]:
        rows = table.split("</table>")[0].split("<tr>")[1:]
        widths = {row.count("<td") + row.count("<th") for row in rows}
        assert len(widths) == 1, "a value changed the number of columns"


@few
@hostile_fields
def test_markdown_renders_no_link_image_mention_or_html_from_data(
    h: list[str],
) -> None:
    assert_only_text_in_markdown(text_of(render("markdown", hostile_report(h))))


@few
@hostile_fields
def test_github_summary_renders_only_text(h: list[str]) -> None:
    assert_only_text_in_markdown(github.step_summary(hostile_report(h)))


# --- GitHub workflow commands: one line each, no command from data ------------
COMMAND: t.Final = re.compile(r"::(error|warning|notice) ([^:\r\n]*)::([^\r\n]*)")


@few
@hostile_fields
def test_github_annotations_are_one_line_each_and_inject_no_command(
    h: list[str],
) -> None:
    report = hostile_report(h)
    lines = github.workflow_commands(report).split("\n")
    assert lines[-1] == ""
    annotations = lines[:-1]
    assert len(annotations) == sum(len(r.findings) for r in report.results)
    for line in annotations:
        assert COMMAND.fullmatch(line), line
        assert not acting(line)


# --- XML: parses, and holds nothing that acts ----------------------------------
@few
@hostile_fields
def test_junit_parses_as_xml_whatever_the_data(h: list[str]) -> None:
    root = ET.fromstring(text_of(render("junit", hostile_report(h))).encode())
    for element in root.iter():
        values = [element.text or "", *element.attrib.values()]
        for value in values:
            assert not acting(value), value
    names = [s.get("name") for s in root.iter("testsuite")]
    assert names[0] == safe_text.xml_line(h[1] or h[0])


# --- HTML: no element, attribute or script from data ---------------------------
@few
@hostile_fields
def test_html_has_the_same_elements_as_for_plain_data(h: list[str]) -> None:
    page = parsed(text_of(render("html", hostile_report(h))))
    plain = parsed(text_of(render("html", benign_twin(h))))
    assert [tag for tag, _ in page.tags] == [tag for tag, _ in plain.tags]
    assert [sorted(dict(attrs)) for _, attrs in page.tags] == [
        sorted(dict(attrs)) for _, attrs in plain.tags
    ]
    assert not acting("".join(page.prose), "\t\n\r")


# --- Spreadsheets: text, never a formula ----------------------------------------
FORMULA_START: t.Final = tuple("=+-@\t\r")


@few
@hostile_fields
def test_csv_cells_never_start_a_formula(h: list[str]) -> None:
    out = text_of(render("csv", hostile_report(h)))
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 1 + 4
    for row in rows:
        assert len(row) == len(rows[0])
        for value in row:
            assert not value.startswith(FORMULA_START), value
            assert not acting(value, "\t\n\r")


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@hostile_fields
def test_xlsx_cells_are_text_and_never_a_formula(h: list[str]) -> None:
    output = render("xlsx", hostile_report(h))
    assert isinstance(output, bytes)
    book = openpyxl.load_workbook(io.BytesIO(output))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), cell.value
                    assert not acting(cell.value, "\t\n\r")
                    assert len(cell.value) <= safe_text.MAX_CELL_CHARS


# --- Every format at once: nothing breaks, whatever the data --------------------
@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_renders_the_attack_list_in_every_field(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for attack in ATTACKS:
        output = render(fmt, hostile_report([attack] * FIELDS))
        if isinstance(output, str):
            output = output.removeprefix("\ufeff")  # the CSV's byte order mark
            one_line = fmt in ("text", "json", "sarif", "github")
            assert not acting(output, "\n" if one_line else "\t\n\r")


# --- The command line: stderr and the report on stdout --------------------------
def test_hostile_file_names_reach_neither_stderr_nor_the_report_raw(
    run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    name = "evil\x1b]0;pwned\x07\nSummary: ok\u202e.json"
    hostile = tmp_path / name
    hostile.write_bytes(VALID_SAMPLE.read_bytes())
    missing = str(tmp_path / "gone\x1b[2J.json")
    result = run("check", "--no-color", str(hostile), missing)
    assert not acting(result.stdout) and not acting(result.stderr)
    assert result.stdout.count("\nSummary: ") == 1
    config = run("check", "--config", str(tmp_path / "c\x1b[2J\n.toml"), str(hostile))
    assert config.exit_code == 2
    assert not acting(config.stderr)
    assert len(config.stderr.strip().splitlines()) == 1


def test_workbook_escapes_reach_neither_the_report_nor_converted_json_raw(
    run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    book = tmp_path / "hostile.xlsx"
    assert run("convert", str(VALID_SAMPLE), str(book)).exit_code == 0
    # Excel's _xHHHH_ escapes, written raw (the converter would escape them): the
    # workbook reader decodes them to ESC and BEL.
    workbook = openpyxl.load_workbook(book)
    [title] = [
        r[1] for r in workbook["Project"].iter_rows() if r[0].value == "Project title"
    ]
    title.value = "Booking_x001B_]0;pwned_x0007_\u202e\nSummary: ok"
    workbook.save(book)
    report = run("check", "--no-color", str(book))
    assert not acting(report.stdout) and report.stdout.count("\nSummary: ") == 1
    converted = run("convert", str(book), "-")
    assert converted.exit_code == 0 and not acting(converted.stdout)
    title = json.loads(converted.stdout)["project"]["title"]
    assert title == "Booking\x1b]0;pwned\x07\u202e\nSummary: ok"
