"""HTML of the draft pages: start, overview with the task list, and one section.

Built on the site's ``layout``; the draft stylesheet is added as a second
``<style>`` whose hash the Content-Security-Policy names. Every value that did
not come from this package goes through ``esc``.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from iia_checker.model.findings import BOARD_NAMES, Finding, Severity, SubmissionResult
from iia_checker.model.plural import counted, severity_count
from iia_checker.reporters.html import esc
from iia_checker.web.drafts.check import placed, places, section_of, status
from iia_checker.web.drafts.controls import field_id, findings_html, render
from iia_checker.web.drafts.form import Field
from iia_checker.web.drafts.store import Draft, digest
from iia_checker.web.drafts.style import DRAFT_STYLE
from iia_checker.web.pages import layout

#: Error findings the overview lists before saying how many more there are.
KEY_ISSUES: t.Final = 10


def page(title: str, body: str, base: str, current: str = "") -> str:
    """A whole page in the site's layout, with the draft stylesheet."""
    main = f'<main id="content">\n{body}\n</main>'
    whole = layout(title, main, base=base, current=current)
    return whole.replace("</style>\n", f"</style>\n<style>{DRAFT_STYLE}</style>\n", 1)


def start_page(base: str, error: str = "") -> str:
    """Start a new assessment, or continue one from a JSON file or workbook."""
    problem = _summary([(error, "file")]) if error else ""
    body = (
        f"<h1>Fill in an assessment</h1>\n{problem}"
        "<p>Write your Integrated Impact Assessment here, one section at a time."
        " Each time you save a page it is checked, and what the Digital First and"
        " Hub and Spoke boards would find is shown beside the answers concerned.</p>"
        f'<form method="post" action="{esc(base)}/new">'
        '<button type="submit">Start a new assessment</button></form>\n'
        "<h2>Continue from a file</h2>\n"
        f'<form method="post" action="{esc(base)}/drafts/upload"'
        ' enctype="multipart/form-data">'
        '<div class="field"><label for="file">Your assessment</label>'
        '<p class="hint" id="file-hint">A JSON submission (.json) or a form'
        " workbook (.xlsx) for one project.</p>"
        '<input type="file" id="file" name="files" accept=".json,.xlsx,.xlsm"'
        ' aria-describedby="file-hint"></div>'
        '<button type="submit" class="secondary">Continue from this file</button>'
        "</form>"
    )
    title = "Error: fill in an assessment" if error else "Fill in an assessment"
    return page(title, body, base, current="/drafts")


@dataclass(frozen=True, slots=True)
class DraftView:
    """A draft with its check result and the form's sections."""

    draft: Draft
    result: SubmissionResult
    sections: tuple[Field, ...]
    base: str

    @property
    def home(self) -> str:
        """The overview's address."""
        return f"{self.base}/drafts/{self.draft.id}"


def overview_page(view: DraftView) -> str:
    """Verdicts so far, key issues, the task list, downloads and delete."""
    draft, result = view.draft, view.result
    title = result.project_title or "Your assessment"
    expires = dt.datetime.fromtimestamp(draft.expires, dt.UTC).date().isoformat()
    body = (
        f"<h1>{esc(title)}</h1>\n"
        '<p class="notice">Keep the address of this page: it is the only way back'
        f" to this draft. It is kept until {esc(expires)}; each save keeps it"
        " longer.</p>\n"
        + _verdicts(result)
        + _key_issues(view)
        + '<h2 id="sections-heading">Sections</h2>\n'
        + _task_list(view)
        + "<h2>Download</h2>\n<ul>"
        f'<li><a href="{esc(view.home)}/submission.json" download>Submission as'
        " JSON (.json)</a></li>"
        f'<li><a href="{esc(view.home)}/form.xlsx" download>Form workbook'
        " (.xlsx)</a></li></ul>\n<p>Both can be checked with iia-check check, or"
        " uploaded again here to carry on.</p>\n"
        f'<h2>Delete</h2>\n<form method="post" action="{esc(view.home)}/delete">'
        '<button type="submit" class="delete">Delete this draft</button></form>'
    )
    return page(title, body, view.base)


def delete_page(draft: Draft, base: str) -> str:
    """Are you sure? Deleting cannot be undone."""
    home = f"{base}/drafts/{draft.id}"
    project = draft.data.get("project")
    named = project.get("title") if isinstance(project, dict) else None
    title = named if isinstance(named, str) and named else "this assessment"
    body = (
        f"<h1>Delete {esc(title)}?</h1>\n<p>The draft and every answer in it will"
        " be deleted at once, and cannot be brought back. Download it first if you"
        " may need it.</p>\n"
        f'<form method="post" action="{esc(home)}/delete">'
        '<button type="submit" class="delete" name="confirm" value="yes">Yes,'
        f' delete it</button> <a href="{esc(home)}">No, keep it</a></form>'
    )
    return page("Delete the draft?", body, base)


def _verdicts(result: SubmissionResult) -> str:
    items = "".join(
        f"<div><h3>{esc(BOARD_NAMES.get(board, board))}</h3><p>"
        + ("Would pass so far" if verdict == "pass" else "Would not pass yet")
        + "</p></div>"
        for board, verdict in result.verdicts().items()
    )
    counts = result.counts()
    return (
        f'<h2>Boards</h2>\n<div class="verdicts">{items}</div>\n'
        f"<p>{severity_count(counts['error'], 'error')},"
        f" {severity_count(counts['warning'], 'warning')} and"
        f" {counted(counts['info'], 'note')} so far.</p>\n"
    )


def _key_issues(view: DraftView) -> str:
    """Errors of the sections answered so far, and of the whole assessment."""
    answered = view.draft.saved | {""}
    errors = [
        f
        for f in view.result.findings
        if f.severity is Severity.ERROR and section_of(f) in answered
    ]
    if not errors:
        return ""
    titles = {s.key: s.title for s in view.sections}
    items = "".join(
        f'<li><a href="{esc(_link(view, f))}">'
        f"{esc(titles.get(section_of(f), 'Assessment'))}</a>: {esc(f.message)}</li>"
        for f in errors[:KEY_ISSUES]
    )
    more = len(errors) - KEY_ISSUES
    tail = f"<p>And {more} more; see each section.</p>" if more > 0 else ""
    return f"<h2>Key issues</h2>\n<ul>{items}</ul>\n{tail}"


def _link(view: DraftView, finding: Finding) -> str:
    section = section_of(finding)
    if not section:
        return view.home
    return f"{view.home}/{section}#{field_id(finding.location.pointer)}"


def _task_list(view: DraftView) -> str:
    rows = []
    for section in view.sections:
        state = status(section.key, view.draft.saved, view.result.findings)
        tag = "tag-" + state.lower().replace(" ", "-")
        rows.append(
            f'<li><a href="{esc(view.home)}/{esc(section.key)}"'
            f' aria-describedby="status-{esc(section.key)}">{esc(section.title)}</a>'
            f'<strong class="tag {tag}" id="status-{esc(section.key)}">'
            f"{esc(state)}</strong></li>"
        )
    listed = "".join(rows)
    return f'<ol class="task-list" aria-labelledby="sections-heading">{listed}</ol>\n'


def section_page(
    view: DraftView,
    section: Field,
    data: t.Any,
    *,
    notice: str = "",
    errors: t.Sequence[str] = (),
    base: str | None = None,
) -> str:
    """One section's form, its findings beside the fields and summarised on top.

    ``base`` is the fingerprint of the section as saved (default: of ``data``):
    a save from this page goes ahead if only other sections changed meanwhile.
    """
    pointer = f"/{section.key}"
    # Like a GOV.UK form, a section shows its problems once it has been saved.
    answered = section.key in view.draft.saved or bool(errors or notice)
    mine = [
        f for f in view.result.findings if answered and section_of(f) == section.key
    ]
    found = placed(mine, set(places(section, pointer, data)))
    summary = _summary(
        [(e, "") for e in errors]
        + [
            (f"{f.message}", field_id(_place_of(f, found)))
            for f in mine
            if f.severity is not Severity.INFO
        ]
    )
    top = (
        findings_html(pointer, found.get(pointer, ())) if section.kind != "list" else ""
    )
    heading_id = f' id="{esc(field_id(pointer))}"' if section.kind == "group" else ""
    number = view.sections.index(section) + 1
    body = (
        f'<p><a href="{esc(view.home)}">Back to the sections</a></p>\n'
        f"{summary}"
        + (f'<p class="notice" role="status">{esc(notice)}</p>\n' if notice else "")
        + f'<span class="hint">Section {number} of {len(view.sections)}</span>'
        f"<h1{heading_id}>{esc(section.title)}</h1>\n"
        f'<p class="hint">{esc(section.hint)}</p>{top}'
        f'<form method="post" action="{esc(view.home)}/{esc(section.key)}" novalidate>'
        f'<input type="hidden" name="version" value="{view.draft.version}">'
        f'<input type="hidden" name="base" value="{esc(base or digest(data))}">'
        '<button type="submit" name="save" value="stay" class="default-button"'
        ' tabindex="-1" aria-hidden="true">Save</button>'
        + _body(section, pointer, data, found)
        + '<button type="submit" name="next" value="1">Save and continue</button>'
        '<button type="submit" class="secondary" name="save" value="stay">Save'
        " and check</button></form>"
    )
    title = ("Error: " if summary else "") + section.title
    return page(title, body, view.base)


def _body(
    section: Field, pointer: str, data: t.Any, found: dict[str, list[Finding]]
) -> str:
    if section.kind == "group":
        inner = data if isinstance(data, dict) else {}
        return "".join(
            render(c, f"{pointer}/{c.key}", inner.get(c.key), found)
            for c in section.children
        )
    return render(section, pointer, data, found)


def _place_of(finding: Finding, found: dict[str, list[Finding]]) -> str:
    return next(
        (p for p, fs in found.items() if finding in fs), finding.location.pointer
    )


def _summary(problems: t.Sequence[tuple[str, str]]) -> str:
    if not problems:
        return ""
    items = "".join(
        f'<li><a href="#{esc(target)}">{esc(text)}</a></li>'
        if target
        else f"<li>{esc(text)}</li>"
        for text, target in problems
    )
    return (
        '<div class="error-summary" role="alert" aria-labelledby="error-heading"'
        ' tabindex="-1">\n<h2 id="error-heading">There is a problem</h2>\n'
        f"<ul>{items}</ul>\n</div>\n"
    )
