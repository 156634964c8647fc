from __future__ import annotations

import json
import textwrap
import typing as t
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from iia_checker.errors import RulesetError
from iia_checker.operators import OPERATORS
from iia_checker.ruleset.json_schema import rule_json_schema
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.schema.submission import SubmissionSchema

from .conftest import ROOT

GOOD = """\
id: EQ-900
title: A rule for tests
severity: warning
boards: [digital-first]
tags: [equality]
references: [Equality Act 2010 s.149]
description: Why this matters, in more than twenty characters.
remediation: What to do about it, in more than twenty characters.
check: {field: project.title, length: {min: 10}}
message: "The title {value} is {length} characters long."
examples:
  pass: [{project: {title: "A long enough title"}}]
  fail: [{project: {title: "Short"}}]
"""


def problems(
    schema: SubmissionSchema, tmp_path: Path, text: str, name: str = "EQ-900.yaml"
) -> list[str]:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset([tmp_path], schema)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def test_a_good_rule_loads(schema: SubmissionSchema, tmp_path: Path) -> None:
    (tmp_path / "EQ-900.yaml").write_text(GOOD)
    [rule] = load_ruleset([tmp_path], schema).rules
    assert rule.info.id == "EQ-900"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: A rule",
            "tittle: A rule",
            ['EQ-900.yaml:2: /tittle: unknown key "tittle" (did you mean "title"?)'],
        ),
        (
            "check: {field: project.title,",
            "check: {field: project.titel,",
            [
                'EQ-900.yaml:9: /check/field: unknown submission field "titel" (did you mean "title"?)'
            ],
        ),
        (
            "length: {min: 10}",
            "lenght: {min: 10}",
            [
                'EQ-900.yaml:9: /check/lenght: unknown operator "lenght" (did you mean "length"?)'
            ],
        ),
        (
            "length: {min: 10}",
            "length: {min: ten}",
            [
                "EQ-900.yaml:9: /check/length/min: Input should be a valid number, unable to parse string as a number"
            ],
        ),
        (
            "{length} characters",
            "{lenght} characters",
            [
                'EQ-900.yaml:10: /message: unknown placeholder "{lenght}" (did you mean "{length}"?)'
            ],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {field: project.proposal_type, equals: stratgy}",
            [
                'EQ-900.yaml:9: /check/equals: "stratgy" is not an allowed value of "project.proposal_type" (did you mean "strategy"?)'
            ],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {field: project.boards, length: {min: 10}}",
            [
                'EQ-900.yaml:9: /check/length: length needs a field of type string, but "project.boards" is array'
            ],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {field: evidence.type, equals: x}",
            [
                'EQ-900.yaml:9: /check/field: "evidence" is a list: use for_each or count with where to look inside it'
            ],
        ),
        (
            "length: {min: 10}}",
            'length: {min: 10}, message: "Title {lenght} is short"}',
            [
                'EQ-900.yaml:9: /check/message: unknown placeholder "{lenght}" (did you mean "{length}"?)'
            ],
        ),
        (
            "length: {min: 10}}",
            "length: {min: 10}, if_present: maybe}",
            ["EQ-900.yaml:9: /check/if_present: if_present is true or false"],
        ),
        (
            "id: EQ-900",
            "id: EQ-901",
            ['EQ-900.yaml:1: /id: id "EQ-901" must match the file name "EQ-900"'],
        ),
        (
            "severity: warning",
            "severity: fatal",
            ["EQ-900.yaml:3: /severity: Input should be 'error', 'warning' or 'info'"],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {field: project.title, length: {min: 10}, equals: x}",
            [
                "EQ-900.yaml:9: /check: give one operator per condition (found length, equals); combine with all/any"
            ],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {if_present: true}",
            [
                "EQ-900.yaml:9: /check: a condition is a field and an operator: {field: ..., equals: ...}"
            ],
        ),
        (
            "check: {field: project.title, length: {min: 10}}",
            "check: {field: project.title}",
            [
                "EQ-900.yaml:9: /check: a field needs an operator, such as non_empty: true"
            ],
        ),
    ],
)
def test_rule_file_mistakes_name_the_line_and_pointer(
    schema: SubmissionSchema, tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in GOOD
    found = problems(schema, tmp_path, GOOD.replace(old, new))
    assert [p.split("; this rule offers")[0] for p in found] == expected


def test_yaml_aliases_and_python_tags_are_refused(
    schema: SubmissionSchema, tmp_path: Path
) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert problems(schema, tmp_path, bomb) == [
        "EQ-900.yaml:2: /: aliases (*name) are not allowed in rule files; write the value out"
    ]
    tagged = "id: !!python/object/apply:os.system [echo hi]\n"
    assert problems(schema, tmp_path, tagged, "EQ-901.yaml") == [
        "EQ-900.yaml:2: /: aliases (*name) are not allowed in rule files; write the value out",
        "EQ-901.yaml:1: /: tags such as !!python/object are not allowed; rule files are plain data",
    ]


def test_broken_yaml_and_deep_nesting_are_one_line_each(
    schema: SubmissionSchema, tmp_path: Path
) -> None:
    assert problems(schema, tmp_path, "id: [unclosed\n")[0].startswith(
        "EQ-900.yaml:2: /: not valid YAML"
    )
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems(schema, tmp_path, deep, "EQ-900.yaml")[0].startswith("EQ-900.yaml")


def test_duplicate_ids_are_reported(schema: SubmissionSchema, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "EQ-900.yaml").write_text(GOOD)
    (tmp_path / "b" / "EQ-900.yaml").write_text(GOOD)
    with pytest.raises(RulesetError) as caught:
        load_ruleset([tmp_path], schema)
    assert any('duplicate rule id "EQ-900"' in str(p) for p in caught.value.problems)


def test_committed_rule_schema_is_current() -> None:
    committed = json.loads(
        (ROOT / "schemas" / "rule.schema.json").read_text(encoding="utf-8")
    )
    assert committed == rule_json_schema(), (
        "run: iia-check rules schema > schemas/rule.schema.json"
    )


def test_every_bundled_rule_file_validates_against_the_rule_schema() -> None:
    validator = Draft202012Validator(rule_json_schema())
    for path in sorted((ROOT / "rules").rglob("EQ-*.yaml")):
        errors = [
            e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))
        ]
        assert errors == [], path


def test_selection_by_board_tag_and_glob(ruleset: Ruleset) -> None:
    ids = {r.info.id for r in ruleset.rules}
    assert {r.info.id for r in ruleset.select(include=["EQ-02*"]).rules} == {
        i for i in ids if i.startswith("EQ-02")
    }
    assert "EQ-020" not in {r.info.id for r in ruleset.select(exclude=["EQ-020"]).rules}
    for rule in ruleset.select(boards=["hub-and-spoke"]).rules:
        assert "hub-and-spoke" in rule.info.boards
    for rule in ruleset.select(tags=["equality"]).rules:
        assert "equality" in rule.info.tags


def test_rules_use_only_safe_yaml() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    assert "yaml.load(" not in source
    assert "eval(" not in source and "exec(" not in source


def _operators_in(node: object) -> t.Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in OPERATORS or key in ("all", "any", "not", "for_each"):
                yield key
            yield from _operators_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _operators_in(item)


def test_the_bundled_rules_use_every_operator(ruleset: Ruleset) -> None:
    used: set[str] = set()
    for rule in ruleset.rules:
        used.update(_operators_in(rule.definition.when))
        used.update(_operators_in(rule.definition.check))
    assert {*OPERATORS, "all", "any", "not", "for_each"} - used == set()
    assert len(ruleset.rules) >= 15
