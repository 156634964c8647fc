"""The sanitiser itself: which characters it shows, how, and what it leaves alone.

The reporters' use of it is tested in ``test_hostile_outputs``.
"""

from __future__ import annotations

import json
import re
import sys
import typing as t
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from iia_checker.reporters import safe_text
from iia_checker.reporters.acting import SHOWN_RANGES

from .test_hostile_outputs import FORMULA_START, acting


def test_shown_characters_are_unicode_cc_cf_cs_zl_zp_and_noncharacters() -> None:
    wanted = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
        or code in (0xFFFE, 0xFFFF)
    }
    shown = {chr(code) for low, high in SHOWN_RANGES for code in range(low, high + 1)}
    # A newer Unicode adds format characters: the difference names them.
    assert shown == wanted, sorted(f"U+{ord(c):04X}" for c in wanted ^ shown)


def test_visible_forms_are_control_pictures_else_code_points() -> None:
    assert safe_text.terminal("\x1b]0;t\x07\r\n\t\x7f") == "␛]0;t␇␍␊␉␡"
    assert safe_text.terminal("a\u202eb\x9b\ud800") == "a<U+202E>b<U+009B><U+D800>"
    assert safe_text.xml("a\tb\nc\x0b") == "a\tb\nc␋"


PLAIN: t.Final = st.text(
    st.characters(
        categories=["L", "N", "Zs"], include_characters=".,;:()'\"/?!%", codec="utf-8"
    )
)


@given(PLAIN)
def test_ordinary_text_passes_every_context_unchanged(text: str) -> None:
    assert safe_text.terminal(text) == text
    assert safe_text.xml(text) == text
    assert safe_text.sarif(text) == text
    assert safe_text.json_text(text) == text
    assert safe_text.github_message([text]) == text.replace("%", "%25")
    if not text.startswith(FORMULA_START):
        assert safe_text.spreadsheet(text) == text[: safe_text.MAX_CELL_CHARS]


@given(st.text(st.characters(codec=None)))
def test_json_text_is_lossless(text: str) -> None:
    encoded = json.dumps(text, ensure_ascii=False)
    assert json.loads(safe_text.json_text(encoded)) == text
    assert not acting(safe_text.json_text(encoded), "")


@given(st.text(st.characters(codec=None)))
def test_terminal_text_is_one_line_that_nothing_acts_in(text: str) -> None:
    shown = safe_text.terminal(text)
    assert not acting(shown, "")
    assert len(shown.splitlines()) <= 1


def _reference_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    pictures = {**{c: chr(0x2400 + c) for c in range(0x20)}, 0x7F: "\u2421"}
    return pictures.get(code, f"<U+{code:04X}>")


_EXACT: t.Final = re.compile(
    "["
    + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in SHOWN_RANGES)
    + "]"
)
ANY_TEXT: t.Final = st.text(
    st.one_of(
        st.characters(codec=None),
        st.sampled_from([chr(a) for a, _ in SHOWN_RANGES]),
        st.sampled_from(["\U0001f600", "\U000e0041", "\U000e0100", "\t", "\n"]),
    )
)


@given(ANY_TEXT)
def test_the_fast_finder_shows_exactly_what_one_exact_class_finds(text: str) -> None:
    """ASCII, BMP and astral paths (``acting.Finder``) agree with the plain regex."""
    assert safe_text.terminal(text) == _EXACT.sub(_reference_picture, text)
    kept = _EXACT.sub(lambda m: m.group() if m.group() in "\t\n\r" else "#", text)
    assert safe_text.xml(text).count("\n") == kept.count("\n")


def test_a_markdown_value_cannot_open_a_block() -> None:
    for value, shown in [
        ("# Heading", "\\# Heading"),
        ("\t    code", "code"),
        ("- item", "\\- item"),
        ("12) item", "12\\) item"),
        ("> quote", "&gt; quote"),
        ("~~~", "\\~~~"),
    ]:
        assert safe_text.markdown(value) == shown


def test_every_shown_character_is_unprintable() -> None:
    """``acting.Finder`` returns printable text untouched without searching it."""
    printable = [
        f"U+{code:04X}"
        for low, high in SHOWN_RANGES
        for code in range(low, high + 1)
        if chr(code).isprintable()
    ]
    assert printable == []
