"""The compiled validator's problems give the same findings as the reference's."""

from __future__ import annotations

import copy
import json
import typing as t
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.resources import default_schema_path
from iia_checker.schema.fast_problems import fast_problems
from iia_checker.schema.messages import _PRIORITY, explain, structural_findings
from iia_checker.schema.problems import Problem, reference_problems
from iia_checker.schema.submission import load_schema

from .conftest import SAMPLES
from .test_schema_quick import VALUES, mutated, paths

SCHEMA = load_schema(default_schema_path())
VALID = json.loads((SAMPLES / "valid" / "digital-appointments.json").read_text())


@st.composite
def drafts(draw: st.DrawFn) -> dict[str, t.Any]:
    """A mutated sample, some of its fields removed and unknown ones added."""
    data: dict[str, t.Any] = copy.deepcopy(draw(mutated()))
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.sampled_from(paths(data)))
        parent: t.Any = _at(data, where[:-1])
        if isinstance(parent, dict) and draw(st.booleans()):
            parent.pop(where[-1], None)
        elif isinstance(parent, dict):
            unknown = draw(st.sampled_from(["titel", "x-note", "evidence", "1"]))
            parent[unknown] = draw(VALUES)
    return data


def _at(data: object, where: tuple[t.Any, ...]) -> object:
    for token in where:
        data = data[token]  # type: ignore[index]
    return data


def _submission(data: dict[str, t.Any]) -> Submission:
    return Submission("s.json", data, PlainLocator("s.json"))


def _facts(problems: list[Problem]) -> list[tuple[str, str, str]]:
    """What the findings are written from, in the order they are met."""
    met = sorted(problems, key=lambda p: (p.pointer, _PRIORITY.get(p.keyword, 3)))
    return [(p.pointer, p.keyword, json.dumps([p.value, p.instance])) for p in met]


@settings(max_examples=300, deadline=None)
@given(drafts())
def test_fast_and_reference_problems_give_the_same_findings(
    data: dict[str, t.Any],
) -> None:
    fast = fast_problems(data, SCHEMA)
    assert fast is not None  # the bundled schema needs no reference validator
    reference = reference_problems(data, SCHEMA)
    assert _facts(fast) == _facts(reference)
    submission = _submission(data)
    findings = structural_findings(submission, SCHEMA)
    assert findings == explain(reference, submission, SCHEMA)


def test_problems_on_one_field_are_met_in_the_reference_order() -> None:
    # An emptied access section of a public-facing digital service: the three
    # fields allOf requires are met before the one the section itself requires.
    data = copy.deepcopy(VALID)
    data["project"]["delivery"]["public_facing_digital"] = True
    data["access"] = {}
    fast = fast_problems(data, SCHEMA)
    assert fast is not None
    assert _facts(fast) == _facts(reference_problems(data, SCHEMA))
    (finding,) = structural_findings(_submission(data), SCHEMA)
    assert finding.message == (
        "Access: 4 required fields are empty: Alternative channels, Assisted"
        " digital available, Digital exclusion considered and Channel change:"
        " Existing channel reduced"
    )


def test_a_keyword_the_messages_cannot_explain_goes_to_the_reference(
    tmp_path: Path,
) -> None:
    raw = {**SCHEMA.raw, "not": {"required": ["schema_version"]}}
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    schema = load_schema(path)
    data = copy.deepcopy(VALID)
    assert fast_problems(data, schema) is None
    (finding,) = structural_findings(_submission(data), schema)
    assert finding.rule_id == "schema.not"
