"""One self-contained, accessible HTML page (HTML Living Standard, WCAG 2.2 AA).

Semantic tables with captions and ``th scope``; filters are labelled ``select``s in
a GET ``form`` that works from the keyboard; the inline script only hides rows, so
without it everything is shown; ``@media print`` drops the controls. Every piece of
report text goes through ``esc`` (``safe_text.html``). Styles and script:
``html_assets``.
"""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import BOARD_NAMES, Finding, Report, Severity
from iia_checker.model.plural import counted, severity_count
from iia_checker.model.tally import status_text, tally
from iia_checker.reporters import RenderOptions, safe_text
from iia_checker.reporters.html_assets import CSS, SCRIPT
from iia_checker.reporters.html_counts import counts_section, scrolling
from iia_checker.reporters.provenance import provenance_line
from iia_checker.reporters.rows import (
    board_names,
    place,
    provenance_items,
    report_boards,
    summary_headers,
    summary_values,
    waiver_text,
)

#: ``value`` as HTML text or attribute content; the web page uses it too.
esc: t.Final = safe_text.html
_SUBMISSIONS: t.Final = (
    "Verdict of each board and unwaived failures by severity, one row per submission"
)
_FINDINGS: t.Final = (
    "Every finding: severity, rule, where it is, what is wrong, what to do and its"
    " legal or policy basis"
)
#: Columns of the findings table (the web page labels them on narrow screens).
FINDING_COLUMNS: t.Final = (
    "Project",
    "Severity",
    "Status",
    "Rule",
    "Boards",
    "Duties",
    "Location",
    "Message",
    "What to do",
    "Basis",
)


def render(report: Report, options: RenderOptions) -> str:
    """The whole report as one HTML document."""
    body = "\n".join(
        [
            '<a class="skip" href="#findings-heading">Skip to findings</a>',
            _header(report),
            "<main>",
            _submissions(report),
            _findings(report),
            counts_section(report),
            "</main>",
            _footer(report),
            f"<script>{SCRIPT}</script>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>IIA check report, as of {esc(report.as_of)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _header(report: Report) -> str:
    counts = ", ".join(severity_count(n, sev) for sev, n in report.counts().items())
    checked = sum(1 for result in report.results if result.readable)
    lead = (
        f"{counted(checked, 'submission')} checked as of {report.as_of};"
        f" unwaived findings: {counts}{tally(report).aside()}."
    )
    if report.unreadable:
        lead += f" {counted(report.unreadable, 'input')} could not be read."
    return f"<header>\n<h1>IIA check report</h1>\n<p>{esc(lead)}</p>\n</header>"


def _badge(text: str) -> str:
    kind = text.lower().replace(",", "").replace(" ", "-")
    return f'<span class="badge {esc(kind)}">{esc(text)}</span>'


def _submissions(report: Report) -> str:
    boards = report_boards(report)
    headers = summary_headers(boards)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    rows = []
    for result in report.results:
        values = summary_values(result, boards)
        cells = [f'<th scope="row">{esc(values[0])}</th>']
        cells += [f"<td>{esc(v)}</td>" for v in values[1:7]]
        cells += [f"<td>{_badge(str(v))}</td>" for v in values[7:]]
        key = esc(result.project_id or result.source)
        rows.append(f'<tr data-project="{key}">{"".join(cells)}</tr>')
    return (
        '<section aria-labelledby="submissions-heading">\n'
        '<h2 id="submissions-heading">Submissions</h2>\n'
        + scrolling(
            "Submissions table",
            f'<table id="submissions">\n<caption>{_SUBMISSIONS}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody>\n</table>",
        )
        + "\n</section>"
    )


def _findings(report: Report) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in FINDING_COLUMNS)
    rows = [
        _finding_row(result.project_id or result.source, finding)
        for result in report.results
        for finding in result.findings
    ]
    total = len(rows)
    return (
        '<section aria-labelledby="findings-heading">\n'
        '<h2 id="findings-heading">Findings</h2>\n'
        + _filters(report)
        + f'\n<p id="shown" role="status">Showing {total} of {total} findings.</p>\n'
        + scrolling(
            "Findings table",
            f'<table id="findings">\n<caption>{_FINDINGS}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody>\n</table>",
        )
        + "\n</section>"
    )


def _finding_row(project: str, finding: Finding) -> str:
    rule, where = finding.rule, finding.location
    location = place(where) + (f" {where.pointer}" if where.pointer else "")
    status = _badge(status_text(finding))
    if finding.waiver:
        status += f" {esc(waiver_text(finding.waiver))}"
    refs = "".join(f"<li>{esc(ref)}</li>" for ref in rule.references)
    attrs = (
        f'data-project="{esc(project)}" data-severity="{esc(finding.severity.value)}"'
        f' data-board="{esc(" ".join(rule.boards))}"'
        f' data-duty="{esc(" ".join(rule.tags))}"'
    )
    cells = [
        esc(project),
        _badge(finding.severity.value),
        status,
        f"<strong>{esc(rule.id)}</strong> {esc(rule.title)}",
        esc(board_names(rule.boards)),
        esc(", ".join(rule.tags)),
        f"<code>{esc(location)}</code>",
        esc(finding.message.rstrip()),
        esc(rule.remediation),
        f"<ul>{refs}</ul>" if refs else "",
    ]
    return f"<tr {attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _filters(report: Report) -> str:
    projects = [r.project_id or r.source for r in report.results]
    duties = sorted({tag for f in report.findings() for tag in f.rule.tags})
    boards = report_boards(report)
    selects = [
        _select("project", "Project", "All projects", [(p, p) for p in projects]),
        _select(
            "board",
            "Board",
            "All boards",
            [(b, BOARD_NAMES.get(b, b)) for b in boards],
        ),
        _select("duty", "Duty", "All duties", [(d, d) for d in duties]),
        _select("severity", "Severity", "All severities", [(s, s) for s in Severity]),
    ]
    return (
        '<form id="filters" method="get" aria-label="Filter findings">\n'
        + "\n".join(selects)
        + '\n<div><button type="submit">Apply filters</button></div>\n'
        "<noscript><p>Filtering needs JavaScript; every finding is shown.</p>"
        "</noscript>\n</form>"
    )


def _select(
    name: str, label: str, everything: str, options: t.Sequence[tuple[str, str]]
) -> str:
    items = [f'<option value="">{esc(everything)}</option>']
    items += [
        f'<option value="{esc(v)}">{esc(text)}</option>'
        for v, text in dict.fromkeys(options)
    ]
    return (
        f'<div><label for="filter-{name}">{esc(label)}</label>'
        f'<select id="filter-{name}" name="{name}">{"".join(items)}</select></div>'
    )


def _footer(report: Report) -> str:
    items = "".join(
        f"<dt>{esc(key)}</dt><dd>{esc(value)}</dd>"
        for key, value in provenance_items(report)
    )
    notices = "".join(f"<li>{esc(note)}</li>" for note in report.notices)
    extra = f"<h2>Notices</h2><ul>{notices}</ul>" if notices else ""
    fingerprints = f"<details><summary>Fingerprints</summary><dl>{items}</dl></details>"
    line = f"<p>{esc(provenance_line(report))}</p>"
    return f"<footer>\n{line}{fingerprints}{extra}\n</footer>"
