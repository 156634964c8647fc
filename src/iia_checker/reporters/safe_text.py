"""Text from submissions made harmless for each place a report shows it.

Project ids, titles, JSON keys, workbook cells (the reader decodes ``_x001B_``) and
file names come from files anyone can write, and each output can be fooled in its
own way: a terminal obeys escape sequences (retitle the window, write the clipboard
with OSC 52, clear the screen), a carriage return or newline fakes a report line,
right-to-left overrides reorder what a reader sees, Markdown turns text into links,
images and ``@team`` mentions, a GitHub workflow command ends at a newline, XML 1.0
forbids some characters outright, and a spreadsheet runs a cell starting with ``=``.
Every reporter passes every data-derived string through one function here, at the
point where the string enters its output.

**Shown, never obeyed.** A character that acts instead of being read (Unicode
categories Cc, Cf, Cs, Zl and Zp: C0 and C1 controls, DEL, bidi embeddings,
overrides, isolates and marks, zero-width characters, the soft hyphen, the byte
order mark, tag characters, line and paragraph separators, lone surrogates; and
the non-characters U+FFFE and U+FFFF) is written in a visible form: its Unicode
control picture where there is one (ESC ``␛``, LF ``␊``, CR ``␍``, tab ``␉``, DEL
``␡``), otherwise its code point as ``<U+202E>``. Formats whose values may span
lines (XML, HTML, spreadsheet cells, SARIF, Markdown as ``<br>``) keep tab, LF and
CR; the terminal and GitHub workflow commands show them too, so a value stays on
its line. JSON keeps every value exactly and escapes them as ``\\u202e`` instead.
Which characters act, how they are found fast and shown: ``acting``.
"""

from __future__ import annotations

import html as html_module
import re
import typing as t

from iia_checker.reporters.acting import (
    RAW_IN_JSON,
    SHOWN,
    SHOWN_BUT_LAYOUT,
    acting_astral,
    picture,
)

#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS: t.Final = 32_767


def visible(value: str, *, keep_layout: bool = False) -> str:
    """``value`` with every character that acts written in its visible form."""
    pattern = SHOWN_BUT_LAYOUT if keep_layout else SHOWN
    return pattern.sub(picture, value)


def terminal(value: str) -> str:
    """One line for a terminal or a text report: nothing acts, nothing breaks it."""
    return SHOWN.sub(picture, value)


def line_opening(value: str) -> str:
    """``terminal(value)`` for a value a report line begins with, in quotes when it
    is empty or has a space at either end: a file named " " would otherwise start
    its line indented, read as part of the result before it."""
    shown = terminal(value)
    if shown and not shown[0].isspace() and not shown[-1].isspace():
        return shown
    return f'"{shown}"'


# --- Markdown (GitHub Flavored Markdown, as cmark-gfm renders it) ---------------
#: A mention or an email's domain (``@team``, ``a@b.org``), an issue reference
#: (``#12``, ``GH-12``), what makes a bare address an autolink (``://`` after a
#: scheme, ``www.``) and the characters to escape. Each alternative starts with a
#: literal, so the regex engine skips ahead to the next candidate quickly.
_MARKDOWN_TOKEN: t.Final = re.compile(
    r"@\w[\w./-]*|@(?=[\r\n])|#\d+|GH-\d+|gh-\d+|://|www\.|WWW\.|\\|\||`|\[|\]|&|<|>"
)
_MARKDOWN_CHARS: t.Final = {
    # An @ before a line break: a reader joining the lines must not see a mention.
    "@": "`@`",
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "[": "\\[",
    "]": "\\]",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}


#: What starts a block when a value opens a line (a paragraph after a blank line):
#: indentation (code), ``#`` ``-`` ``+`` ``*`` ``>`` ``=`` ``_`` ``~`` and ``1.``.
_BLOCK_START: t.Final = re.compile(r"^(?:([#+*>=_~-])|(\d{1,9})([.)]))")


def _markdown_block_start(match: re.Match[str]) -> str:
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def _markdown_token(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) == 1:
        return _MARKDOWN_CHARS[text]
    if text == "://":
        return "\\://"
    if text.endswith("."):
        return text[:-1] + "\\."
    return f"`{text}`"


def markdown(value: str) -> str:
    """One line of inline Markdown (a table cell, a heading) that is only text.

    No link, image, autolink, raw HTML, entity, code span or mention comes from
    ``value``: ``[ ] < > & ` \\ |`` are escaped, ``://`` and ``www.`` are broken
    with a backslash, ``@name`` and ``#12`` become code spans (GitHub neither links
    nor notifies inside code), and nothing at its start can open a block (heading,
    list, quote, code). A line break in ``value`` becomes ``<br>``.
    """
    text = _MARKDOWN_TOKEN.sub(_markdown_token, visible(value, keep_layout=True))
    text = _BLOCK_START.sub(_markdown_block_start, text.lstrip(" \t"), count=1)
    return "<br>".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


# --- GitHub Actions workflow commands (actions/toolkit command.ts) -------------
def _github_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_message(lines: t.Iterable[str]) -> str:
    """A workflow command's message: ``lines`` shown one below the other.

    Each line is made one terminal line first, so a newline inside a value neither
    ends the command (which would let ``::error::`` or ``::stop-commands::`` in
    data start one) nor fakes a line of the annotation.
    """
    lines = list(lines)
    if not all(map(str.isprintable, lines)):  # one C-speed pass for the usual case
        lines = list(map(terminal, lines))
    # Each line is one line now, so the only line breaks are those joining them.
    return _github_escape("\n".join(lines))


def github_property(value: str) -> str:
    """A workflow command's property (``file``, ``title``): also ``:``, ``,``."""
    return github_message([value]).replace(":", "%3A").replace(",", "%2C")


# --- Markup: XML 1.0 and HTML ---------------------------------------------------
def xml(value: str) -> str:
    """Text or attribute content a JUnit reader shows: valid XML 1.0, nothing acts.

    The XML writer escapes markup; this leaves no character XML 1.0 forbids (C0
    controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF).
    """
    return SHOWN_BUT_LAYOUT.sub(picture, value)


def xml_line(value: str) -> str:
    """One line of XML text, or an attribute a reader shows as a name or message.

    As ``xml``, and tab and line breaks are shown too, so a value cannot add lines.
    """
    return SHOWN.sub(picture, value)


def html(value: object) -> str:
    """HTML text or attribute content: markup escaped, quotes too, nothing acts."""
    value = str(value)
    if not value.isprintable():  # skip the call in the common case: every table cell
        value = SHOWN_BUT_LAYOUT.sub(picture, value)
    return html_module.escape(value, quote=True)


# --- SARIF message text (SARIF 2.1.0 §3.11.6) ------------------------------------
_SARIF_BRACKET: t.Final = re.compile(r"(\\*)([\[\]])")


def sarif(value: str) -> str:
    """A SARIF ``message.text``: plain text whose ``[text](target)`` is not a link.

    SARIF plain-text messages may embed links as ``[text](target)`` and escape a
    literal bracket with ``\\`` (§3.11.6); viewers such as GitHub code scanning
    render them, so every bracket from data is escaped (and the backslashes
    before it, so they cannot undo that).
    """
    text = SHOWN_BUT_LAYOUT.sub(picture, value)
    if "[" not in text and "]" not in text:
        return text
    return _SARIF_BRACKET.sub(lambda m: m[1] * 2 + "\\" + m[2], text)


# --- JSON ------------------------------------------------------------------------
def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    if not acting_astral(code):
        return match.group()
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(encoded: str) -> str:
    """JSON text whose strings hold no raw character that acts: ``\\u202e`` instead.

    The encoder already escapes C0 controls; DEL, C1 controls, format characters
    and lone surrogates would pass raw (and a lone surrogate cannot even be
    written as UTF-8). Outside strings JSON text is ASCII, so escaping them
    wherever they are keeps every value exact.
    """
    if encoded.isascii():  # raw C0 here is only layout; DEL is the one to escape
        return encoded if "\x7f" not in encoded else encoded.replace("\x7f", "\\u007f")
    return RAW_IN_JSON.sub(_json_escape, encoded)


# --- Spreadsheet cells: XLSX and CSV ----------------------------------------------
#: OWASP "CSV injection": a cell starting with one of these may run as a formula.
_FORMULA_START: t.Final = re.compile(r"^[=+\-@\t\r]")


def spreadsheet(value: str) -> str:
    """A cell's text: nothing acts, never a formula, at most Excel's 32,767 characters.

    A character XML forbids would also make a workbook corrupt, so it is shown
    before anything else; a text starting like a formula gets a leading ``'``.
    """
    clean = SHOWN_BUT_LAYOUT.sub(picture, value)
    if _FORMULA_START.match(clean):
        clean = "'" + clean
    return clean[:MAX_CELL_CHARS]
