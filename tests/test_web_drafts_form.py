"""The form generated from the schema shows any answers and reads them back as given.

Property: for every section and any answers of the right kinds (any text, any
choices, any number of list items), rendering the section's controls and reading
back what a browser would send gives the same data. So a page saved unchanged
changes nothing, and no text, however odd, is lost or breaks the page.
"""

from __future__ import annotations

import typing as t

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import load_schema
from iia_checker.web.drafts.answers import MISSING, read_field
from iia_checker.web.drafts.controls import render
from iia_checker.web.drafts.form import Field, blank_draft, sections

from .drafts_forms import form_values

SCHEMA = load_schema(default_schema_path())
SECTIONS = sections(SCHEMA)
TEXT = (
    st.text(
        st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=30
    )
    .map(str.strip)
    .filter(bool)
)


def answers(field: Field, depth: int = 0) -> st.SearchStrategy[t.Any]:
    """Any answer ``field`` can hold (never an empty one, which means unanswered)."""
    if field.kind == "group":
        optional = {c.key: answers(c, depth + 1) for c in field.children}
        return st.fixed_dictionaries({}, optional=optional).filter(bool)
    if field.kind == "list":
        item = answers(Field("", field.title, "", "group", children=field.children))
        return st.lists(item, min_size=1, max_size=2 if depth else 3)
    if field.kind == "yesno":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "choices":
        chosen = st.lists(st.sampled_from(field.choices), min_size=1, unique=True)
        return chosen.map(lambda c: [x for x in field.choices if x in c])
    if field.kind == "lines":
        one = st.integers(0, 999) if field.integers else TEXT
        return st.lists(one, min_size=1, max_size=4)
    if field.kind in ("integer", "number"):
        return st.integers(-(10**9), 10**9)
    return TEXT


def round_trip(section: Field, value: t.Any) -> t.Any:
    pointer = f"/{section.key}"
    html = (
        f'<form method="post" novalidate>{render(section, pointer, value, {})}</form>'
    )
    posted: dict[str, list[str]] = {}
    for name, sent in form_values(html):
        posted.setdefault(name, []).append(sent)
    return read_field(section, pointer, posted, MISSING, max_items=100)


@st.composite
def section_answers(draw: st.DrawFn) -> tuple[Field, t.Any]:
    section = draw(st.sampled_from(SECTIONS))
    return section, draw(answers(section))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(section_answers())
def test_any_answers_survive_the_form(case: tuple[Field, t.Any]) -> None:
    section, value = case
    assert round_trip(section, value) == value


def test_an_untouched_section_stays_unanswered() -> None:
    for section in SECTIONS:
        assert round_trip(section, None) is MISSING, section.key


def test_every_schema_section_is_on_the_form() -> None:
    keys = [k for k in SCHEMA.raw["properties"] if k != "schema_version"]
    assert [s.key for s in SECTIONS] == keys
    draft = blank_draft(SCHEMA)
    characteristics = [i["characteristic"] for i in draft["equality_impacts"]]
    assert len(characteristics) == 9 and "sexual_orientation" in characteristics
