"""HTML of the form's fields, each with its findings beside it (GOV.UK patterns).

A question is a label, its hint, its findings and its control; yes/no and choices
are radios or checkboxes in a fieldset whose legend is the question; a list is a
fieldset of numbered items, each with its own remove button, and an add button.
Every id is ``f`` + the value's JSON pointer, so an error summary links to it.
Every value goes through ``esc``.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from iia_checker.model.findings import Finding, Severity
from iia_checker.reporters.html import esc
from iia_checker.web.drafts.form import MAX_RADIOS, Field, choice_label

Placed = t.Mapping[str, t.Sequence[Finding]]


def field_id(pointer: str) -> str:
    """The id of the control (or first control) for ``pointer``."""
    return "f" + pointer


def render(field: Field, pointer: str, value: t.Any, found: Placed) -> str:
    """One field of the form at ``pointer`` holding ``value``."""
    if field.kind == "group":
        inner = value if isinstance(value, dict) else {}
        body = "".join(
            render(c, f"{pointer}/{c.key}", inner.get(c.key), found)
            for c in field.children
        )
        return _fieldset(field, pointer, found, body, "group")
    if field.kind == "list":
        return _list(field, pointer, value, found)
    if field.kind in ("yesno", "choices") or (
        field.kind == "choice" and len(field.choices) <= MAX_RADIOS
    ):
        return _fieldset(field, pointer, found, _options(field, pointer, value), "")
    return _question(field, pointer, value, found)


def findings_html(pointer: str, findings: t.Sequence[Finding]) -> str:
    """The findings at one place, in the reports' words, with what to do."""
    if not findings:
        return ""
    items = "".join(
        f'<li class="finding sev-{f.severity.value}"><strong>'
        f"{esc(_SEVERITY[f.severity])}:</strong> {esc(f.message)}"
        + (
            f'<br><span class="todo">What to do: {esc(f.rule.remediation)}</span>'
            if f.rule.remediation
            else ""
        )
        + "</li>"
        for f in findings
    )
    return f'<ul class="findings" id="{esc(field_id(pointer))}-findings">{items}</ul>'


_SEVERITY: t.Final = {
    Severity.ERROR: "Error",
    Severity.WARNING: "Warning",
    Severity.INFO: "Note",
}


def _describe(field: Field, pointer: str, found: Placed) -> tuple[str, str]:
    """``aria-describedby`` and ``aria-invalid`` attributes for a control."""
    fid = field_id(pointer)
    ids = [f"{fid}-hint"] if field.hint else []
    mine = found.get(pointer, ())
    if mine:
        ids.append(f"{fid}-findings")
    invalid = any(f.severity is Severity.ERROR for f in mine)
    described = f' aria-describedby="{esc(" ".join(ids))}"' if ids else ""
    return described, (' aria-invalid="true"' if invalid else "")


def _head(field: Field, pointer: str, found: Placed) -> str:
    fid = field_id(pointer)
    hint = (
        f'<p class="hint" id="{esc(fid)}-hint">{esc(field.hint)}</p>'
        if field.hint
        else ""
    )
    return hint + findings_html(pointer, found.get(pointer, ()))


def _wrap(pointer: str, found: Placed, inner: str) -> str:
    problem = " has-findings" if found.get(pointer) else ""
    return f'<div class="field{problem}">{inner}</div>'


def _question(field: Field, pointer: str, value: t.Any, found: Placed) -> str:
    fid = esc(field_id(pointer))
    attrs = f'id="{fid}" name="{esc(pointer)}"' + "".join(
        _describe(field, pointer, found)
    )
    label = f'<label for="{fid}">{esc(field.title)}</label>'
    return _wrap(
        pointer,
        found,
        label + _head(field, pointer, found) + _control(field, attrs, value),
    )


def _control(field: Field, attrs: str, value: t.Any) -> str:
    if field.kind == "choice":
        options = "".join(
            f'<option value="{esc(str(c))}"'
            + (" selected" if c == value else "")
            + f">{esc(choice_label(c))}</option>"
            for c in field.choices
        )
        return f'<select {attrs}><option value="">Choose one</option>{options}</select>'
    if field.kind in ("textarea", "lines"):
        text = "\n".join(map(str, value)) if isinstance(value, list) else _text(value)
        return f'<textarea {attrs} rows="4">{esc(text)}</textarea>'
    kinds = {"date": "date", "email": "email", "url": "url"}
    mode = ' inputmode="numeric"' if field.kind in ("integer", "number") else ""
    kind = kinds.get(field.kind, "text")
    if kind == "date" and value is not None and not _iso_date(value):
        # A date field cannot show "31/02/2021"; a text field keeps it in view
        # beside its finding instead of blanking it.
        kind = "text"
    return f'<input type="{kind}" {attrs}{mode} value="{esc(_text(value))}">'


def _iso_date(value: t.Any) -> bool:
    try:
        return isinstance(value, str) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _text(value: t.Any) -> str:
    return "" if value is None else str(value)


def _options(field: Field, pointer: str, value: t.Any) -> str:
    multiple = field.kind == "choices"
    if field.kind == "yesno":
        choices: tuple[t.Any, ...] = (True, False)
    else:
        choices = field.choices
    chosen = value if isinstance(value, list) else [value]
    kind = "checkbox" if multiple else "radio"
    parts = []
    for number, choice in enumerate(choices):
        fid = field_id(pointer) if number == 0 else f"{field_id(pointer)}-{number}"
        posted = (
            {True: "yes", False: "no"}.get(choice, str(choice))
            if (isinstance(choice, bool))
            else str(choice)
        )
        checked = (
            " checked"
            if any(c == choice and type(c) is type(choice) for c in chosen)
            else ""
        )
        parts.append(
            f'<div class="option"><input type="{kind}" id="{esc(fid)}"'
            f' name="{esc(pointer)}" value="{esc(posted)}"{checked}>'
            f' <label for="{esc(fid)}">{esc(choice_label(choice))}</label></div>'
        )
    return "".join(parts)


def _fieldset(field: Field, pointer: str, found: Placed, body: str, kind: str) -> str:
    described, _ = _describe(field, pointer, found)
    legend = f"<legend>{esc(field.title)}</legend>"
    # A group or list is the target of its own findings' links; for radios and
    # checkboxes the first option is (GOV.UK error summary pattern).
    css = f' class="{kind}" id="{esc(field_id(pointer))}"' if kind else ""
    head = _head(field, pointer, found)
    inner = f"<fieldset{css}{described}>{legend}{head}{body}</fieldset>"
    return _wrap(pointer, found, inner)


def _list(field: Field, pointer: str, value: t.Any, found: Placed) -> str:
    items = value if isinstance(value, list) else []
    parts = [f'<input type="hidden" name="{esc(pointer)}#n" value="{len(items)}">']
    for index, item in enumerate(items):
        where = f"{pointer}/{index}"
        inner = item if isinstance(item, dict) else {}
        name = _item_name(field, index, inner)
        body = "".join(
            render(c, f"{where}/{c.key}", inner.get(c.key), found)
            for c in field.children
        )
        parts.append(
            f'<fieldset class="item" id="{esc(field_id(where))}"><legend>'
            f"{esc(name)}</legend>{findings_html(where, found.get(where, ()))}{body}"
            f'<button type="submit" class="secondary" name="remove"'
            f' value="{esc(where)}">Remove {esc(name)}</button></fieldset>'
        )
    if not items:
        parts.append(f"<p>No {esc(field.title.lower())} yet.</p>")
    parts.append(
        f'<button type="submit" class="secondary" name="add" value="{esc(pointer)}">'
        f"Add {'another' if items else 'an'} item to {esc(field.title)}</button>"
    )
    return _fieldset(field, pointer, found, "".join(parts), "list")


def _item_name(field: Field, index: int, item: dict[str, t.Any]) -> str:
    """``Equality impacts 3: Gender reassignment`` or ``Evidence 2``."""
    first = field.children[0] if field.children else None
    named = first is not None and first.kind == "choice" and item.get(first.key)
    suffix = f": {choice_label(item[first.key])}" if named and first else ""
    return f"{field.title} {index + 1}{suffix}"
