"""What the output sanitiser (``reporters/safe_text.py``) costs each report format.

    python bench/sanitiser_cost.py [FINDINGS] [ROUNDS] [FORMATS]
    python bench/sanitiser_cost.py 10000 7 json,github

Renders ``report_formats.synthetic_report(FINDINGS)`` with each reporter as it is,
and with the sanitiser swapped for the escaping that reporter had before it (kept
here for the comparison), alternately, ROUNDS times each, in this one process;
prints the least CPU time (``time.process_time``) of each, so other load on the
machine matters little.
"""

from __future__ import annotations

import html as html_lib
import re
import sys
import time
import typing as t
from contextlib import contextmanager
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from iia_checker.model.findings import Report
from iia_checker.reporters import (
    REPORTERS,
    RenderOptions,
    csv_,
    github,
    jsontext,
    junit,
    markdown,
    safe_text,
    text,
)
from iia_checker.reporters import html as html_reporter
from iia_checker.reporters.spreadsheetml import writer

sys.path.insert(0, str(Path(__file__).parent))
from report_formats import synthetic_report

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ENTITIES = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`"}
)
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _cell(value: object) -> str:
    text = str(value).translate(_ENTITIES)
    return "<br>".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _spreadsheet(value: str) -> str:
    clean = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return ("'" + clean if _FORMULA.match(clean) else clean)[:32_767]


def _xml(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _same(value: str) -> str:
    return value


Swap = tuple[object, str, t.Callable[..., str]]
BEFORE: dict[str, list[Swap]] = {
    "text": [(text, "terminal", _same)],
    "json": [(jsontext, "json_text", _same)],
    "sarif": [(jsontext, "json_text", _same), (safe_text, "sarif", _same)],
    "junit": [(junit, "xml", _xml), (junit, "xml_line", _xml)],
    "github": [
        (github, "github_message", lambda lines: _escape_data("\n".join(lines))),
        (
            github,
            "github_property",
            lambda v: _escape_data(v).replace(":", "%3A").replace(",", "%2C"),
        ),
    ],
    "html": [(html_reporter, "esc", lambda v: html_lib.escape(str(v), quote=True))],
    "markdown": [(markdown, "cell", _cell)],
    "csv": [(csv_, "spreadsheet", _spreadsheet)],
    "xlsx": [(writer, "spreadsheet", _spreadsheet)],
}


@contextmanager
def swapped(swaps: list[Swap]) -> t.Iterator[None]:
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, function in swaps:
        setattr(module, name, function)
    try:
        yield
    finally:
        for module, name, function in saved:
            setattr(module, name, function)


def cpu_seconds(name: str, report: Report) -> float:
    start = time.process_time()
    REPORTERS[name](report, RenderOptions())
    return time.process_time() - start


def main() -> None:
    findings = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    names = sys.argv[3].split(",") if len(sys.argv) > 3 else list(BEFORE)
    report = synthetic_report(findings)
    print(f"{findings:,} findings, least CPU s of {rounds}: before, now, change")
    for name in names:
        cpu_seconds(name, report)
        before, now = [], []
        for _ in range(rounds):
            with swapped(BEFORE[name]):
                before.append(cpu_seconds(name, report))
            now.append(cpu_seconds(name, report))
        old, new = min(before), min(now)
        per_finding = 1e6 * (new - old) / findings
        change = f"{100 * (new - old) / old:+.0f}%, {per_finding:+.1f} us a finding"
        print(f"{name:<9} {old:7.3f} {new:7.3f}  {change}", flush=True)


if __name__ == "__main__":
    main()
