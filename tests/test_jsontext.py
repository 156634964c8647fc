"""The report JSON writer: same data as ``json.dumps``, one line per record."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from iia_checker.reporters import jsontext

from .conftest import Run

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(VALUES)
def test_any_value_reads_back_the_same(value: object) -> None:
    text = jsontext.dumps(value)
    assert text.endswith("\n")
    assert json.loads(text) == value


def test_records_of_inner_lists_are_one_line_and_outer_levels_indented() -> None:
    report = {
        "summary": {"findings": {"error": 1}},
        "submissions": [{"findings": [{"rule_id": "EQ-001", "location": {"a": 1}}]}],
    }
    lines = jsontext.dumps(report).splitlines()
    assert '  "summary": {' in lines
    assert '    "findings": {"error": 1}' in lines
    assert '        {"rule_id": "EQ-001", "location": {"a": 1}}' in lines


def test_every_finding_of_a_report_is_one_line(run: t.Callable[..., Run]) -> None:
    sample = Path(__file__).parent.parent / "samples" / "deficient"
    text = run("check", str(sample), "-f", "json").stdout
    report = json.loads(text)
    findings = [f for s in report["submissions"] for f in s["findings"]]
    lines = set(text.splitlines())
    assert len(findings) > 50
    for finding in findings:
        one_line = json.dumps(finding, ensure_ascii=False, separators=(", ", ": "))
        assert " " * 8 + one_line in lines or " " * 8 + one_line + "," in lines


RECORDS = st.lists(st.dictionaries(st.text(max_size=5), VALUES, max_size=3), max_size=3)


@given(VALUES, RECORDS)
def test_records_made_while_written_give_the_same_text_as_a_list(
    head: object, items: list[object]
) -> None:
    as_list = {"head": head, "submissions": items}
    lazy = {"head": head, "submissions": jsontext.Items(iter(items))}
    assert "".join(jsontext.chunks(lazy)) == jsontext.dumps(as_list)
