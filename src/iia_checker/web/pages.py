"""HTML of the site's own pages: the layout, the upload form and error pages.

Every value that did not come from this module goes through ``esc``; the report
itself is rendered by ``reporters.html`` (see ``results.py``). The stylesheet is
the report's, plus the form, narrow-screen and error styles below; it is one
constant so the Content-Security-Policy can name it by hash.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from iia_checker.model.findings import BOARDS
from iia_checker.reporters.html import FINDING_COLUMNS, esc
from iia_checker.reporters.html_assets import CSS
from iia_checker.reporters.rows import summary_headers
from iia_checker.web.config import WebConfig

_SITE_CSS: t.Final = """
.skip:focus { z-index: 1; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem;
  padding: 0; margin: 0 0 1rem; }
nav a[aria-current] { font-weight: 700; text-decoration-thickness: 3px; }
form.upload { display: block; border: 0; padding: 0; }
.field { margin: 0 0 1.25rem; }
.hint { color: #4d4d4d; margin: .25rem 0; }
.field-error { color: #7f1d1d; font-weight: 700; margin: .25rem 0; }
.error-summary { border: 4px solid #7f1d1d; padding: 0 1rem; margin: 0 0 1.5rem; }
input { font: inherit; max-width: 100%; }
input[aria-invalid="true"] { border: 3px solid #7f1d1d; }
fieldset { border: 1px solid #6b6b6b; margin: 0 0 1.25rem; max-width: 100%; }
fieldset label { display: inline; font-weight: 400; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
pre.explain { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95rem; }
dd, code { overflow-wrap: anywhere; min-width: 0; }
@media (max-width: 48rem) {
  body { padding: .5rem; }
  dl { grid-template-columns: 1fr; }
  #submissions, #findings, #rules, #submissions caption, #findings caption,
  #rules caption { display: block; }
  #submissions thead, #findings thead, #rules thead { position: absolute;
    left: -999rem; }
  #submissions tbody, #findings tbody, #rules tbody, #submissions tr, #findings tr,
  #rules tr, #submissions td, #findings td, #rules td, #submissions th,
  #rules th { display: block; border: 0; }
  #submissions tr, #findings tr, #rules tr { border: 1px solid #6b6b6b;
    margin: 0 0 1rem; padding: .25rem; }
  #submissions td::before, #findings td::before, #rules td::before {
    font-weight: 700; }
"""


def _labels(table: str, names: t.Sequence[str], first: int = 1) -> str:
    return "\n".join(
        f'  #{table} td:nth-child({i}):before {{ content: "{name}: "; }}'
        for i, name in enumerate(names, start=first)
    )


#: Labels that keep stacked table cells readable on a narrow screen.
_NARROW_LABELS: t.Final = "\n".join(
    [
        _labels("findings", FINDING_COLUMNS),
        _labels(
            "submissions",
            summary_headers(BOARDS)[1:],
            first=2,
        ),
        _labels("rules", ("Title", "Severity", "Boards", "Duties"), first=2),
    ]
)

#: The stylesheet of every page (its SHA-256 is in the Content-Security-Policy).
STYLE: t.Final = CSS + _SITE_CSS + _NARROW_LABELS + "\n}\n"

NAV: t.Final = (
    ("/", "Check an assessment"),
    ("/drafts", "Fill in an assessment"),
    ("/rules", "Rules"),
)


def layout(
    title: str, body: str, *, base: str = "", current: str = "", script: str = ""
) -> str:
    """A whole page: head, skip link, site navigation and ``body`` (trusted HTML)."""
    links = "".join(
        f'<li><a href="{esc(base + path)}"'
        + (' aria-current="page"' if path == current else "")
        + f">{esc(text)}</a></li>"
        for path, text in NAV
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} - IIA self-check</title>\n<style>{STYLE}</style>\n"
        '</head>\n<body>\n<a class="skip" href="#content">Skip to content</a>\n'
        f'<nav aria-label="Site"><ul>{links}</ul></nav>\n{body}\n{script}'
        "</body>\n</html>\n"
    )


@dataclass(frozen=True, slots=True)
class FormState:
    """What the upload form shows again after a mistake."""

    errors: dict[str, str] = field(default_factory=dict)
    as_of: str = ""
    fmt: str = "page"


#: Report formats people can download: name -> (label, file suffix, media type).
DOWNLOADS: t.Final = {
    "xlsx": (
        "Excel workbook",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "html": ("Web page", "html", "text/html; charset=utf-8"),
    "csv": ("CSV table", "csv", "text/csv; charset=utf-8"),
    "json": ("JSON report", "json", "application/json"),
    "sarif": ("SARIF 2.1.0 log", "sarif", "application/sarif+json"),
}

TEMPLATES: t.Final = (
    ("form.xlsx", "Form workbook: one project, a sheet per section"),
    ("register.xlsx", "Register workbook: many projects, one row each"),
    ("skeleton.json", "JSON skeleton: every field, empty"),
)


def home_page(config: WebConfig, state: FormState, *, base: str = "") -> str:
    """The upload form, with the templates to start from and any errors."""
    templates = "".join(
        f'<li><a href="{esc(base)}/templates/{name}">{esc(text)}</a>'
        f" ({esc(name.rsplit('.', 1)[1].upper())})</li>"
        for name, text in TEMPLATES
    )
    body = (
        '<main id="content">\n<h1>Check an Integrated Impact Assessment</h1>\n'
        + _error_summary(state.errors)
        + "<p>Upload your IIA submission, or a register of them, to see what the"
        " Digital First and Hub and Spoke boards would find, and how to put it"
        " right, before you submit it. Files are checked and deleted at once.</p>\n"
        '<h2 id="templates-heading">1. Start from a template</h2>\n'
        f'<ul aria-labelledby="templates-heading">{templates}</ul>\n'
        "<h2>2. Upload and check</h2>\n"
        + _upload_form(config, state, base)
        + "\n<h2>3. Read the rules</h2>\n"
        f'<p><a href="{esc(base)}/rules">Every rule</a>, with why it matters,'
        " its legal basis and what to do when it fails.</p>\n</main>"
    )
    title = "Error: check an assessment" if state.errors else "Check an assessment"
    return layout(title, body, base=base, current="/")


def _error_summary(errors: dict[str, str]) -> str:
    if not errors:
        return ""
    items = "".join(
        f'<li><a href="#{esc(name)}">{esc(message)}</a></li>'
        for name, message in errors.items()
    )
    return (
        '<div class="error-summary" role="alert" aria-labelledby="error-heading">\n'
        f'<h2 id="error-heading">There is a problem</h2>\n<ul>{items}</ul>\n</div>\n'
    )


def _field(
    name: str, label: str, hint: str, control: str, errors: dict[str, str]
) -> str:
    described = f"{name}-hint" + (f" {name}-error" if name in errors else "")
    invalid = ' aria-invalid="true"' if name in errors else ""
    error = (
        f'<p class="field-error" id="{name}-error"><span class="visually-hidden">'
        f"Error:</span> {esc(errors[name])}</p>"
        if name in errors
        else ""
    )
    control = control.replace(
        "<input ", f'<input id="{name}" aria-describedby="{described}"{invalid} ', 1
    )
    return (
        f'<div class="field"><label for="{name}">{esc(label)}</label>'
        f'<p class="hint" id="{name}-hint">{esc(hint)}</p>{error}{control}</div>'
    )


def _upload_form(config: WebConfig, state: FormState, base: str) -> str:
    files = _field(
        "files",
        "Submissions or a register",
        f"JSON (.json), Excel (.xlsx) or LibreOffice (.ods) files; choose several at"
        " once (save .xls or .csv files as .xlsx first). Each file"
        f" up to {_size(config.max_upload_bytes)}, {_size(config.max_request_bytes)}"
        " in all.",
        '<input type="file" name="files" multiple accept=".json,.xlsx,.xlsm,.ods">',
        state.errors,
    )
    as_of = _field(
        "as_of",
        "Assessment date (optional)",
        "The date that date rules (overdue actions, review dates) compare with,"
        " written YYYY-MM-DD. Leave it empty for today.",
        f'<input type="text" name="as_of" inputmode="numeric" autocomplete="off"'
        f' value="{esc(state.as_of)}">',
        state.errors,
    )
    choices = [("page", "On this page")] + [
        (name, f"Download: {label} (.{suffix})")
        for name, (label, suffix, _) in DOWNLOADS.items()
    ]
    radios = "".join(
        f'<div><input type="radio" id="format-{name}" name="format" value="{name}"'
        + (" checked" if name == state.fmt else "")
        + f'> <label for="format-{name}">{esc(text)}</label></div>'
        for name, text in choices
    )
    return (
        f'<form class="upload" method="post" action="{esc(base)}/check"'
        ' enctype="multipart/form-data">\n'
        f"{files}\n{as_of}\n"
        f"<fieldset><legend>Show the result</legend>{radios}</fieldset>\n"
        '<button type="submit">Check</button>\n</form>'
    )


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def message_page(title: str, message: str, *, base: str = "", back: bool = True) -> str:
    """A page that says one thing: an error, or that a result has expired."""
    link = f'<p><a href="{esc(base)}/">Back to the upload form</a></p>' if back else ""
    body = (
        f'<main id="content">\n<h1>{esc(title)}</h1>\n<p>{esc(message)}</p>\n'
        f"{link}\n</main>"
    )
    return layout(title, body, base=base)
