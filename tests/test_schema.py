from __future__ import annotations

import json
import re
import typing as t
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iia_checker.model import pointers
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.schema.names import field_name
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure

from .conftest import ROOT


def _walk(node: object, path: str = "") -> t.Iterator[tuple[str, dict[str, t.Any]]]:
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{path}/{name}", prop
            yield from _walk(prop, f"{path}/{name}")
        if isinstance(node.get("items"), dict):
            yield from _walk(node["items"], f"{path}/items")


def test_every_property_has_a_title_and_a_description(schema: SubmissionSchema) -> None:
    untitled = [p for p, prop in _walk(schema.raw) if not prop.get("title")]
    undescribed = [p for p, prop in _walk(schema.raw) if not prop.get("description")]
    assert untitled == []
    assert undescribed == []


def test_every_field_of_the_contract_is_in_the_schema(schema: SubmissionSchema) -> None:
    contract = ROOT / "docs" / "submission-contract.md"
    fields = {
        line.split("|")[1].strip().strip("`")
        for line in contract.read_text().splitlines()
        if line.startswith("| `")
    }
    known = {p.rsplit("/", 1)[-1] for p, _ in _walk(schema.raw)}
    assert fields - known == set()


def test_the_bundled_schema_is_a_valid_draft_2020_12_schema(
    schema: SubmissionSchema,
) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema.raw)


def test_a_broken_schema_file_is_a_schema_error(tmp_path: Path) -> None:
    from iia_checker.errors import SchemaError
    from iia_checker.schema.submission import load_schema

    broken = tmp_path / "schema.json"
    broken.write_text('{"type": "object", "properties": {"a": {"type": "strng"}}}')
    with pytest.raises(SchemaError, match="not a valid JSON Schema"):
        load_schema(broken)


def test_schema_version_is_required(schema: SubmissionSchema) -> None:
    assert "schema_version" in schema.raw["required"]


def _findings(
    schema: SubmissionSchema, data: dict[str, t.Any]
) -> list[tuple[str, str, str]]:
    submission = Submission("s.json", data, PlainLocator("s.json"))
    return [
        (f.rule_id, f.location.pointer, f.message)
        for f in validate_structure(submission, schema)
    ]


def test_the_valid_sample_has_no_structural_findings(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    assert _findings(schema, valid_data) == []


def test_an_enum_typo_lists_the_allowed_values_and_suggests_one(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["project"]["proposal_type"] = "stratgy"
    [(rule_id, pointer, message)] = _findings(schema, valid_data)
    assert (rule_id, pointer) == ("schema.enum", "/project/proposal_type")
    assert "Project, Proposal type" in message
    assert "Service change" in message and "service_change" not in message
    assert 'did you mean "strategy"' in message


def test_a_missing_required_field_is_named_by_its_title(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    del valid_data["project"]["summary_of_change"]
    [(rule_id, pointer, message)] = _findings(schema, valid_data)
    assert (rule_id, pointer) == ("schema.required", "/project/summary_of_change")
    assert message == "Project, Summary of change is required but empty"


def test_unknown_keys_are_reported_with_a_suggestion(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["equality_impact"] = []
    valid_data["project"]["x_local_code"] = "kept"
    [(rule_id, pointer, message)] = _findings(schema, valid_data)
    assert (rule_id, pointer) == ("schema.additional-properties", "/equality_impact")
    assert 'did you mean "equality_impacts"' in message


def test_one_problem_gives_one_finding_not_a_cascade(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["project"] = "see attached"
    assert [(r, p) for r, p, _ in _findings(schema, valid_data)] == [
        ("schema.type", "/project")
    ]


@pytest.mark.parametrize(
    ("pointer", "value", "rule_id", "words"),
    [
        ("/project/decision_date", "01/09/2021", "schema.format", "YYYY-MM-DD"),
        ("/project/strategic_decision", "yes", "schema.type", "true or false"),
        (
            "/project/lead_officer/email",
            "not an email",
            "schema.format",
            "email address",
        ),
        ("/evidence/0/url", "www.example.org", "schema.format", "https://"),
        ("/childrens_rights/uncrc_articles/0", 55, "schema.maximum", "maximum of 54"),
        ("/project/summary_of_change", "   ", "schema.pattern", "not only spaces"),
        (
            "/evidence/0/id",
            "E 1",
            "schema.pattern",
            "E followed by a number, such as E1",
        ),
    ],
)
def test_values_of_the_wrong_form_are_explained(
    schema: SubmissionSchema,
    valid_data: dict[str, t.Any],
    pointer: str,
    value: object,
    rule_id: str,
    words: str,
) -> None:
    *parents, last = pointer.strip("/").split("/")
    node: t.Any = valid_data
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    node[int(last) if isinstance(node, list) else last] = value
    [(found_rule, found_pointer, message)] = _findings(schema, valid_data)
    assert (found_rule, found_pointer) == (rule_id, pointer)
    assert words in message


def test_committed_schema_is_pretty_printed_json() -> None:
    text = (ROOT / "schemas" / "submission.schema.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_every_missing_field_of_a_section_is_one_finding(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    for name in ("summary_of_change", "service_area", "decision_date"):
        del valid_data["project"][name]
    [(rule_id, _, message)] = _findings(schema, valid_data)
    assert rule_id == "schema.required"
    assert message.startswith("Project: 3 required fields are empty: ")
    for title in ("Summary of change", "Service area", "Decision date"):
        assert title in message


def test_a_missing_section_lists_the_fields_it_needs(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    del valid_data["project"]["lead_officer"]
    [(_, _, message)] = _findings(schema, valid_data)
    assert "Lead officer name and Lead officer job title" in message


def test_a_section_a_condition_asks_for_is_required_whole(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    """A public-facing digital service needs its digital access answers whether
    or not the Access section was started; leaving it out never exempts it, and
    the one finding lists every field the section would need here."""
    del valid_data["access"]
    [(rule_id, pointer, message)] = _findings(schema, valid_data)
    assert (rule_id, pointer) == ("schema.required", "/access/alternative_channels")
    assert message == (
        "Access: 4 required fields are empty: Alternative channels, Assisted digital"
        " available, Digital exclusion considered and Channel change: Existing"
        " channel reduced"
    )
    valid_data["project"]["delivery"]["public_facing_digital"] = False
    assert _findings(schema, valid_data) == []


def test_a_final_report_needs_its_completion_date(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    """Without it neither "assessed before the decision" (EQ-005) nor the review
    date (EQ-129) can be judged, so leaving it out must not pass them."""
    del valid_data["assessment"]["date_completed"]
    assert _findings(schema, valid_data) == [
        (
            "schema.required",
            "/assessment/date_completed",
            "Assessment, Date completed is required but empty",
        )
    ]
    valid_data["assessment"]["date_completed"] = None
    [(rule_id, pointer, _)] = _findings(schema, valid_data)
    assert (rule_id, pointer) == ("schema.type", "/assessment/date_completed")
    valid_data["assessment"]["report_status"] = "interim"
    assert _findings(schema, valid_data) == []


def test_an_outcome_left_half_done_is_the_rules_warning_not_a_schema_error(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    """The catalogue makes a missing recommendation or "How the IIA shaped the
    proposal" EQ-130's warning; the schema must not make it an error."""
    del valid_data["outcome"]["how_iia_shaped_proposal"]
    del valid_data["outcome"]["recommendation"]
    assert _findings(schema, valid_data) == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=12,
)


def _places(node: object, at: str = "") -> t.Iterator[str]:
    yield at
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, pointers.join(at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, pointers.join(at, index))


@given(document=_JSON, data=st.data())
@settings(max_examples=300, deadline=None)
def test_with_value_puts_the_value_there_and_changes_nothing_else(
    document: object, data: st.DataObject
) -> None:
    place = data.draw(st.sampled_from(list(_places(document))))
    before = json.dumps(document)
    changed = pointers.with_value(document, place, {"new": 1})
    assert json.dumps(document) == before
    assert pointers.resolve(changed, place) == {"new": 1}
    for other in _places(document):
        if not pointers.is_within(other, place) and not pointers.is_within(
            place, other
        ):
            assert pointers.resolve(changed, other) == pointers.resolve(document, other)


def test_with_value_copies_only_the_way_to_the_place() -> None:
    data = {"a": {"b": [1, {"c": 2}]}, "d": [3]}
    changed = pointers.with_value(data, "/a/b/1/e", {})
    assert changed == {"a": {"b": [1, {"c": 2, "e": {}}]}, "d": [3]}
    assert data == {"a": {"b": [1, {"c": 2}]}, "d": [3]}
    assert t.cast(dict[str, t.Any], changed)["d"] is data["d"]
    assert pointers.with_value(data, "/a/x/y", 1) is pointers.MISSING
    assert pointers.with_value(data, "/d/5", 1) is pointers.MISSING


def test_list_items_are_numbered_from_one(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["equality_impacts"][1]["characteristic"] = "marriage"
    [(_, pointer, message)] = _findings(schema, valid_data)
    assert pointer == "/equality_impacts/1/characteristic"
    assert message.startswith("Equality impact 2, Characteristic is ")
    assert 'did you mean "marriage_civil_partnership"' in message


def test_a_pattern_is_described_in_words_never_as_a_regular_expression(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["project"]["id"] = "DF 2021 014"
    [(_, _, message)] = _findings(schema, valid_data)
    assert "such as DF-2021-014" in message
    assert not any(mark in message for mark in ("^", "$", "[A-Z", "{1,"))


def test_every_enum_value_and_pattern_has_words(schema: SubmissionSchema) -> None:
    def nodes(node: object) -> t.Iterator[dict[str, t.Any]]:
        if isinstance(node, dict):
            yield node
            for child in node.values():
                yield from nodes(child)
        elif isinstance(node, list):
            for child in node:
                yield from nodes(child)

    for node in nodes(schema.raw):
        if "enum" in node and isinstance(node["enum"][0], str):
            assert set(node["x-labels"]) == set(node["enum"])
            labels = [label.lower() for label in node["x-labels"].values()]
            assert len(set(labels)) == len(labels)
        if "pattern" in node:
            assert node["x-expected"]


def _field_pointers(schema: SubmissionSchema) -> list[tuple[str, ...]]:
    """Every field's path in the schema, "#" standing for a list item."""
    found: list[tuple[str, ...]] = []

    def walk(node: dict[str, t.Any], path: tuple[str, ...], depth: int) -> None:
        node = schema.deref(node)
        found.append(path)
        if depth > 6:
            return
        items = node.get("items")
        if isinstance(items, dict):
            walk(items, (*path, "#"), depth + 1)
        for key, child in schema.properties(node).items():
            walk(child, (*path, key), depth + 1)

    walk(schema.raw, (), 0)
    return found[1:]


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_every_field_is_named_in_words_with_items_counted_from_one(
    schema: SubmissionSchema, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(_field_pointers(schema)))
    indexes = data.draw(st.lists(st.integers(0, 98), min_size=8, max_size=8))
    tokens = [str(indexes.pop()) if token == "#" else token for token in path]
    name = field_name(schema, "/" + "/".join(tokens))
    assert "_" not in name and "/" not in name and name[0].isupper()
    for token in tokens:
        if token.isdigit():  # item n is shown as n + 1
            assert re.search(rf"\b{int(token) + 1}\b", name), name
    assert not re.search(r"\b0\b", name), name


def test_several_values_in_one_item_are_never_guessed_down_to_one(
    schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["project"]["boards"] = ["Digital First, Hub and Spoke"]
    [(rule_id, _, message)] = _findings(schema, valid_data)
    assert rule_id == "schema.enum"
    assert "did you mean" not in message
    assert "several values, digital_first and hub_and_spoke" in message


def test_empty_fields_of_one_sub_group_are_named_under_it_once(
    schema: SubmissionSchema,
) -> None:
    """A sub-group's fields come under its name once; a lone one reads as the
    form labels it ("Lead officer: ..."), never "Use of data, A, Use of data, B"."""
    data = json.loads(
        (ROOT / "samples" / "valid" / "digital-appointments.json").read_text()
    )
    for key in ("personal_data", "profiling"):
        data["project"]["data_use"].pop(key)
    data["project"]["delivery"].pop("channels_before")
    data["project"].pop("decision_maker")
    submission = Submission("s.json", data, PlainLocator("s.json"))
    [message] = [f.message for f in validate_structure(submission, schema)]
    assert message == (
        "Project: 4 required fields are empty: Decision maker; Use of data:"
        " Personal data and Profiling; Delivery: Channels before"
    )
